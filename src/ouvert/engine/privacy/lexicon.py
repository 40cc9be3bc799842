"""First names and surnames from open data (see data/SOURCES.md), loaded once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def _load(name: str) -> frozenset[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


@cache
def first_names() -> frozenset[str]:
    """Folded first names: "jean", "jean-pierre", "helene"…"""
    return _load("prenoms.txt")


@cache
def surnames() -> frozenset[str]:
    """Folded surnames: "martin", "bernard"…"""
    return _load("noms.txt")


def is_first_name(folded_word: str) -> bool:
    """A folded word (or hyphenated compound of first names) is a known first name."""
    names = first_names()
    if folded_word in names:
        return True
    parts = folded_word.split("-")
    return len(parts) > 1 and all(part in names for part in parts)
