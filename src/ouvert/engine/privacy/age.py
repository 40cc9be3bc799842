"""Ages of persons: an "âge" column of whole numbers 0–120, in a table about persons."""

from __future__ import annotations

from ouvert.engine.privacy import cues
from ouvert.engine.privacy.base import INTEGER_TYPES, NUMBER_TYPES, Column, Table
from ouvert.engine.privacy.findings import Finding
from ouvert.engine.sql import quote_identifier

# Findings showing that the rows are persons (e-mails and phones may be an organisation's).
IDENTIFYING = (
    "nom_personne",
    "nir",
    "iban",
    "carte_bancaire",
    "date_naissance",
    "adresse_personne",
)
AGGREGATES = frozenset({"moyen", "moyenne", "median", "mediane", "tranche", "classe", "moyens"})


def about_persons(table: Table) -> bool:
    return any(finding.kind in IDENTIFYING for finding in table.findings)


class AgeDetector:
    kind = "age"
    stage = 4
    remedies = ["drop", "generalise"]

    def detect(self, column: Column, table: Table) -> Finding | None:
        if not column.cue(cues.AGE) or column.cue(AGGREGATES) or not about_persons(table):
            return None
        name = quote_identifier(column.name)
        if column.type in INTEGER_TYPES or column.type in NUMBER_TYPES:
            value = f"CAST({name} AS DOUBLE)"
        elif column.is_text:
            value = f"TRY_CAST(trim({name}) AS DOUBLE)"
        else:
            return None
        sql = (
            f"SELECT count_if({value} BETWEEN 0 AND 120 AND {value} = floor({value})) "  # noqa: S608
            f"FROM {table.sample}"
        )
        row = table.con.execute(sql).fetchone()
        ages = int(row[0]) if row else 0
        if not ages or ages / max(column.sample_rows, 1) < 0.8:
            return None
        matches = table.scaled(column, ages)
        return Finding(
            column=column.name,
            kind=self.kind,
            confidence=0.8,
            matches=matches,
            rows=column.rows,
            examples=["**"],
            explanation=(
                f"La colonne « {column.label} » donne l'âge de personnes nommées dans le même "
                "fichier. Des tranches d'âge suffisent le plus souvent."
            ),
            remedies=list(self.remedies),
            label=column.label,
        )
