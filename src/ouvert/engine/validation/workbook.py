"""The file a validation of a file reads (`validate(path)`, the command line and the validation
API): a CSV as it is; a spreadsheet's first filled sheet as CSV text, each cell as the person typed
it (12.0 → "12", dates in ISO). A workbook whose content would decompress beyond the limits (a zip
bomb) is refused before it is opened."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from ouvert.engine.ingest.errors import IngestError
from ouvert.engine.ingest.kinds import TEXT, sniff_kind
from ouvert.engine.ingest.limits import DEFAULT_LIMITS, Limits, check_archive
from ouvert.engine.ingest.spreadsheet import cell_text

SPREADSHEETS = ("xlsx", "xls", "ods")


class NotValidatable(Exception):
    """The file is not a table this validation reads (message in French)."""


def as_csv(path: Path, filename: str, workdir: Path, limits: Limits = DEFAULT_LIMITS) -> Path:
    """The CSV a validation reads for the file (`NotValidatable` with the reason otherwise).
    What the file is comes from its bytes, as the ingestion decides it, not from its name."""
    try:
        kind = sniff_kind(path, filename)
    except IngestError as error:
        raise NotValidatable(str(error)) from error
    if kind == TEXT:
        return path
    if kind not in SPREADSHEETS:
        raise NotValidatable(
            "Seuls les fichiers CSV et les classeurs (XLSX, XLS, ODS) sont validés contre un "
            "schéma."
        )
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [(i.filename, i.file_size) for i in archive.infolist()]
        try:
            check_archive(path.stat().st_size, members, limits)
        except IngestError as error:
            raise NotValidatable(str(error)) from error
    try:
        book = CalamineWorkbook.from_path(str(path))
    except (CalamineError, ValueError, OSError) as error:
        raise NotValidatable("Le classeur est endommagé et ne peut pas être lu.") from error
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=True)
        if any(any(c not in ("", None) for c in row) for row in rows):
            target = workdir / f"{Path(filename).stem}.csv"
            with target.open("w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out)
                for row in rows:
                    writer.writerow(["" if (t := cell_text(c)) is None else t for c in row])
            return target
    raise NotValidatable("Le classeur ne contient aucune feuille remplie.")
