"""A remote dataset as a backend maps it: plain values, compared between runs by a hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date


@dataclass(frozen=True)
class RemoteResource:
    """A file or API of a remote dataset, kept as a link to the remote URL."""

    url: str
    title: str = ""
    description: str = ""
    format: str = ""  # upper-case label (CSV, JSON, GEOJSON…)


@dataclass(frozen=True)
class RemoteDataset:
    """What ouvert keeps of a remote dataset; `remote_id` is its key within the source."""

    remote_id: str
    title: str
    description: str = ""
    uri: str = ""  # its IRI (DCAT), when it has one
    remote_url: str = ""  # its page on the remote portal
    keywords: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()  # EU data-theme codes
    hvd_categories: tuple[str, ...] = ()  # EU high-value dataset category codes
    licence: str = ""  # an id of catalog.vocabularies.licences, "" when not recognised
    licence_text: str = ""  # what the source said, for the report
    frequency: str = ""  # an EU frequency code, "" when not recognised
    temporal_start: date | None = None
    temporal_end: date | None = None
    insee_codes: tuple[str, ...] = ()  # places it covers, as INSEE codes
    publisher: str = ""  # the remote organisation's name
    publisher_id: str = ""  # and its identifier or slug at the source
    modified: str = ""  # as the source gives it (ISO 8601)
    resources: tuple[RemoteResource, ...] = field(default_factory=tuple)

    def fingerprint(self) -> str:
        """A hash of every mapped field: an unchanged hash means nothing to update."""
        values = asdict(self)
        text = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RemoteFailure:
    """A remote dataset that could not be mapped: reported, the run goes on."""

    remote_id: str
    title: str
    reason: str


MAX_KEYWORDS = 50  # what the catalogue accepts (catalog.services.MAX_KEYWORDS)


def clean_keywords(values: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Keywords stripped, without duplicates (case-insensitive), order kept, 50 at most."""
    seen: set[str] = set()
    kept = []
    for value in values:
        word = " ".join(str(value).split())
        if word and word.lower() not in seen:
            seen.add(word.lower())
            kept.append(word[:100])
    return tuple(kept[:MAX_KEYWORDS])


def parse_day(value: object) -> date | None:
    """A date from `2024`, `2024-05`, `2024-05-17` or an ISO datetime; None otherwise."""
    text = str(value or "").strip()[:10]
    try:
        if len(text) == 4 and text.isdigit():
            return date(int(text), 1, 1)
        if len(text) == 7:
            return date(int(text[:4]), int(text[5:7]), 1)
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
