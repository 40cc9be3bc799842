"""Reading a file into a temporary Parquet for the CLI and tests (the platform's own ingestion,
`ouvert.engine.ingest`, does this for published files)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import duckdb

from ouvert.engine.text import fold

TABULAR = (".csv", ".tsv", ".txt", ".xlsx", ".xls", ".ods", ".geojson", ".json")


class UnreadableFile(Exception):
    """The file cannot be read as a table (message in French)."""


def slug(header: str, index: int, seen: set[str]) -> str:
    base = re.sub(r"[^0-9a-z]+", "_", fold(header)).strip("_") or f"colonne_{index + 1}"
    if base[0].isdigit():
        base = "c_" + base
    name, suffix = base, 2
    while name in seen or name == "__id":
        name, suffix = f"{base}_{suffix}", suffix + 1
    seen.add(name)
    return name


def to_parquet(path: Path, target: Path, con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Write the file's first table to `target`; return {column: original header}."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xls", ".ods"):
            header, rows = _spreadsheet(path)
            return _write_rows(header, rows, target, con)
        if suffix in (".geojson", ".json"):
            header, rows = _geojson(path)
            return _write_rows(header, rows, target, con)
        return _csv(path, target, con)
    except UnreadableFile:
        raise
    except Exception as error:  # every reader's failure is the same for the user
        raise UnreadableFile(f"Le fichier {path.name} n'a pas pu être lu : {error}") from error


def _csv(path: Path, target: Path, con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    from charset_normalizer import from_path

    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
        source = path
    except UnicodeDecodeError:
        best = from_path(path).best()
        encoding = best.encoding if best else "cp1252"
        source = target.with_suffix(".utf8.csv")
        source.write_text(raw.decode(encoding, errors="replace"), encoding="utf-8")
    quoted = "'" + str(source).replace("'", "''") + "'"
    options = (
        "all_varchar=true, header=true, sample_size=-1, strict_mode=false, null_padding=true, "
        "parallel=false"
    )
    relation = con.sql(f"SELECT * FROM read_csv({quoted}, {options})")  # noqa: S608
    seen: set[str] = set()
    names = [slug(header, i, seen) for i, header in enumerate(relation.columns)]
    labels = dict(zip(names, relation.columns, strict=True))
    select = ", ".join(
        f'nullif(trim("{old.replace(chr(34), chr(34) * 2)}"), \'\') AS "{new}"'
        for old, new in zip(relation.columns, names, strict=True)
    )
    target_sql = "'" + str(target).replace("'", "''") + "'"
    con.execute(
        f"COPY (SELECT {select} FROM read_csv({quoted}, {options})) "  # noqa: S608
        f"TO {target_sql} (FORMAT parquet)"
    )
    return labels


def _spreadsheet(path: Path) -> tuple[list[str], list[list[object]]]:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    for name in workbook.sheet_names:
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=True)
        rows = [row for row in rows if any(cell not in ("", None) for cell in row)]
        if rows:
            header = [str(cell) if cell not in (None, "") else "" for cell in rows[0]]
            return header, [list(row) for row in rows[1:]]
    raise UnreadableFile(f"Le classeur {path.name} ne contient aucune feuille remplie.")


def _geojson(path: Path) -> tuple[list[str], list[list[object]]]:
    from shapely.geometry import shape

    data = json.loads(path.read_text(encoding="utf-8", errors="replace"))
    features = data.get("features", []) if isinstance(data, dict) else []
    keys: list[str] = []
    for feature in features:
        for key in feature.get("properties") or {}:
            if key not in keys:
                keys.append(key)
    rows = []
    for feature in features:
        properties = feature.get("properties") or {}
        geometry = feature.get("geometry")
        wkb = shape(geometry).wkb if geometry else None
        rows.append([properties.get(key) for key in keys] + [wkb])
    return [*keys, "geometry"], rows


def _write_rows(
    header: list[str], rows: list[list[object]], target: Path, con: duckdb.DuckDBPyConnection
) -> dict[str, str]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    seen: set[str] = set()
    geometry = header[-1:] == ["geometry"]
    names = [slug(h, i, seen) for i, h in enumerate(header[:-1] if geometry else header)]
    arrays = {}
    for index, name in enumerate(names):
        cells = [row[index] if index < len(row) else None for row in rows]
        arrays[name] = pa.array([_text(cell) for cell in cells], pa.string())
    if geometry:
        arrays["geometry"] = pa.array([row[-1] for row in rows], pa.binary())
        names.append("geometry")
    pq.write_table(pa.table(arrays), target)
    labels = dict(zip(names, header, strict=False))
    return labels


def _text(cell: object) -> str | None:
    if cell is None:
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = str(cell).strip()
    return text or None


def sniff_is_table(path: Path) -> bool:
    if path.suffix.lower() in TABULAR:
        return True
    try:
        with path.open(newline="", encoding="utf-8", errors="replace") as handle:
            csv.Sniffer().sniff(handle.read(4096))
        return True
    except csv.Error:
        return False
