"""Field names from a file's headers: lower-case ASCII words joined by underscores, unique, as
OpenDataSoft names its fields ("Date de la convention" → `date_de_la_convention`). The header
itself is kept as the field's label."""

from __future__ import annotations

import re

from ouvert.engine.tabular.query.layout import DEFAULT_LAYOUT
from ouvert.engine.text import fold

_NOT_WORD = re.compile(r"[^a-z0-9]+")
MAX_LENGTH = 63
RESERVED = frozenset(
    {
        DEFAULT_LAYOUT.row_id,
        DEFAULT_LAYOUT.geometry,
        DEFAULT_LAYOUT.point_field,
        *DEFAULT_LAYOUT.bbox,
    }
)


def field_name(label: str, position: int) -> str:
    name = _NOT_WORD.sub("_", fold(label)).strip("_")[:MAX_LENGTH].rstrip("_")
    if not name:
        return f"colonne_{position + 1}"
    if name[0].isdigit():
        name = f"c_{name}"[:MAX_LENGTH]
    return name


def field_names(labels: list[str]) -> list[str]:
    """One distinct name per label, in order; reserved names get a suffix."""
    taken: set[str] = set(RESERVED)
    names = []
    for position, label in enumerate(labels):
        base = field_name(label, position)
        name, suffix = base, 2
        while name in taken:
            name = f"{base[: MAX_LENGTH - 4]}_{suffix}"
            suffix += 1
        taken.add(name)
        names.append(name)
    return names


_DBASE = re.compile(r"(.+?),[CNDLF],\d+(,\d+)?")


def clean_label(label: str) -> str:
    """A header as people read it: spaces and line breaks collapsed, and the dBase field
    declaration of old exports dropped ("Nom,C,254" → "Nom")."""
    text = " ".join(label.split())
    match = _DBASE.fullmatch(text)
    return match.group(1) if match else text
