"""First names, surnames and commune names from open data (see data/SOURCES.md), loaded once.

The name lists are ordered by decreasing frequency: the rank tells a Martin from a Zurawska."""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
COMMON_FIRST_NAMES = 2000  # the most given first names: nearly every adult's
COMMON_SURNAMES = 5000


def _load(name: str) -> dict[str, int]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    ranked: dict[str, int] = {}
    for line in lines:
        if line and not line.startswith("#"):
            ranked.setdefault(line, len(ranked))
    return ranked


@cache
def first_name_ranks() -> dict[str, int]:
    """Folded first names ("jean", "jean-pierre", "helene"…) and their frequency rank."""
    return _load("prenoms.txt")


@cache
def surname_ranks() -> dict[str, int]:
    """Folded surnames ("martin", "le gall"…) and their frequency rank."""
    return _load("noms.txt")


def first_names() -> frozenset[str]:
    return frozenset(first_name_ranks())


@cache
def surnames() -> frozenset[str]:
    return frozenset(surname_ranks())


@cache
def communes() -> frozenset[str]:
    """Folded names of French communes ("quimper", "saint-martin-d'heres"…)."""
    return frozenset(_load("communes.txt"))


def is_first_name(folded_word: str) -> bool:
    """A folded word (or hyphenated compound of first names) is a known first name."""
    names = first_name_ranks()
    if folded_word in names:
        return True
    parts = folded_word.split("-")
    return len(parts) > 1 and all(part in names for part in parts)


def is_surname(folded: str) -> bool:
    """A folded surname, or a compound of known surnames ("martin-dupont", "le gall")."""
    names = surname_ranks()
    if folded in names:
        return True
    parts = [part for part in folded.replace("-", " ").split() if part]
    return len(parts) > 1 and all(part in names for part in parts)


def is_commune(folded: str) -> bool:
    return folded in communes() or folded.replace(" ", "-") in communes()
