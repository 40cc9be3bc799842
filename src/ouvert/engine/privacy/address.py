"""Postal addresses of individuals: an address column in a table that also names persons."""

from __future__ import annotations

from ouvert.engine.privacy import cues
from ouvert.engine.privacy.age import about_persons
from ouvert.engine.privacy.base import Column, Table
from ouvert.engine.privacy.findings import Finding
from ouvert.engine.privacy.mask import mask_words

STREET = (
    r"(?i)\b(?:rue|avenue|av|bd|boulevard|place|pl|all[ée]e|chemin|ch|impasse|imp|quai|route|rte"
    r"|cours|passage|square|r[ée]sidence|lotissement|lieu[- ]dit|hameau|faubourg|mont[ée]e"
    r"|sentier|cit[ée]|esplanade|voie|villa|domaine)\b"
)


# A long cell is an address, not a sentence, when it starts with a house number and a street:
# "12 bis chemin de Kerbriant 29000 Saint-Martin-des-Champs".
HOUSE = r"(?i)^\s*[0-9]{1,4}\s*(?:bis|ter|[a-d])?\s*,?\s*"


class AddressDetector:
    kind = "adresse_personne"
    stage = 4
    remedies = ["drop", "generalise", "mask"]

    def detect(self, column: Column, table: Table) -> Finding | None:
        if not column.is_text or not about_persons(table):
            return None
        pattern = HOUSE + STREET.removeprefix("(?i)") if column.is_free_text else STREET
        values = table.matching_values(column, pattern)
        streets = sum(count for _, count in values)
        share = streets / max(column.sample_rows, 1)
        if not (share >= 0.5 or (column.cue(cues.ADDRESS) and share >= 0.2)):
            return None
        matches = table.scaled(column, streets)
        return Finding(
            column=column.name,
            kind=self.kind,
            confidence=0.85 if column.cue(cues.ADDRESS) else 0.7,
            matches=matches,
            rows=column.rows,
            examples=[mask_words(value) for value, _ in values[:3]],
            explanation=(
                f"La colonne « {column.label} » contient des adresses, dans un fichier qui nomme "
                "des personnes : ce sont leurs adresses. Garder la commune ou le code postal "
                "suffit le plus souvent."
            ),
            remedies=list(self.remedies),
            label=column.label,
        )
