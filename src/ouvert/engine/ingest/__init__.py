"""From any file to one typed Parquet table: the ingestion engine (framework-free).

    ingested = ingest(Path("subventions.csv"), workdir, filename="subventions.csv")
    ingested.parquet, ingested.row_count, ingested.columns, ingested.profile, ingested.notes
    ingested.settings   # every reading decision (ReadingSettings), replayable
    ingested.doubts     # what looks wrong in the table (Doubt: code, French message)

    ingest(path, workdir, settings=ReadingSettings(separator=",", header_row=None))
    preview_rows(path, ReadingSettings(header_row=3), n=20)   # the first rows, before reading

Reads CSV/TSV/TXT (also gzipped), XLSX, XLS, ODS, JSON, GeoJSON, zipped Shapefile and
GeoPackage; sniffs encodings, separators, headers and French number and date forms, or takes
them from the reading settings; types each column and names its format as csv-detective does;
stores geometries in WGS84 as WKB with their bounding box; says what looks wrong (the reading
verdict). Refusals are `IngestError`s whose message is the French explanation a publisher reads.
"""

from __future__ import annotations

from ouvert.engine.ingest.errors import IngestError
from ouvert.engine.ingest.formats import Referential
from ouvert.engine.ingest.limits import DEFAULT_LIMITS, Limits
from ouvert.engine.ingest.preview import Preview, preview_rows
from ouvert.engine.ingest.run import Ingested, ingest
from ouvert.engine.ingest.settings import DETECT, Doubt, ReadingSettings
from ouvert.engine.ingest.verdict import FRANCE, Box

__all__ = [
    "DEFAULT_LIMITS",
    "DETECT",
    "FRANCE",
    "Box",
    "Doubt",
    "IngestError",
    "Ingested",
    "Limits",
    "Preview",
    "ReadingSettings",
    "Referential",
    "ingest",
    "preview_rows",
]
