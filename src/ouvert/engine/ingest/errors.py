"""What the ingestion says when it cannot read a file."""

from __future__ import annotations

import re


class IngestError(Exception):
    """The file cannot be turned into a table; the message says why in French, and what to do."""


class NotATable(IngestError):
    """The file is not tabular (a PDF, an archive of documents): it is published as it is."""


class TooWide(Exception):  # a signal to read again, never shown to anyone
    """A row further down has more fields than the sampled rows: read again with `width`."""

    def __init__(self, width: int) -> None:
        super().__init__(width)
        self.width = width


_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[/\\][\w.@+~-]+){2,}[/\\]?")


def scrub(message: str) -> str:
    """A library's message without the server's file paths in it (a person never sees them)."""
    return _PATH.sub("(fichier)", message)
