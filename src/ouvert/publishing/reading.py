"""The pipeline step that reads a version's file into its table (ouvert.engine.ingest)."""

from __future__ import annotations

import functools
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import DatabaseError

from ouvert.catalog.models import ResourceVersion
from ouvert.engine.ingest import IngestError, Limits, Referential, ingest
from ouvert.engine.ingest.errors import NotATable
from ouvert.publishing.pipeline import Progress, Refused
from ouvert.publishing.tables import attach_table
from ouvert.territory.models import Territory

# Files read into a table; any other (PDF, images, documents) is published as it is.
TABULAR_FORMATS = frozenset(
    {"csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ods", "json", "jsonl", "ndjson", "geojson",
     "zip", "shp", "gpkg"}
)  # fmt: skip


def scratch() -> Path:
    """The folder for temporary work on files (next to the data, on the same disk)."""
    folder = Path(settings.DATA_DIR) / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def limits() -> Limits:
    return Limits(
        max_file_size=settings.OUVERT_MAX_UPLOAD_SIZE,
        max_decompressed_size=settings.OUVERT_MAX_DECOMPRESSED_SIZE,
        max_compression_ratio=settings.OUVERT_MAX_COMPRESSION_RATIO,
        max_cell_length=settings.OUVERT_MAX_CELL_LENGTH,
        max_columns=settings.OUVERT_MAX_COLUMNS,
    )


@functools.cache
def _referential() -> Referential:
    communes: set[str] = set()
    postcodes: set[str] = set()
    departements: set[str] = set()
    regions: set[str] = set()
    for kind, code, codes in Territory.objects.values_list("kind", "code", "postcodes"):
        if kind == Territory.Kind.COMMUNE:
            communes.add(code)
            postcodes.update(codes or [])
        elif kind == Territory.Kind.DEPARTEMENT:
            departements.add(code)
        elif kind == Territory.Kind.REGION:
            regions.add(code)
    return Referential(
        frozenset(communes), frozenset(postcodes), frozenset(departements), frozenset(regions)
    )


def referential() -> Referential:
    """The territory's codes, read once per process (they change once a year). Without a
    database (`ouvert scan` before any set-up), no codes: formats are then guessed by shape."""
    try:
        found = _referential()
    except DatabaseError:
        return Referential()
    if not found.communes:
        _referential.cache_clear()  # not loaded yet: read again next time
    return found


def is_tabular(version: ResourceVersion) -> bool:
    return bool(version.storage_path) and (version.format or "").lower() in TABULAR_FORMATS


@contextmanager
def original_file(version: ResourceVersion, workdir: Path) -> Iterator[Path]:
    """A local path to the version's original: the stored file itself when on disk, else a
    copy fetched from the object storage."""
    try:
        yield Path(default_storage.path(version.storage_path))
        return
    except NotImplementedError:
        pass
    target = workdir / "original"
    with default_storage.open(version.storage_path, "rb") as source, target.open("wb") as out:
        shutil.copyfileobj(source, out, 8 * 1024 * 1024)
    yield target


def read_table(version: ResourceVersion, progress: Progress) -> None:
    """Reads the version's file into a typed Parquet table, or refuses it with the reason."""
    if not is_tabular(version):
        return
    with tempfile.TemporaryDirectory(dir=scratch(), prefix="ingest-") as folder:
        workdir = Path(folder)
        with original_file(version, workdir) as source:
            try:
                ingested = ingest(
                    source,
                    workdir / "work",
                    filename=version.filename or source.name,
                    limits=limits(),
                    referential=referential(),
                    progress=lambda percent: progress(percent * 0.8),
                    memory_limit=settings.OUVERT_INGEST_MEMORY,
                )
            except NotATable:
                return  # an archive of documents, a PDF: published as a file
            except IngestError as error:
                raise Refused(str(error)) from error
        attach_table(
            version,
            ingested.parquet,
            row_count=ingested.row_count,
            columns=ingested.columns,
            profile=ingested.profile,
            notes=ingested.notes,
            is_geographic=ingested.is_geographic,
        )
