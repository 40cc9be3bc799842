"""The pipeline steps that read a version's file once (ouvert.engine.ingest) and judge it."""

from __future__ import annotations

import functools

from django.conf import settings
from django.db import DatabaseError

from ouvert.catalog.models import ResourceVersion
from ouvert.catalog.storage import local_original
from ouvert.engine.ingest import IngestError, Limits, Referential, ingest
from ouvert.engine.ingest.errors import NotATable
from ouvert.publishing.tables import attach_table
from ouvert.publishing.work import Held, Refused, Work
from ouvert.territory.models import Territory

# Files read into a table; any other (PDF, images, documents) is published as it is.
TABULAR_FORMATS = frozenset(
    {"csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ods", "json", "jsonl", "ndjson", "geojson",
     "zip", "shp", "gpkg"}
)  # fmt: skip


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


def read_version(work: Work) -> None:
    """The one reading of the version's file: its typed table (attached to the version, what the
    APIs query) and its text view (the cells as the file has them, for validation), or a refusal
    with the reason. A file that is no table (a PDF, an archive of documents) is left as it is."""
    version = work.version
    if not is_tabular(version):
        return
    with local_original(version.storage_path, work.folder) as source:
        try:
            ingested = ingest(
                source,
                work.folder / "lecture",
                filename=version.filename or source.name,
                limits=limits(),
                referential=referential(),
                progress=lambda percent: work.progress(percent * 0.7),
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
    work.reading = ingested


def judge_reading(work: Work) -> None:
    """A doubtful reading holds the version, with one French explanation per doubt."""
    doubts = getattr(work.reading, "doubts", None) or []
    if not doubts:
        return
    raise Held(
        "La lecture du fichier est peut-être fausse, la version n'est pas publiée : "
        + " ; ".join(str(getattr(d, "message", d)).rstrip(".") for d in doubts)
        + ". Vérifiez les réglages de lecture (séparateur, ligne d'en-tête…) et relisez le "
        "fichier."
    )
