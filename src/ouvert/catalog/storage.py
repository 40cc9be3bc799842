"""Originals stored content-addressed through Django's storage API: written once, never changed."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import transaction

from ouvert.catalog.models import ResourceVersion, original_path

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredOriginal:
    path: str
    sha256: str
    size: int
    media_type: str
    format: str


def guess_format(filename: str) -> str:
    """The format label shown to people: the extension in capitals (CSV, XLSX, GEOJSON, SHP…)."""
    name = filename.lower()
    if name.endswith(".shp.zip"):
        return "SHP"
    return PurePath(name).suffix.lstrip(".").upper()[:20]


def guess_media_type(filename: str) -> str:
    extra = {
        ".geojson": "application/geo+json",
        ".gpkg": "application/geopackage+sqlite3",
        ".parquet": "application/vnd.apache.parquet",
        ".ods": "application/vnd.oasis.opendocument.spreadsheet",
        ".jsonl": "application/jsonl",
    }
    suffix = PurePath(filename).suffix.lower()
    return extra.get(suffix) or mimetypes.guess_type(filename)[0] or "application/octet-stream"


def store_original(source: IO[bytes], filename: str, max_size: int | None = None) -> StoredOriginal:
    """Stream a file into the store, hashing it on the way; identical bytes are stored once.

    The source is read in 1 MiB chunks into a temporary file, so a 5 GB upload never sits in
    memory. Raises ValueError (French message) when `max_size` is exceeded.
    """
    if hasattr(source, "temporary_file_path"):
        return _store_uploaded_file(source, filename, max_size)
    digest = hashlib.sha256()
    size = 0
    with tempfile.NamedTemporaryFile(prefix="ouvert-upload-", delete=False) as spool:
        try:
            while chunk := source.read(CHUNK):
                size += len(chunk)
                if max_size is not None and size > max_size:
                    raise _too_big(max_size)
                digest.update(chunk)
                spool.write(chunk)
            spool.flush()
            sha256 = digest.hexdigest()
            path = original_path(sha256)
            if not default_storage.exists(path):
                with open(spool.name, "rb") as handle:
                    saved = default_storage.save(path, File(handle))
                if saved != path:  # a concurrent upload of the same bytes won the race
                    default_storage.delete(saved)
        finally:
            os.unlink(spool.name)
    return StoredOriginal(path, sha256, size, guess_media_type(filename), guess_format(filename))


def _too_big(max_size: int) -> ValueError:
    return ValueError(f"Le fichier dépasse la taille maximale ({max_size // 1024**2} Mo).")


def _store_uploaded_file(upload: Any, filename: str, max_size: int | None) -> StoredOriginal:
    """An upload Django already streamed to a temporary file: hash it there, then let the storage
    move it into place (FileSystemStorage renames it: no copy of a 5 GB file)."""
    temporary = upload.temporary_file_path()
    size = os.path.getsize(temporary)
    if max_size is not None and size > max_size:
        raise _too_big(max_size)
    digest = hashlib.sha256()
    with open(temporary, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    sha256 = digest.hexdigest()
    path = original_path(sha256)
    if not default_storage.exists(path):
        upload.seek(0)
        saved = default_storage.save(path, upload)
        if saved != path:
            default_storage.delete(saved)
    return StoredOriginal(path, sha256, size, guess_media_type(filename), guess_format(filename))


def open_original(path: str) -> IO[bytes]:
    return default_storage.open(path, "rb")


# In an `ouvert worker` process, its own sub-folder of tmp/ (set by publishing/workers.py), so
# that what a killed processing left is removed with the dead worker's folder.
_scratch_owner = ""


def set_scratch_owner(owner: str) -> None:
    global _scratch_owner
    _scratch_owner = owner


def scratch_folder() -> Path:
    """The folder for temporary work on files (next to the data, on the same disk): a worker's
    own; elsewhere the shared one (web requests clean up after themselves)."""
    folder = Path(settings.DATA_DIR) / "tmp"
    if _scratch_owner:
        folder /= _scratch_owner
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def local_original(path: str, workdir: Path) -> Iterator[Path]:
    """A local path to a stored original: the stored file itself when on disk, else a copy
    fetched from the storage into `workdir` (an object storage, or one whose `path()` names no
    real file, as InMemoryStorage)."""
    if isinstance(default_storage, FileSystemStorage):
        yield Path(default_storage.path(path))
        return
    target = workdir / "original"
    with default_storage.open(path, "rb") as source, target.open("wb") as out:
        shutil.copyfileobj(source, out, 8 * 1024 * 1024)
    yield target


def discard_original(path: str) -> None:
    """Remove an original from the store once no version refers to it any more (a deleted
    dataset's or resource's): identical bytes are stored once, and may still be another
    version's, of any dataset."""
    if path and not ResourceVersion.objects.filter(storage_path=path).exists():
        default_storage.delete(path)


def forget_deleted_version(sender: Any, instance: ResourceVersion, **kwargs: Any) -> None:
    """post_delete of a version (its dataset or resource deleted): once the deletion is
    committed, its original leaves the store unless another version shares it."""
    path = instance.storage_path
    if path:
        transaction.on_commit(lambda: discard_original(path))
