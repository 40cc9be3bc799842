"""How big a file, an archive, a cell or a header may be: each refusal names the limit."""

from __future__ import annotations

from dataclasses import dataclass

from ouvert.engine.ingest.errors import IngestError


@dataclass(frozen=True)
class Limits:
    max_file_size: int = 5 * 1024**3  # bytes of the uploaded file
    max_decompressed_size: int = 2 * 1024**3  # bytes of all the members of an archive
    max_compression_ratio: int = 100  # decompressed / compressed, for archives and XLSX/ODS
    max_cell_length: int = 100_000  # characters in one cell
    max_columns: int = 1_000
    max_sheet_rows: int = 2_000_000  # rows of one spreadsheet sheet (read in memory)


DEFAULT_LIMITS = Limits()


def megabytes(size: int) -> str:
    if size >= 1024**3:
        return f"{size / 1024**3:.1f} Go".replace(".", ",")
    return f"{size / 1024**2:.1f} Mo".replace(".", ",")


def check_file_size(size: int, limits: Limits) -> None:
    if size > limits.max_file_size:
        raise IngestError(
            f"Le fichier pèse {megabytes(size)}, au-delà de la limite de "
            f"{megabytes(limits.max_file_size)} fixée par la plateforme."
        )


def check_archive(compressed: int, members: list[tuple[str, int]], limits: Limits) -> None:
    """Refuses an archive (zip, XLSX, ODS) whose content would be too big: a zip bomb."""
    total = sum(size for _, size in members)
    if total > limits.max_decompressed_size:
        raise IngestError(
            f"Une fois décompressée, l'archive occuperait {megabytes(total)}, au-delà de la limite "
            f"de {megabytes(limits.max_decompressed_size)} fixée par la plateforme."
        )
    if (
        compressed > 0
        and total / compressed > limits.max_compression_ratio
        and total > 10 * 1024**2
    ):
        raise IngestError(
            f"L'archive se décompresse {total // compressed} fois plus gros qu'elle ne pèse "
            f"(limite : {limits.max_compression_ratio} fois) : elle ressemble à une « bombe de "
            "décompression » et n'est pas ouverte."
        )


def check_unpacking(compressed: int, written: int, limits: Limits) -> None:
    """Refuses an archive while it is being unpacked, as soon as its content passes a limit
    (its declared sizes may lie; a gzip file declares none)."""
    check_archive(compressed, [("", written)], limits)


def check_columns(count: int, limits: Limits) -> None:
    if count > limits.max_columns:
        raise IngestError(
            f"Le fichier a {count} colonnes, au-delà de la limite de {limits.max_columns} : "
            "vérifiez le séparateur ou découpez le tableau."
        )
