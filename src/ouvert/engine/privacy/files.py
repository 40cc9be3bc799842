"""Scanning a file as the user gave it: its table and, for office and PDF files, its metadata."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb

from ouvert.engine.privacy.findings import Scan
from ouvert.engine.privacy.metadata import METADATA_SUFFIXES, read_metadata
from ouvert.engine.privacy.reading import UnreadableFile, to_parquet
from ouvert.engine.privacy.scanner import scan_parquet


def scan_csv(
    path: Path,
    *,
    schema_fields: set[str] | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> Scan:
    """Scan a CSV, XLSX, ODS or GeoJSON file (read into a temporary Parquet), and the metadata of
    office and PDF files. Raises UnreadableFile (French message) when it cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise UnreadableFile(f"Le fichier {path} n'existe pas.")
    metadata = read_metadata(path) if path.suffix.lower() in METADATA_SUFFIXES else []
    if path.suffix.lower() == ".pdf":
        return Scan(metadata=metadata)
    connection = con or duckdb.connect()
    try:
        with tempfile.TemporaryDirectory(prefix="ouvert-scan-") as folder:
            target = Path(folder) / "table.parquet"
            labels = to_parquet(path, target, connection)
            scan = scan_parquet(target, labels=labels, schema_fields=schema_fields, con=connection)
    finally:
        if con is None:
            connection.close()
    scan.metadata = metadata
    return scan
