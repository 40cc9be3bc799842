"""The one place SQL identifiers are quoted. Values are always bound as parameters."""

from __future__ import annotations


def quote_identifier(name: str) -> str:
    """A DuckDB/PostgreSQL identifier, double-quoted with inner quotes doubled."""
    if "\x00" in name:
        raise ValueError("identifier contains a NUL character")
    return '"' + name.replace('"', '""') + '"'
