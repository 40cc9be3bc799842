"""Personal-data guard: find what identifies persons in a table before it is published.

Public API:
    scan_parquet(path, *, labels=None, schema_fields=None, con=None) -> Scan
    scan_relation(source, *, con, labels=None, schema_fields=None) -> Scan
    scan_file(path, *, filename=None, schema_fields=None, limits=…) -> Scan
        any file the platform reads, read by ouvert.engine.ingest, and office/PDF properties
    Scan, Finding, MetadataItem, KIND_LABELS, REMEDY_LABELS
    read_metadata(path), strip_metadata(src, dst)
    remedies.apply(src, dst, column, remedy, *, key=None)
    render_text(scan) (French)

Framework-free: imports nothing from Django nor from ouvert outside ouvert.engine.
"""

from ouvert.engine.privacy.files import scan_file
from ouvert.engine.privacy.findings import KIND_LABELS, REMEDY_LABELS, Finding, MetadataItem, Scan
from ouvert.engine.privacy.metadata import read_metadata, strip_metadata
from ouvert.engine.privacy.scanner import scan_parquet, scan_relation

__all__ = [
    "KIND_LABELS",
    "REMEDY_LABELS",
    "Finding",
    "MetadataItem",
    "Scan",
    "read_metadata",
    "scan_file",
    "scan_parquet",
    "scan_relation",
    "strip_metadata",
]
