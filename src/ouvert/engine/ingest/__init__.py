"""From any file to one typed Parquet table: the ingestion engine (framework-free).

    ingested = ingest(Path("subventions.csv"), workdir, filename="subventions.csv")
    ingested.parquet, ingested.row_count, ingested.columns, ingested.profile, ingested.notes

Reads CSV/TSV/TXT, XLSX, XLS, ODS, JSON, GeoJSON, zipped Shapefile and GeoPackage; sniffs
encodings, separators, headers and French number and date forms; types each column and names its
format as csv-detective does; stores geometries in WGS84 as WKB with their bounding box. Refusals
are `IngestError`s whose message is the French explanation a publisher reads.
"""

from __future__ import annotations

from ouvert.engine.ingest.errors import IngestError
from ouvert.engine.ingest.formats import Referential
from ouvert.engine.ingest.limits import DEFAULT_LIMITS, Limits
from ouvert.engine.ingest.run import Ingested, ingest

__all__ = ["DEFAULT_LIMITS", "IngestError", "Ingested", "Limits", "Referential", "ingest"]
