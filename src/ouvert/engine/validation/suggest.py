"""Which registry schemas a file's header looks like: ranked by label overlap."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ouvert.engine.validation.registry import list_schemas


def label_key(label: str) -> str:
    """Header labels compared without case, accents, spaces, underscores or dashes."""
    decomposed = unicodedata.normalize("NFKD", label)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\s_\-.]+", "", plain).lower()


@dataclass(frozen=True)
class Suggestion:
    reference: str  # "scdl/subventions@2.1.1"
    title: str
    score: float  # share of the schema's fields found in the header, weighted by the header's
    matched: tuple[str, ...]
    missing: tuple[str, ...]
    url: str


def suggest_schemas(header: list[str], *, limit: int = 5, minimum: float = 0.2) -> list[Suggestion]:
    """Latest registry schemas ranked by how well `header` matches their fields."""
    keys = {label_key(label) for label in header if label.strip()}
    if not keys:
        return []
    out = []
    for entry in list_schemas(latest_only=True):
        fields = [f.get("name", "") for f in entry.descriptor().get("fields", [])]
        if not fields:
            continue
        matched = tuple(name for name in fields if label_key(name) in keys)
        missing = tuple(name for name in fields if label_key(name) not in keys)
        # F1 of the two overlaps: a header with every schema field and nothing else scores 1
        recall = len(matched) / len(fields)
        precision = len(matched) / len(keys)
        score = 0.0 if not matched else 2 * recall * precision / (recall + precision)
        if score >= minimum:
            out.append(
                Suggestion(
                    entry.reference, entry.title, round(score, 3), matched, missing, entry.url
                )
            )
    return sorted(out, key=lambda s: (-s.score, s.reference))[:limit]
