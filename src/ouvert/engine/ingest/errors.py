"""What the ingestion says when it cannot read a file."""

from __future__ import annotations


class IngestError(Exception):
    """The file cannot be turned into a table; the message says why in French, and what to do."""


class NotATable(IngestError):
    """The file is not tabular (a PDF, an archive of documents): it is published as it is."""
