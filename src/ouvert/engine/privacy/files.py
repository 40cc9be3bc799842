"""Scanning a file as the user gave it: read exactly as a published version is read (the one
reader, `ouvert.engine.ingest`), its typed table scanned, and for office and PDF files their
hidden properties."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ouvert.engine.ingest import DEFAULT_LIMITS, Limits, Referential, ingest
from ouvert.engine.ingest.errors import NotATable
from ouvert.engine.privacy.findings import Scan
from ouvert.engine.privacy.metadata import METADATA_SUFFIXES, read_metadata
from ouvert.engine.privacy.scanner import scan_parquet


def scan_file(
    path: Path,
    *,
    filename: str | None = None,
    schema_fields: set[str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    referential: Referential | None = None,
    memory_limit: str = "1GB",
    scratch: Path | None = None,
) -> Scan:
    """Scan any file the platform reads (CSV, spreadsheets, JSON, GeoJSON, shapefiles…) and the
    properties of office and PDF files; `filename` gives the name when `path` has none.
    Raises `IngestError` (French message) when the file cannot be read."""
    path = Path(path)
    name = filename or path.name
    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory(dir=scratch, prefix="ouvert-scan-") as folder:
        try:
            ingested = ingest(
                path,
                Path(folder) / "lecture",
                filename=name,
                limits=limits,
                referential=referential,
                memory_limit=memory_limit,
            )
        except NotATable:
            scan = Scan()
        else:
            labels = {c["name"]: c.get("label") or c["name"] for c in ingested.columns}
            scan = scan_parquet(ingested.parquet, labels=labels, schema_fields=schema_fields)
        if suffix in METADATA_SUFFIXES:
            named = Path(folder) / f"fichier{suffix}"
            named.symlink_to(path.resolve())
            scan.metadata = read_metadata(named)
    return scan
