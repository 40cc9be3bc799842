"""What the steps of one version's processing share: the version, where to report progress, a
scratch folder, and the one reading of the file (its typed table and its text view), which every
step after the reading consumes. A step refuses the file (`Refused`) or holds it back (`Held`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from ouvert.catalog.models import ResourceVersion
from ouvert.engine.ingest import Ingested


class Refused(Exception):
    """The file cannot be published as it is; the message says why, in French."""


class Held(Exception):
    """The version is kept from the public until a person acts (its message says why and how):
    personal data suspected, or a doubtful reading."""


@dataclass
class Progress:
    """Reports how far processing went, at most once a second (each report is a write)."""

    version_id: int
    last: float = 0.0
    percent: int = 0
    notes: list[str] = field(default_factory=list)

    def __call__(self, percent: float) -> None:
        self.percent = max(self.percent, min(99, int(percent)))
        now = time.monotonic()
        if now - self.last >= 1.0:
            self.last = now
            ResourceVersion.objects.filter(pk=self.version_id).update(
                progress=self.percent, heartbeat_at=timezone.now()
            )


@dataclass
class Work:
    """One processing of one version."""

    version: ResourceVersion
    progress: Progress
    folder: Path  # removed when the processing ends
    reading: Ingested | None = None  # set by the reading step; None for a file that is no table


Step = Callable[[Work], None]
