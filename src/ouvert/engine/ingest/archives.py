"""Compressed files: a zip holding one CSV, and gzip (`.csv.gz`, common on national portals),
unpacked with the same limits as any archive (size once decompressed, compression ratio)."""

from __future__ import annotations

import gzip
import zipfile
import zlib
from pathlib import Path

from ouvert.engine.ingest.errors import IngestError
from ouvert.engine.ingest.limits import Limits, check_archive, check_unpacking

GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1024 * 1024


def is_gzip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) == GZIP_MAGIC


def inner_name(filename: str) -> str:
    """`communes.csv.gz` → `communes.csv`."""
    return filename[:-3] if filename.lower().endswith(".gz") else filename


def gunzip(path: Path, target: Path, limits: Limits) -> Path:
    """The content of a gzip file, written to `target`, stopped as soon as it grows past the
    limits (a gzip bomb is refused before it fills the disk)."""
    compressed = path.stat().st_size
    written = 0
    try:
        with gzip.open(path, "rb") as source, target.open("wb") as out:
            while chunk := source.read(CHUNK):
                written += len(chunk)
                check_unpacking(compressed, written, limits)
                out.write(chunk)
    except (OSError, EOFError, zlib.error) as error:
        raise IngestError(
            "Le fichier compressé (gzip) est endommagé ou tronqué : il ne peut pas être "
            "décompressé. Envoyez-le de nouveau."
        ) from error
    if written == 0:
        raise IngestError("Le fichier compressé (gzip) est vide.")
    return target


def single_text_member(path: Path, workdir: Path, limits: Limits) -> Path:
    """The one CSV (TSV, TXT) of a zip archive, unpacked into `workdir`."""
    with zipfile.ZipFile(path) as archive:
        members = [
            i for i in archive.infolist()
            if not i.is_dir() and i.filename.lower().endswith((".csv", ".tsv", ".txt"))
        ]  # fmt: skip
        check_archive(path.stat().st_size, [(i.filename, i.file_size) for i in members], limits)
        if len(members) != 1:
            raise IngestError(
                f"L'archive contient {len(members)} fichiers CSV : envoyez-les un par un."
            )
        target = workdir / "member.csv"
        compressed = path.stat().st_size
        with archive.open(members[0]) as source, target.open("wb") as out:
            written = 0
            while chunk := source.read(CHUNK):
                written += len(chunk)
                check_unpacking(compressed, written, limits)
                out.write(chunk)
    return target
