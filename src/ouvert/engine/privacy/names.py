"""People's names: a first-name lexicon from open data, the shapes of written names ("Jean
DUPONT", "DUPONT Jean", "Mme Martin"), column-name cues, and the context that makes a name public.

A column is flagged when its values look like persons' names, not organisations (legal-form words,
public places, a SIRET/SIREN/RNA number in the same row), and it is not a column of elected
officials (élu, rapporteur, maire…) nor part of a council's minutes.
"""

from __future__ import annotations

import re

from ouvert.engine.privacy import context, cues, people
from ouvert.engine.privacy.base import Column, Table
from ouvert.engine.privacy.findings import Finding
from ouvert.engine.privacy.lexicon import is_first_name, surnames
from ouvert.engine.privacy.mask import mask_words
from ouvert.engine.sql import quote_identifier
from ouvert.engine.text import fold

CIVILITIES = frozenset(
    [
        "m",
        "mr",
        "mme",
        "mmes",
        "mlle",
        "melle",
        "monsieur",
        "madame",
        "mademoiselle",
        "dr",
        "docteur",
        "me",
        "maitre",
        "pr",
    ]
)
PARTICLES = frozenset(
    [
        "de",
        "du",
        "des",
        "le",
        "la",
        "d",
        "van",
        "von",
        "da",
        "di",
        "ben",
        "el",
        "al",
        "dos",
        "del",
        "y",
    ]
)
# Header words of a table that records a council's sitting: names there are of elected officials.
SITTING = frozenset(
    [
        "procuration",
        "procurations",
        "pouvoir",
        "pouvoirs",
        "vote",
        "votes",
        "scrutin",
        "seance",
        "deliberation",
        "deliberations",
        "delib",
        "mandat",
        "nuance",
        "parti",
    ]
)
_NAME_WORD = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’\-]*\.?$")
_IN_TEXT = re.compile(
    r"(?<![\w.])(?:(?:M\.|Mme\.?|Mlle\.?|Mr\.?|Monsieur|Madame|Mademoiselle)\s+"
    r"(?!le\b|la\b|les\b|l'|du\b|de\b)[A-ZÀ-Ý][a-zà-ÿA-ZÀ-Ý'’\-]+(?:\s+[A-ZÀ-Ý][A-ZÀ-Ý'’\-]+)?"
    r"|[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?\s+[A-ZÀ-Ý]{2,}(?:[\s\-][A-ZÀ-Ý]{2,})?)\b"
)


def _clean(word: str) -> str:
    return fold(word).strip(".,;:()[]'\"’")


def name_shape(value: str) -> str | None:
    """ "strong", "weak" when the value is written like a person's name, else None."""
    value = value.strip()
    tokens = value.replace(",", " ").split()
    if not tokens or len(tokens) > 6 or any(char.isdigit() for char in value):
        return None
    if context.looks_like_organisation(value):
        return None
    folded = [_clean(token) for token in tokens]
    if folded[0] in CIVILITIES:
        rest = [t for t, f in zip(tokens[1:], folded[1:], strict=True) if f not in PARTICLES]
        if folded[1:2] in (["le"], ["la"], ["les"]) or not rest:
            return None
        return "strong" if all(_NAME_WORD.match(token) for token in rest) else None
    core = [t for t, f in zip(tokens, folded, strict=True) if f not in PARTICLES]
    if not 2 <= len(core) <= 4 or not all(_NAME_WORD.match(token) for token in core):
        return None
    if any(len(_clean(token)) < 2 and not token.endswith(".") for token in core):
        return None
    first = [is_first_name(_clean(token)) for token in core]
    if not any(first):
        return None
    upper = [token.isupper() for token in core]
    title = [token[:1].isupper() and not token.isupper() for token in core]
    if first[0] and title[0] and all(upper[1:]):
        return "strong"  # Jean DUPONT
    if first[-1] and title[-1] and all(upper[:-1]):
        return "strong"  # DUPONT Jean
    if (all(title) or all(upper) or value.islower()) and (first[0] or first[-1]):
        return "weak"  # Jean Dupont, JEAN DUPONT, jean dupont
    return None


def all_known(value: str) -> bool:
    """Every word is a known first name or surname (or a particle): "JEAN LE GALL"."""
    words = [_clean(token) for token in value.split()]
    return all(
        word in PARTICLES or is_first_name(word) or word in surnames() for word in words if word
    )


def single_first_name(value: str) -> bool:
    tokens = value.split()
    return 1 <= len(tokens) <= 2 and all(is_first_name(_clean(token)) for token in tokens)


def single_surname(value: str) -> bool:
    tokens = [t for t in value.split() if _clean(t) not in PARTICLES]
    return 1 <= len(tokens) <= 2 and any(_clean(token) in surnames() for token in tokens)


def is_sitting(table: Table) -> bool:
    """The table records a council's sitting or its deliberations."""
    return any(column.cue(SITTING) for column in table.columns.values())


def surname_header(column: Column) -> bool:
    words = column.words
    if not words or words[0] not in ("nom", "noms", "patronyme", "lastname", "surname"):
        return column.cue(frozenset({"nom de famille", "patronyme", "last name"}))
    rest = set(words) - {"nom", "noms", "patronyme", "lastname", "surname"}
    return (
        not rest
        or rest <= {"de", "famille", "usage", "naissance", "d"}
        or bool(column.cue(cues.PERSON))
    )


# Findings that show a table's rows are people (stage 1, before names are looked at).
IDENTIFIERS = ("nir", "iban", "carte_bancaire", "email", "telephone")


class NameDetector:
    kind = "nom_personne"
    stage = 2
    remedies = ["drop", "mask", "pseudonymise"]

    def detect(self, column: Column, table: Table) -> Finding | None:
        if not column.is_text or column.sample_rows == 0:
            return None
        if context.public_role_column(column) or is_sitting(table):
            return None
        if column.is_free_text:
            return self._in_text(column, table)
        rows = self._rows(column, table)
        total = sum(count for _, _, count in rows)
        strong = weak = plain = firsts = lastnames = organisations = 0
        examples: list[str] = []
        # Among public places, "Jean Moulin" is a school or a gymnasium: only strong shapes
        # ("M. DUPONT", "Jean DUPONT") count there. Among organisations (beneficiaries of
        # subsidies), a bare "Jean Dupont" without any organisation word is a private person.
        places = context.describes_places(table)
        shaped: list[str] = []  # cells written as a person's name: the ones a mask would hide
        for value, has_id, count in rows:
            if has_id:
                organisations += count
                continue
            shape = name_shape(value)
            if shape == "strong":
                strong += count
                shaped.append(value)
            elif shape == "weak":
                weak += count
                if not value.isupper() or all_known(value):
                    plain += count  # "PROPRETE URBAINE" is a budget line, not Urbaine Proprete
                if not places:
                    shaped.append(value)
            elif single_first_name(value):
                firsts += count
            elif context.looks_like_organisation(value):
                organisations += count
                continue
            elif single_surname(value):
                lastnames += count
            else:
                continue
            if shape and len(examples) < 3:
                examples.append(mask_words(value))
        if not total:
            return None
        if places:
            weak = 0
        person = strong + weak
        share = person / total
        person_cue = column.cue(cues.PERSON) or surname_header(column)
        confidence = 0.0
        # A few private persons among organisations (subsidies to associations and to people):
        # the column stays, those cells are masked (cell-level remedy).
        among = plain >= 3 and plain / total >= 0.03 and organisations / total >= 0.5
        if share >= 0.3 or (strong >= 2 and strong / total >= 0.02) or among:
            confidence = 0.9 if share >= 0.5 else 0.7
            if person_cue:
                confidence += 0.05
        elif column.cue(cues.FIRST_NAME) and firsts / total >= 0.5 and self._has_surnames(table):
            confidence, person = 0.85, firsts
            examples = [mask_words(v) for v, _, _ in rows[:3]]
        elif surname_header(column) and (lastnames + firsts + person) / total >= 0.4:
            named = lastnames + firsts + person
            if self._has_first_names(table) or lastnames / total >= 0.6:
                confidence, person = 0.75, named
                examples = [mask_words(v) for v, _, _ in rows[:3]]
        if not confidence:
            paired = self._paired(column, table)
            if paired is None:
                return None
            confidence, person, why = paired
            examples = [mask_words(v) for v, _, _ in rows[:3]]
            shaped = []
        else:
            why = (
                "prénoms connus, forme « Prénom NOM », sans forme juridique ni numéro SIRET ou "
                "RNA sur la ligne"
            )
        matches = table.scaled(column, person)
        return Finding(
            column=column.name,
            kind=self.kind,
            confidence=round(min(confidence, 1.0), 2),
            matches=matches,
            rows=column.rows,
            examples=examples,
            explanation=(
                f"La colonne « {column.label} » semble contenir des noms de personnes "
                f"({matches} cellule{'s' if matches > 1 else ''} sur {column.rows}) : {why}. "
                "Les noms d'élus, d'organisations et de lieux publics restent publiables."
            ),
            remedies=list(self.remedies),
            label=column.label,
            values=shaped if share < 0.5 and not table.sampled else [],
        )

    def _paired(self, column: Column, table: Table) -> tuple[float, int, str] | None:
        """A first-name or surname column found from its values, whatever its header, when the
        table also holds the other half of the name, an e-mail built from it, or identifiers."""
        profile = people.profiles(table).get(column.name)
        if profile is None:
            return None
        firsts = people.first_name_columns(table)
        surnames = [
            *people.surname_columns(table),
            *(c.name for c in table.columns.values() if c.is_text and surname_header(c)),
        ]
        identifiers = any(f.kind in IDENTIFIERS for f in table.findings)
        mailed = profile.mail_pairs >= 0.3
        if column.name in firsts:
            others = [name for name in surnames if name != column.name]
            if not (others or mailed or identifiers or table.found(self.kind)):
                return None
            why = "des prénoms, " + (
                "à côté d'une colonne de noms de famille"
                if others
                else "repris dans les adresses e-mail de la même ligne"
                if mailed
                else "dans un fichier qui identifie des personnes"
            )
            return 0.85 if others or mailed else 0.75, profile.first, why
        if column.name in people.surname_columns(table):
            others = [name for name in firsts if name != column.name]
            first_header = any(c.cue(cues.FIRST_NAME) for c in table.columns.values())
            if not (others or first_header or mailed or identifiers):
                return None
            named = max(profile.surname, profile.namelike)
            why = "des noms de famille, " + (
                "à côté d'une colonne de prénoms"
                if others or first_header
                else "repris dans les adresses e-mail de la même ligne"
                if mailed
                else "dans un fichier qui identifie des personnes"
            )
            return 0.85 if others or first_header or mailed else 0.7, named, why
        return None

    def _rows(self, column: Column, table: Table) -> list[tuple[str, bool, int]]:
        ids = [c for c in context.organisation_id_columns(table) if c.name != column.name]
        ids = [c for c in ids if c.name.lower() != "idattribuant" and c.as_text]
        name = quote_identifier(column.name)
        if ids:
            has_id = " OR ".join(
                f"nullif(trim({c.as_text}), '') IS NOT NULL" for c in ids if c.as_text
            )
        else:
            has_id = "false"
        sql = (
            f"SELECT {name}, ({has_id}) AS has_id, count(*) AS n FROM {table.sample} "  # noqa: S608
            f"WHERE {name} IS NOT NULL GROUP BY 1, 2 ORDER BY n DESC, 1 LIMIT 5000"
        )
        return [(str(v), bool(h), int(n)) for v, h, n in table.con.execute(sql).fetchall()]

    def _has_surnames(self, table: Table) -> bool:
        return any(
            surname_header(column) and column.is_text for column in table.columns.values()
        ) or bool(table.found(self.kind))

    def _has_first_names(self, table: Table) -> bool:
        return any(column.cue(cues.FIRST_NAME) for column in table.columns.values())

    def _in_text(self, column: Column, table: Table) -> Finding | None:
        hits = 0
        examples: list[str] = []
        values = table.values(column, limit=5000)
        total = sum(count for _, count in values)
        for value, count in values:
            if context.looks_like_organisation(value) and len(value) < 120:
                continue  # "Association X chez M. Y": the organisation's postal contact
            found = [
                m.group(0)
                for m in _IN_TEXT.finditer(value)
                if name_shape(m.group(0)) and not context.looks_like_organisation(m.group(0))
            ]
            if found:
                hits += count
                if len(examples) < 3:
                    examples.append(mask_words(found[0]))
        if hits < 2 and (not total or hits / total < 0.01):
            return None
        matches = table.scaled(column, hits)
        return Finding(
            column=column.name,
            kind="texte_libre",
            confidence=0.6 if hits / max(total, 1) < 0.1 else 0.75,
            matches=matches,
            rows=column.rows,
            examples=examples,
            explanation=(
                f"Le texte de la colonne « {column.label} » cite des personnes par leur nom "
                f"({matches} cellule{'s' if matches > 1 else ''} sur {column.rows})."
            ),
            remedies=["drop", "mask"],
            label=column.label,
            contains=[self.kind],
        )
