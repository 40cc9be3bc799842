"""Birth dates: a date column under a birth header whose values are plausible birth dates; in a
table whose rows are people, a date column of any header whose years are those of living adults
(1920–2010, spread over decades); or "né(e) le …" inside sentences."""

from __future__ import annotations

import re
from datetime import date

from ouvert.engine.privacy import cues
from ouvert.engine.privacy.age import about_persons
from ouvert.engine.privacy.base import DATE_TYPES, Column, Table
from ouvert.engine.privacy.findings import Finding
from ouvert.engine.privacy.mask import mask_date
from ouvert.engine.sql import quote_identifier

DATE_TEXT = (
    r"(?:[0-3]?[0-9][/.\-][01]?[0-9][/.\-](?:19|20)[0-9]{2}"
    r"|(?:19|20)[0-9]{2}[/.\-][01]?[0-9][/.\-][0-3]?[0-9])"
)
# Headers of dates that are events, not births (an association's creation, a payment…).
_EVENT_WORDS = """
    creation inscription adhesion entree arrivee debut fin versement paiement decision
    deliberation seance vote signature maj modification publication attribution notification
    demande depot reception ouverture fermeture construction installation service acquisition
    achat vente deces mise jour releve mesure controle visite intervention livraison echeance
    validite expiration permis commande facture emission effet
"""
EVENTS = frozenset(_EVENT_WORDS.split())
BIRTH_YEARS = (1920, 2010)
_BORN = re.compile(rf"\bn[ée]e?\s+le\s+{DATE_TEXT}", re.I)


class BirthDateDetector:
    kind = "date_naissance"
    stage = 3
    remedies = ["drop", "generalise", "mask"]

    def detect(self, column: Column, table: Table) -> Finding | None:
        if column.is_free_text:
            return self._in_text(column, table)
        if not column.cue(cues.BIRTH):
            return self._in_context(column, table)
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

    def _in_context(self, column: Column, table: Table) -> Finding | None:
        """A date column of people's table whose years are those of people alive today."""
        if not about_persons(table) or column.cue(EVENTS):
            return None
        name = quote_identifier(column.name)
        if column.type in DATE_TYPES:
            year = f"year({name})"
        elif column.is_text:
            year = (
                f"CASE WHEN regexp_matches({name}, '^\\s*{DATE_TEXT}\\s*$') THEN "
                f"TRY_CAST(regexp_extract({name}, '(19|20)[0-9]{{2}}') AS INTEGER) END"
            )
        else:
            return None
        low, high = BIRTH_YEARS
        sql = (
            f"SELECT count_if(y BETWEEN {low} AND {high}), count(DISTINCT y), "  # noqa: S608
            f"quantile_disc(y, 0.75) - quantile_disc(y, 0.25), "
            f"list(DISTINCT CAST({name} AS VARCHAR))[1:3] "
            f"FROM (SELECT {year} AS y, {name} FROM {table.sample} WHERE {name} IS NOT NULL)"
        )
        row = table.con.execute(sql).fetchone()
        if not row or not row[0]:
            return None
        plausible, years, spread, examples = int(row[0]), int(row[1]), row[2] or 0, row[3] or []
        share = plausible / max(column.sample_rows, 1)
        if share < 0.8 or years < min(10, max(3, column.sample_rows // 3)) or spread < 8:
            return None
        matches = table.scaled(column, plausible)
        return Finding(
            column=column.name,
            kind=self.kind,
            confidence=0.75,
            matches=matches,
            rows=column.rows,
            examples=[mask_date(str(value)) for value in examples],
            explanation=(
                f"La colonne « {column.label} » contient des dates de {low} à {high}, étalées "
                "sur des décennies, dans un fichier qui identifie des personnes : ce sont "
                f"sans doute leurs dates de naissance ({matches} sur {column.rows}). L'année "
                "seule suffit le plus souvent."
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
