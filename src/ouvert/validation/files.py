"""The file a validation reads: a CSV as it is; a spreadsheet's first filled sheet as CSV text,
each cell as the person typed it (12.0 → "12", dates in ISO)."""

from __future__ import annotations

import csv
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from ouvert.engine.ingest.spreadsheet import cell_text

SPREADSHEETS = ("xlsx", "xlsm", "xls", "ods")
TEXTS = ("csv", "tsv", "txt")


class NotValidatable(Exception):
    """The file is not a table this validation reads (message in French)."""


def as_csv(path: Path, filename: str, workdir: Path) -> Path:
    suffix = Path(filename).suffix.lower().lstrip(".")
    if suffix in TEXTS or not suffix:
        return path
    if suffix not in SPREADSHEETS:
        raise NotValidatable(
            "Seuls les fichiers CSV et les classeurs (XLSX, XLS, ODS) sont validés contre un "
            "schéma."
        )
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
