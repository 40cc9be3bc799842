"""Precise coordinates attached to persons: latitude/longitude columns, "lat, lon" text or point
geometries, in a table that also identifies persons."""

from __future__ import annotations

from ouvert.engine.privacy import cues
from ouvert.engine.privacy.age import about_persons
from ouvert.engine.privacy.base import NUMBER_TYPES, Column, Table
from ouvert.engine.privacy.findings import Finding
from ouvert.engine.sql import quote_identifier

# WKB geometry type 1 (point), little- and big-endian.
POINT_TYPES = "'\\x01\\x00\\x00\\x00'::BLOB, '\\x00\\x00\\x00\\x01'::BLOB"
POINT_TEXT = r"^\s*\(?\s*-?[0-9]{1,3}[.,][0-9]{4,}\s*[,; ]\s*-?[0-9]{1,3}[.,][0-9]{4,}\s*\)?\s*$"


class CoordinatesDetector:
    kind = "coordonnees_personne"
    stage = 2
    remedies = ["generalise", "drop"]

    def detect(self, column: Column, table: Table) -> Finding | None:
        if not about_persons(table):
            return None
        name = quote_identifier(column.name)
        if column.name == "geometry":
            where = f"{name} IS NOT NULL AND substr({name}, 2, 4) IN ({POINT_TYPES})"
            what = "des géométries ponctuelles"
        elif column.cue(cues.LATITUDE) or column.cue(cues.LONGITUDE):
            if column.type in NUMBER_TYPES:
                number = name
            elif column.is_text:
                number = f"TRY_CAST(replace(trim({name}), ',', '.') AS DOUBLE)"
            else:
                return None
            # Four decimals or more: a few metres, one house.
            where = (
                f"{number} BETWEEN -180 AND 180 "
                f"AND abs({number} * 1000 - round({number} * 1000)) > 1e-6"
            )
            what = "des latitudes ou longitudes précises"
        elif column.is_text and column.cue(cues.POINT):
            where = f"regexp_matches({name}, '{POINT_TEXT}')"
            what = "des points « latitude, longitude » précis"
        else:
            return None
        sql = f"SELECT count(*) FROM {table.sample} WHERE {where}"  # noqa: S608
        row = table.con.execute(sql).fetchone()
        points = int(row[0]) if row else 0
        if not points or points / max(column.sample_rows, 1) < 0.5:
            return None
        matches = table.scaled(column, points)
        return Finding(
            column=column.name,
            kind=self.kind,
            confidence=0.8,
            matches=matches,
            rows=column.rows,
            examples=[],
            explanation=(
                f"La colonne « {column.label} » contient {what}, dans un fichier qui identifie des "
                "personnes : elles situent leur domicile. Une maille d'environ 1 km (2 décimales) "
                "suffit le plus souvent."
            ),
            remedies=list(self.remedies),
            label=column.label,
        )
