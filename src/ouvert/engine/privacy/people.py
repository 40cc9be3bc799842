"""Which columns of a table hold people's names, read from their values whatever the header.

Each short text column gets a profile from its 1 000 most frequent distinct values: cells
written as full names ("Jean DUPONT"), first names alone, known surnames, cells written like a
name (one to four alphabetic words, capitalised), commune names, organisations. A column is then
a *first-name column*, a *surname column* or neither; the two pair up (a table with both lists
people), and an e-mail on the same row built from the value (jean.dupont@…) confirms a name the
lexicons do not know.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ouvert.engine.privacy import context
from ouvert.engine.privacy.base import Column, Table
from ouvert.engine.privacy.lexicon import is_commune, is_first_name, is_surname
from ouvert.engine.sql import quote_identifier
from ouvert.engine.text import fold

PROFILED_VALUES = 1000  # distinct values per column: enough to tell, cheap in Python
_NAME_TOKEN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’\-]*$")
_PARTICLE_WORDS = "de du des le la d van von da di ben el al dos del y mac mc saint st"
PARTICLES = frozenset(_PARTICLE_WORDS.split())


@dataclass
class NameProfile:
    """What a column's cells look like, counted in cells of the sample."""

    cells: int = 0
    distinct: int = 0
    full: int = 0  # "Jean DUPONT", "DUPONT Jean", "Mme Martin"
    strong: int = 0  # of which written with an upper-case surname or a civility
    first: int = 0  # a first name alone ("Jean", "Marie-Claire")
    only_first: int = 0  # of which not a surname too ("Kévin" but not "Martin")
    surname: int = 0  # a known surname alone ("Dupont", "LE GALL")
    namelike: int = 0  # one to four alphabetic words, capitalised like a name
    commune: int = 0
    organisation: int = 0
    mail_pairs: float = 0.0  # share of rows whose e-mail contains the value

    def share(self, count: int | float) -> float:
        return count / self.cells if self.cells else 0.0

    @property
    def is_varied(self) -> bool:
        """People's names repeat little; categories (professions, sports) repeat a lot."""
        return self.distinct >= 8 and self.distinct >= 0.25 * self.cells

    @property
    def is_first_name_column(self) -> bool:
        return (
            self.is_varied
            and self.share(self.first) >= 0.6
            and self.share(self.only_first) >= 0.2
            and self.share(self.commune) < 0.3
        )

    def is_surname_like(self, *, paired: bool) -> bool:
        """Surnames: written like names, varied, mostly known; or, beside a first-name column
        or repeated in the row's e-mail, partly known (rare surnames are most of them)."""
        known = self.share(self.surname)
        return (
            self.is_varied
            and not self.is_first_name_column
            and self.share(self.namelike) >= 0.8
            and self.share(self.only_first) < 0.4
            and self.share(self.commune) < 0.3
            and self.share(self.organisation) < 0.1
            and (known >= 0.4 or (known >= 0.15 and (paired or self.mail_pairs >= 0.3)))
        )


def _tokens(value: str) -> list[str]:
    return value.replace(",", " ").split()


def is_namelike(value: str) -> bool:
    """One to four alphabetic words written like a name: "Dupont", "LE GALL", "Da Silva"."""
    tokens = _tokens(value)
    if not 1 <= len(tokens) <= 4 or not all(_NAME_TOKEN.match(token) for token in tokens):
        return False
    core = [t for t in tokens if fold(t) not in PARTICLES]
    if not core or any(len(t) < 2 for t in core):
        return False
    return all(t[:1].isupper() for t in core) or value.isupper()


def classify(value: str) -> set[str]:
    """The kinds of name a cell is: "full", "strong", "first", "only_first", "surname"…"""
    from ouvert.engine.privacy.names import name_shape

    kinds: set[str] = set()
    stripped = value.strip()
    folded = fold(stripped)
    if context.looks_like_organisation(stripped):
        return {"organisation"}
    if is_commune(folded):
        kinds.add("commune")
    if is_namelike(stripped):
        kinds.add("namelike")
    shape = name_shape(stripped)
    if shape:
        kinds.add("full")
        if shape == "strong":
            kinds.add("strong")
    tokens = [fold(t) for t in _tokens(stripped)]
    if 1 <= len(tokens) <= 2 and all(is_first_name(t) for t in tokens):
        kinds.add("first")
        if not is_surname(folded):
            kinds.add("only_first")
    core = " ".join(t for t in tokens if t not in PARTICLES)
    if "namelike" in kinds and (is_surname(folded) or (core and is_surname(core))):
        kinds.add("surname")
    return kinds


def profiles(table: Table) -> dict[str, NameProfile]:
    """The name profile of every short text column of the table (computed once)."""

    def compute() -> dict[str, NameProfile]:
        found: dict[str, NameProfile] = {}
        for column in table.columns.values():
            if not column.is_text or column.is_free_text or not column.sample_rows:
                continue
            if column.average_length > 60 or column.with_digits > 0.3:
                continue  # sentences, codes, amounts, dates: not names
            found[column.name] = _profile(column, table)
        _pair_with_mails(table, found)
        return found

    return table.memo("name_profiles", compute)  # type: ignore[return-value]


def _profile(column: Column, table: Table) -> NameProfile:
    values = table.values(column, limit=PROFILED_VALUES)
    profile = NameProfile(cells=sum(count for _, count in values), distinct=len(values))
    for value, count in values:
        for kind in classify(value):
            setattr(profile, kind, getattr(profile, kind) + count)
    if len(values) == PROFILED_VALUES:  # more distinct values than profiled: varied enough
        profile.distinct = max(profile.distinct, profile.cells)
    return profile


MAIL = r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$"


def _pair_with_mails(table: Table, found: dict[str, NameProfile]) -> None:
    """Share of rows where the column's value appears in the same row's e-mail address."""
    mails = [
        column
        for column in table.columns.values()
        if column.is_text
        and table.candidates.get((column.name, "email"), 0) >= 0.5 * max(1, column.sample_rows)
    ]
    candidates = [
        name
        for name, profile in found.items()
        if profile.share(profile.namelike) >= 0.8 and profile.share(profile.organisation) < 0.1
    ]
    if not mails or not candidates:
        return
    parts = []
    for name in candidates:
        value = f"strip_accents(lower(trim({quote_identifier(name)})))"
        hits = " OR ".join(
            f"contains(strip_accents(lower(split_part({quote_identifier(mail.name)}, '@', 1))), "
            f"replace(replace({value}, ' ', ''), '''', ''))"
            for mail in mails
            if mail.name != name
        )
        if not hits:
            parts.append("0")
            continue
        cells = f"greatest(count({quote_identifier(name)}), 1)"
        parts.append(f"count_if(length({value}) >= 3 AND ({hits})) / {cells}")
    row = table.con.execute(f"SELECT {', '.join(parts)} FROM {table.sample}").fetchone()  # noqa: S608
    for name, share in zip(candidates, row or (), strict=False):
        found[name].mail_pairs = float(share or 0)


def first_name_columns(table: Table) -> list[str]:
    return [name for name, p in profiles(table).items() if p.is_first_name_column]


def surname_columns(table: Table) -> list[str]:
    paired = bool(first_name_columns(table))
    return [name for name, p in profiles(table).items() if p.is_surname_like(paired=paired)]
