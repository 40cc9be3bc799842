"""Spreadsheets (XLSX, XLS, ODS) read with python-calamine: the sheet chosen, title rows above the
header skipped, merged header cells flattened ("Montant" over "2024" and "2025" becomes
"Montant 2024", "Montant 2025"), empty columns and rows dropped."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from python_calamine import CalamineError, CalamineWorkbook

from ouvert.engine.ingest.errors import IngestError
from ouvert.engine.ingest.limits import Limits, check_archive, check_columns
from ouvert.engine.ingest.names import clean_label, field_names
from ouvert.engine.ingest.raw import RAW_TABLE, Raw
from ouvert.engine.ingest.settings import DETECT, ReadingSettings
from ouvert.engine.text import counted

HEADER_SEARCH = 30


def cell_text(value: Any) -> str | None:
    """A cell as the text a person typed: 12.0 → "12", dates in ISO."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e17:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


XML_HEAD = 64 * 1024  # a DOCTYPE comes before the root element, at the top of a part


def _refuse_entities(path: Path) -> None:
    """Refuses a workbook whose XML parts declare entities: no spreadsheet program writes them,
    and they serve to blow a small file up in memory (the « billion laughs »)."""
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not info.filename.lower().endswith((".xml", ".rels")):
                continue
            with archive.open(info) as part:
                head = part.read(XML_HEAD)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise IngestError(
                    "Le classeur contient des déclarations d'entités XML (<!DOCTYPE>, <!ENTITY>) : "
                    "la plateforme les refuse, car elles servent à faire exploser la taille d'un "
                    "fichier une fois ouvert (attaque « billion laughs »). Aucun tableur n'en "
                    "écrit : enregistrez de nouveau le classeur depuis votre tableur."
                )


def _open(path: Path, kind: str, limits: Limits) -> CalamineWorkbook:
    if kind in ("xlsx", "ods"):
        try:
            with zipfile.ZipFile(path) as archive:
                members = [(i.filename, i.file_size) for i in archive.infolist()]
        except zipfile.BadZipFile as error:
            raise IngestError(
                "Le classeur est endommagé ou tronqué : il ne peut pas être ouvert."
            ) from error
        check_archive(path.stat().st_size, members, limits)
        _refuse_entities(path)
    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, ValueError, OSError) as error:
        raise IngestError(
            "Le classeur n'a pas pu être ouvert : il est endommagé, tronqué ou protégé par un mot "
            "de passe. Enregistrez-le de nouveau depuis le tableur, sans mot de passe."
        ) from error


def _choose(workbook: CalamineWorkbook, sheet: str | int | None) -> tuple[str, list[list[Any]]]:
    names = workbook.sheet_names
    if sheet is not None:
        if isinstance(sheet, int) or (
            isinstance(sheet, str) and sheet.isdigit() and sheet not in names
        ):
            index = int(sheet)
            if not 0 <= index < len(names):
                raise IngestError(
                    f"Le classeur n'a pas de feuille n° {index + 1} (il en a {len(names)})."
                )
            name = names[index]
        elif sheet in names:
            name = sheet
        else:
            raise IngestError(
                f"Le classeur n'a pas de feuille « {sheet} ». Feuilles : "
                + ", ".join(f"« {n} »" for n in names)
                + "."
            )
        return name, workbook.get_sheet_by_name(name).to_python(skip_empty_area=True)
    for name in names:
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=True)
        if any(any(cell not in ("", None) for cell in row) for row in rows):
            return name, rows
    raise IngestError("Le classeur ne contient aucune feuille remplie.")


def _header_index(rows: list[list[str | None]]) -> int:
    """The header row: the first one filled over at least half the table's width (the widest
    of its first rows: data rows may have empty cells) with mostly labels, not numbers."""
    filled_counts = [sum(1 for c in row if c) for row in rows[: HEADER_SEARCH * 10]]
    if not any(filled_counts):
        raise IngestError("La feuille est vide.")
    width = max(filled_counts)
    for index, row in enumerate(rows[:HEADER_SEARCH]):
        filled = [c for c in row if c]
        if len(filled) >= max(min(width, 2), (width + 1) // 2):
            labels = [
                c
                for c in filled
                if not c.replace(".", "").replace(",", "").replace(" ", "").isdigit()
            ]
            if len(labels) >= max(1, len(filled) // 2):
                return index
    return 0


def _two_row_header(
    rows: list[list[str | None]], header: int, merged: list[tuple[int, int, int, int]]
) -> list[str] | None:
    """Labels of a header on two rows — merged cells over their sub-headers ("Montant" over
    "voté" and "versé" gives "Montant voté", "Montant versé") — or None."""
    spans = [(c0, c1) for r0, c0, r1, c1 in merged if r0 == header == r1 and c1 > c0]
    if not spans or header + 1 >= len(rows):
        return None
    parent_row, child_row = rows[header], rows[header + 1]
    width = max(len(parent_row), len(child_row))
    parents = [parent_row[i] if i < len(parent_row) else None for i in range(width)]
    children = [child_row[i] if i < len(child_row) else None for i in range(width)]
    if not all(children[c] for c0, c1 in spans for c in range(c0, min(c1 + 1, width))):
        return None
    labels = [p or "" for p in parents]
    for c0, c1 in spans:
        for column in range(c0, min(c1 + 1, width)):
            labels[column] = f"{parents[c0] or ''} {children[column] or ''}".strip()
    for column in range(width):
        if not labels[column] and children[column]:
            labels[column] = children[column] or ""
    return labels


@dataclass(frozen=True)
class Sheet:
    """A sheet's cells as text, row 0 being the sheet's `top` row (Excel's row top + 1)."""

    name: str
    rows: list[list[str | None]]
    top: int
    merged: list[tuple[int, int, int, int]]  # (row, column, last row, last column), from `top`
    count: int  # sheets in the workbook


def open_sheet(path: Path, kind: str, sheet: str | int | None, limits: Limits) -> Sheet:
    workbook = _open(path, kind, limits)
    name, cells = _choose(workbook, sheet)
    if len(cells) > limits.max_sheet_rows:
        raise IngestError(
            f"La feuille a {len(cells)} lignes, au-delà de la limite de {limits.max_sheet_rows} "
            "pour un tableur : publiez-la en CSV."
        )
    rows = [[cell_text(c) for c in row] for row in cells]
    try:
        sheet_object = workbook.get_sheet_by_name(name)
        top, left = sheet_object.start or (0, 0)
        merged = [
            (start[0] - top, start[1] - left, end[0] - top, end[1] - left)
            for start, end in (sheet_object.merged_cell_ranges or [])
        ]
    except (AttributeError, TypeError, CalamineError):
        top, merged = 0, []
    return Sheet(name, rows, int(top), merged, len(workbook.sheet_names))


def _row_index(sheet: Sheet, row: int, what: str) -> int:
    index = row - sheet.top
    if not 0 <= index < len(sheet.rows):
        raise IngestError(
            f"La {what} indiquée dans les réglages de lecture (ligne {row + 1}) n'est pas dans "
            f"la feuille « {sheet.name} », remplie de la ligne {sheet.top + 1} à la ligne "
            f"{sheet.top + len(sheet.rows)}."
        )
    return index


def layout(opened: Sheet, given: ReadingSettings) -> tuple[int | None, int, list[str] | None]:
    """The header row (None: none), the first data row (indexes from the sheet's top) and the
    labels of a header on two rows under merged cells, from the settings or detected."""
    rows = opened.rows
    if given.header_row is DETECT:
        header: int | None = _header_index(rows)
    elif given.header_row is None:
        header = None
    else:
        header = _row_index(opened, given.header_row, "ligne d'en-tête")
    two_rows = (
        _two_row_header(rows, header, opened.merged)
        if header is not None
        and (given.first_data_row is None or given.first_data_row - opened.top == header + 2)
        else None
    )
    if given.first_data_row is not None:
        start = _row_index(opened, given.first_data_row, "première ligne de données")
    elif header is None:
        start = 0
    else:
        start = header + (2 if two_rows is not None else 1)
    if header is not None and start <= header:
        raise IngestError(
            "La première ligne de données doit être sous la ligne d'en-tête : changez l'une des "
            "deux dans les réglages de lecture."
        )
    return header, start, two_rows


def read_spreadsheet(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    kind: str,
    sheet: str | int | None,
    limits: Limits,
    settings: ReadingSettings | None = None,
) -> Raw:
    given = settings or ReadingSettings()
    opened = open_sheet(path, kind, given.sheet if given.sheet is not None else sheet, limits)
    name, rows = opened.name, opened.rows
    header, start, two_rows = layout(opened, given)
    data = rows[start:]
    if two_rows is not None:
        labels = two_rows
    elif header is not None:
        labels = [c or "" for c in rows[header]]
    else:
        labels = []
    width = max([len(labels)] + [len(r) for r in data]) if data else len(labels)
    labels += [""] * (width - len(labels))
    keep = [i for i in range(width) if labels[i].strip() or any(i < len(r) and r[i] for r in data)]
    check_columns(len(keep), limits)
    blank = 0
    columns: list[list[str | None]] = [[] for _ in keep]
    for row in data:
        if not any(row):
            blank += 1
            continue
        for position, index in enumerate(keep):
            columns[position].append(row[index] if index < len(row) else None)
    clean = [clean_label(labels[i]) for i in keep]
    names = field_names(clean)
    table = pa.table(
        {n: pa.array(c, type=pa.string()) for n, c in zip(names, columns, strict=True)}
    )
    con.register("sheet_rows", table)
    con.execute(f"CREATE TABLE {RAW_TABLE} AS SELECT * FROM sheet_rows")
    con.unregister("sheet_rows")
    notes = []
    if opened.count > 1:
        notes.append(f"Le classeur a {opened.count} feuilles ; la feuille « {name} » a été lue.")
    above = header if header is not None else start
    if above:
        notes.append(
            f"{counted(above, 'ligne')} de titre au-dessus de l'en-tête "
            f"{'a été ignorée' if above == 1 else 'ont été ignorées'}."
        )
    if header is None:
        notes.append(
            "La feuille n'a pas de ligne d'en-tête : ses colonnes sont nommées colonne_1, "
            "colonne_2… (vous pouvez indiquer la ligne d'en-tête dans les réglages de lecture)."
        )
    if blank:
        notes.append(
            f"{counted(blank, 'ligne vide', 'lignes vides')} "
            f"{'a été ignorée' if blank == 1 else 'ont été ignorées'}."
        )
    decided = ReadingSettings(
        sheet=name,
        header_row=None if header is None else header + opened.top,
        first_data_row=start + opened.top,
    )
    return Raw(labels=clean, names=names, notes=notes, sheet=name, settings=decided)
