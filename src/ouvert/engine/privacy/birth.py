"""Birth dates: a date column under a birth header whose values are plausible birth dates, or
"né(e) le …" inside sentences."""

from __future__ import annotations

import re
from datetime import date

from ouvert.engine.privacy import cues
from ouvert.engine.privacy.base import DATE_TYPES, Column, Table
from ouvert.engine.privacy.findings import Finding
from ouvert.engine.privacy.mask import mask_date
from ouvert.engine.sql import quote_identifier

DATE_TEXT = (
    r"(?:[0-3]?[0-9][/.\-][01]?[0-9][/.\-](?:19|20)[0-9]{2}"
    r"|(?:19|20)[0-9]{2}[/.\-][01]?[0-9][/.\-][0-3]?[0-9])"
)
_BORN = re.compile(rf"\bn[ée]e?\s+le\s+{DATE_TEXT}", re.I)


class BirthDateDetector:
    kind = "date_naissance"
    stage = 1
    remedies = ["drop", "generalise", "mask"]

    def detect(self, column: Column, table: Table) -> Finding | None:
        if column.is_free_text:
            return self._in_text(column, table)
        if not column.cue(cues.BIRTH):
            return None
        name = quote_identifier(column.name)
        if column.type in DATE_TYPES:
            sql = (
                f"SELECT count_if(year({name}) BETWEEN 1900 AND ?), "  # noqa: S608
                f"list(DISTINCT CAST({name} AS VARCHAR))[1:3] FROM {table.sample}"
            )
            row = table.con.execute(sql, [date.today().year]).fetchone()
            plausible, examples = (int(row[0]), list(row[1] or [])) if row else (0, [])
        elif column.is_text:
            values = table.matching_values(column, rf"^\s*{DATE_TEXT}\s*$")
            plausible = sum(count for _, count in values)
            examples = [value for value, _ in values[:3]]
        else:
            return None
        if not plausible or plausible / max(column.sample_rows, 1) < 0.5:
            return None
        matches = table.scaled(column, plausible)
        return Finding(
            column=column.name,
            kind=self.kind,
            confidence=0.9,
            matches=matches,
            rows=column.rows,
            examples=[mask_date(str(value)) for value in examples],
            explanation=(
                f"La colonne « {column.label} » contient des dates de naissance "
                f"({matches} sur {column.rows}). L'année seule suffit le plus souvent."
            ),
            remedies=list(self.remedies),
            label=column.label,
        )

    def _in_text(self, column: Column, table: Table) -> Finding | None:
        values = table.matching_values(column, r"(?i)n[ée]e?\s+le\s+[0-9]")
        hits = [(value, count) for value, count in values if _BORN.search(value)]
        if not hits:
            return None
        count = table.scaled(column, sum(n for _, n in hits))
        examples = []
        for value, _ in hits[:3]:
            match = _BORN.search(value)
            if match:
                examples.append(mask_date(match.group(0)))
        return Finding(
            column=column.name,
            kind="texte_libre",
            confidence=0.8,
            matches=count,
            rows=column.rows,
            examples=examples,
            explanation=(
                f"Le texte de la colonne « {column.label} » mentionne des dates de naissance."
            ),
            remedies=["drop", "mask"],
            label=column.label,
            contains=[self.kind],
        )
