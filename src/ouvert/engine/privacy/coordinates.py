"""Precise coordinates attached to persons: latitude/longitude columns, "lat, lon" text or point
geometries, in a table that also identifies persons."""

from __future__ import annotations

from ouvert.engine.privacy import cues
from ouvert.engine.privacy.age import about_persons
from ouvert.engine.privacy.base import NUMBER_TYPES, Column, Table
from ouvert.engine.privacy.findings import Finding
from ouvert.engine.sql import quote_identifier


def _point_headers() -> str:
    """The first five bytes of a WKB point, as hex: byte order, then the type in that order.

    ISO WKB codes 1, 1001 (Z), 2001 (M), 3001 (ZM) and EWKB flags (Z, M, SRID) on type 1."""
    codes = [1, 1001, 2001, 3001]
    codes += [1 | flags for flags in (0x80000000, 0x40000000, 0xC0000000, 0x20000000)]
    codes += [1 | 0x20000000 | flags for flags in (0x80000000, 0x40000000, 0xC0000000)]
    heads = [f"01{code.to_bytes(4, 'little').hex()}" for code in codes]
    heads += [f"00{code.to_bytes(4, 'big').hex()}" for code in codes]
    return ", ".join(f"'{head.upper()}'" for head in heads)


POINT_HEADERS = _point_headers()
POINT_TEXT = r"^\s*\(?\s*-?[0-9]{1,3}[.,][0-9]{4,}\s*[,; ]\s*-?[0-9]{1,3}[.,][0-9]{4,}\s*\)?\s*$"


class CoordinatesDetector:
    kind = "coordonnees_personne"
    stage = 4
    remedies = ["generalise", "drop"]

    def detect(self, column: Column, table: Table) -> Finding | None:
        if not about_persons(table):
            return None
        name = quote_identifier(column.name)
        if column.is_geometry:
            # GEOMETRY and BLOB both cast to their WKB bytes; the header says the geometry's type
            # without decoding it (a polygon of 10 000 vertices costs no more than a point).
            text = (
                f"ST_AsText({name})"
                if column.type.startswith("GEOMETRY")
                else f"TRY(ST_AsText(ST_GeomFromWKB({name})))"
            )
            # Only points with four decimals or more (a few metres): a point rounded to about
            # 1 km (the generalise remedy) no longer locates a home.
            where = (
                f"CASE WHEN hex(CAST({name} AS BLOB)[1:5]) IN ({POINT_HEADERS}) "
                f"THEN regexp_matches({text}, '[0-9][.][0-9]{{4}}') ELSE false END"
            )
            what = "des géométries ponctuelles précises"
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
