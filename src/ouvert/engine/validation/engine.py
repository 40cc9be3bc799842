# ruff: noqa: S608 — SQL is built from column names c1…cN and literals quoted by sql_literal
"""validate(): a CSV file against a Table Schema, every check as SQL over whole columns.

The file is loaded once into DuckDB (reading.py); each field gives one query selecting the rows
in error (type, then constraints, as frictionless-py orders them), plus queries for missing and
extra cells, blank rows, unique values, the primary key and the custom checks. All land in one
table `errs(rid, pos, type, kind, ord, ref)`; only the first `Limits.errors_per_type` of each type
are read back, with their cells, into the report, the rest are counted.
"""

from __future__ import annotations

import os
import tempfile
import time
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from duckdb.sqltypes import VARCHAR

from ouvert.engine.validation import custom, messages
from ouvert.engine.validation.header import match_header
from ouvert.engine.validation.pyregex import sql_literal
from ouvert.engine.validation.reading import CsvFile, ReadError, load, prepare
from ouvert.engine.validation.registry import load_schema
from ouvert.engine.validation.report import Report, ValidationError
from ouvert.engine.validation.schema import Field, Schema
from ouvert.engine.validation.sqlcast import DIGITS_UDF, SqlCast, ascii_digits, sql_cast
from ouvert.engine.validation.values import canonical, cell_notes, read_value

CONSTRAINT_ORDER = {
    name: i
    for i, name in enumerate(
        (
            "type",
            "required",
            "minLength",
            "maxLength",
            "pattern",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "enum",
        )
    )
}
# order of the error groups within a row, as frictionless-py reports them
GROUP = {"cell": 0, "extra-cell": 1, "missing-cell": 2, "unique-error": 3, "primary-key": 4}
CUSTOM_GROUP = 5
KIND_TYPE = "CASE WHEN kind = 'type' THEN 'type-error' ELSE 'constraint-error' END"


@dataclass(frozen=True)
class Limits:
    errors_per_type: int = 1000  # errors of one type kept in the report; the rest are counted
    memory: str = "700MB"  # DuckDB's memory limit (it spills to a temporary folder beyond it)
    threads: int | None = None


class _Numbering:
    """DuckDB skips empty lines; frictionless-py counts them as records."""

    def __init__(self, empty_records: list[int]) -> None:
        self.thresholds = [b - j for j, b in enumerate(empty_records)]

    def row(self, rid: int) -> int:
        k = rid + 1
        return k + bisect_right(self.thresholds, k)


def _missing_sql(column: str, values: tuple[str, ...]) -> str:
    if not values:
        return f"({column} IS NULL)"
    listed = ", ".join(sql_literal(v) for v in values)
    return f"({column} IS NULL OR {column} IN ({listed}))"


class _Run:
    def __init__(self, con: duckdb.DuckDBPyConnection, schema: Schema, fields: list[Field]):
        self.con = con
        self.schema = schema
        self.fields = fields  # expected field per column
        self.casts: dict[int, SqlCast | None] = {}
        self.python_values: dict[int, str] = {}  # pos -> table of distinct values' verdicts
        self.custom_notes: list[str] = []  # a custom error's `ref` indexes its note here
        con.create_function(DIGITS_UDF, ascii_digits, [VARCHAR], VARCHAR, side_effects=False)
        con.execute(
            "create temp table errs (rid BIGINT, pos INTEGER, type VARCHAR, kind VARCHAR, "
            "ord INTEGER, ref BIGINT, note VARCHAR)"
        )

    def missing(self, pos: int) -> str:
        f = self.fields[pos - 1]
        return _missing_sql(f"c{pos}", self.schema.missing_values_of(f))

    def insert(self, select: str) -> None:
        self.con.execute(f"insert into errs (rid, pos, type, kind, ord, ref, note) {select}")

    # -- cells --------------------------------------------------------------------------

    def field_checks(self, pos: int) -> None:
        f = self.fields[pos - 1]
        x = f"c{pos}"
        miss = self.missing(pos)
        if f.required:
            self.insert(
                f"select rowid, {pos}, 'constraint-error', 'required', 1, NULL, NULL "
                f"from raw where rowid >= 1 and {miss}"
            )
        cast = self._cast(f, x)
        self.casts[pos] = cast
        if cast is None:
            self._python_field(pos, f)
            return
        if cast.valid == "TRUE" and not cast.checks:
            return
        failures = ["NOT ok"] + [f"NOT coalesce({t}, TRUE)" for t in cast.checks.values()]
        kinds = ", ".join(
            f"CASE WHEN NOT coalesce({t}, TRUE) THEN '{name}' END"
            for name, t in cast.checks.items()
        )
        kinds_sql = (
            "CASE WHEN NOT ok THEN ['type'] "
            f"ELSE list_filter([{kinds}], lambda k: k IS NOT NULL) END"
            if kinds
            else "['type']"
        )
        value = f", {cast.value} AS v" if cast.checks else ""
        if not cast.checks:
            self.insert(
                f"select rowid, {pos}, 'type-error', 'type', NULL, NULL, NULL from raw "
                f"where rowid >= 1 and NOT {miss} and NOT {cast.valid}"
            )
            return
        self.insert(
            f"select rid, {pos}, {KIND_TYPE}, kind, NULL, NULL, NULL from ("
            f"select rid, unnest({kinds_sql}) AS kind from ("
            f"select rowid AS rid, {cast.valid} AS ok{value} from raw "
            f"where rowid >= 1 and NOT {miss}) where {' OR '.join(failures)})"
        )

    def _cast(self, f: Field, x: str) -> SqlCast | None:
        cast = sql_cast(f, x)
        if cast is None:
            return None
        try:  # an RE2 pattern DuckDB rejects falls back to Python
            self.con.execute(
                f"select {', '.join(cast.checks.values()) or 'TRUE'} from ("
                f"select {cast.valid} AS ok, {cast.value} AS v "
                f"from (select NULL::VARCHAR AS {x})) limit 0"
            )
        except duckdb.Error:
            return None
        return cast

    def _python_field(self, pos: int, f: Field) -> None:
        """Read each distinct value in Python; keep the verdicts of those in error."""
        x = f"c{pos}"
        notes = cell_notes(f)
        needs_key = self._needs_key(f)
        table = f"py{pos}"
        self.con.execute(f"create temp table {table} (v VARCHAR, kinds VARCHAR[], k VARCHAR)")
        distinct = self.con.execute(
            f"select distinct {x} from raw where rowid >= 1 and NOT {self.missing(pos)}"
        ).fetchall()
        rows = []
        for (value,) in distinct:
            ok, failed, typed = notes(value)
            kinds = ["type"] if not ok else failed
            key = canonical(typed) if ok and needs_key else None
            if kinds or key is not None:
                rows.append((value, kinds, key))
        if rows:
            self.con.executemany(f"insert into {table} values (?, ?, ?)", rows)
        self.python_values[pos] = table
        self.insert(
            f"select rid, {pos}, {KIND_TYPE}, "
            f"kind, NULL, NULL, NULL from (select raw.rowid AS rid, unnest(p.kinds) AS kind "
            f"from raw join {table} p on raw.{x} = p.v where raw.rowid >= 1 and len(p.kinds) > 0)"
        )

    def _needs_key(self, f: Field) -> bool:
        return bool(f.constraints.get("unique")) or f.name in self.schema.primary_key

    def key_sql(self, pos: int) -> tuple[str, str]:
        """(SQL key of the typed value, NULL when missing or invalid; join clause)."""
        cast = self.casts.get(pos)
        miss = self.missing(pos)
        if cast is not None:
            return f"CASE WHEN NOT {miss} AND {cast.valid} THEN {cast.value}::VARCHAR END", ""
        table = self.python_values[pos]
        return (
            f"CASE WHEN NOT {miss} THEN k{pos}.k END",
            f" left join {table} k{pos} on raw.c{pos} = k{pos}.v",
        )

    def unique(self, pos: int, number: bool = False) -> None:
        key, join = self.key_sql(pos)
        # frictionless-py compares Decimal values: NaN equals nothing, not even another NaN.
        nan = " AND lower(key) NOT IN ('nan', '-nan')" if number else ""
        self.insert(
            f"select rid, {pos}, 'unique-error', 'unique', NULL, prev, NULL from ("
            f"select rid, key, lag(rid) over (partition by key order by rid) AS prev from ("
            f"select raw.rowid AS rid, {key} AS key from raw{join} where raw.rowid >= 1)"
            f" where key IS NOT NULL{nan}) where prev IS NOT NULL"
        )

    def primary_key(self, positions: list[int], numbers: frozenset[int] = frozenset()) -> None:
        keys, joins = [], ""
        for pos in positions:
            key, join = self.key_sql(pos)
            if pos in numbers:  # a NaN equals nothing (frictionless-py compares Decimals)
                nan = f"lower({key}) IN ('nan', '-nan')"
                key = f"CASE WHEN {nan} THEN 'nan#' || raw.rowid ELSE {key} END"
            keys.append(key)
            joins += join
        names = ", ".join(f"k{i}" for i in range(len(keys)))
        selected = ", ".join(f"{k} AS k{i}" for i, k in enumerate(keys))
        all_null = " AND ".join(f"k{i} IS NULL" for i in range(len(keys)))
        self.insert(
            f"select rid, NULL, 'primary-key', 'primary-key', NULL, prev, NULL from ("
            f"select rid, {all_null} AS empty, "
            f"lag(rid) over (partition by {names} order by rid) AS prev "
            f"from (select raw.rowid AS rid, {selected} from raw{joins} where raw.rowid >= 1)) "
            "where empty OR prev IS NOT NULL"
        )


def validate(
    path: str | Path,
    schema: Any,
    *,
    limits: Limits | None = None,
    name: str | None = None,
) -> Report:
    """Validate the CSV file at `path` against `schema` (see registry.load_schema)."""
    started = time.perf_counter()
    limits = limits or Limits()
    parsed = load_schema(schema)
    path = Path(path)
    display = name or path.stem
    try:
        source = prepare(path)
    except ReadError as exc:
        return _failed(path, display, parsed, str(exc), started)
    workdir = tempfile.mkdtemp(prefix="ouvert-validation-")
    con = duckdb.connect(config={"memory_limit": limits.memory, "temp_directory": workdir})
    if limits.threads:
        con.execute(f"SET threads = {int(limits.threads)}")
    try:
        return _validate(con, source, path, display, parsed, limits, started)
    except ReadError as exc:
        return _failed(path, display, parsed, str(exc), started)
    finally:
        con.close()
        source.cleanup()
        for leftover in Path(workdir).glob("*"):
            leftover.unlink(missing_ok=True)
        os.rmdir(workdir)


def _failed(path: Path, display: str, schema: Schema, message: str, started: float) -> Report:
    error = ValidationError(type="source-error", message=message, note=message)
    return Report(
        valid=False,
        errors=[error],
        error_counts={"source-error": 1},
        seconds=time.perf_counter() - started,
        place=str(path),
        name=display,
        labels=[],
        fields=len(schema.fields),
        rows=0,
        schema=schema.name,
    )


def _validate(
    con: duckdb.DuckDBPyConnection,
    source: CsvFile,
    path: Path,
    display: str,
    schema: Schema,
    limits: Limits,
    started: float,
) -> Report:
    width, empty_records = load(con, source)
    numbering = _Numbering(empty_records)
    header_rows = con.execute(
        f"select {', '.join(f'c{i}' for i in range(1, width + 1))} from raw where rowid = 0"
    ).fetchall()
    header = header_rows[0] if header_rows else None
    if header is None:
        return _failed(path, display, schema, "Le fichier est vide.", started)
    labels = [cell for cell in header if cell is not None]
    empty_after_header = [b for b in empty_records if b > 1]
    fields, issues = match_header(labels, schema)
    n = len(labels)
    run = _Run(con, schema, fields)
    for pos in range(1, n + 1):
        run.field_checks(pos)
    # row shape: missing and extra cells
    if n:
        con.execute(
            f"create temp table shapes as select rid, width from (select rowid AS rid, "
            f"{' + '.join(f'(c{i} IS NOT NULL)::INT' for i in range(1, width + 1))} AS width "
            f"from raw where rowid >= 1 and (c{n} IS NULL or c{n + 1} IS NOT NULL)) "
            f"where width <> {n}"
        )
        run.insert(
            f"select rid, unnest(range(width + 1, {n + 1})), 'missing-cell', 'missing-cell', "
            f"NULL, NULL, NULL from shapes where width < {n}"
        )
        run.insert(
            f"select rid, unnest(range({n + 1}, width + 1)), 'extra-cell', 'extra-cell', "
            f"NULL, NULL, NULL from shapes where width > {n}"
        )
    # blank rows keep only their blank-row (and primary-key) error
    blank_test = " AND ".join(run.missing(p) for p in range(1, n + 1)) or "TRUE"
    con.execute(
        "create temp table blanks as select rowid AS rid from raw "
        f"where rowid >= 1 and {blank_test}"
    )
    con.execute("delete from errs where rid in (select rid from blanks)")
    run.insert("select rid, NULL, 'blank-row', 'blank-row', NULL, NULL, NULL from blanks")
    # uniqueness and primary key, on typed values
    positions = {f.name: i for i, f in enumerate(fields, start=1)}
    for pos, f in enumerate(fields, start=1):
        if f.constraints.get("unique"):
            run.unique(pos, number=f.type == "number")
    if schema.primary_key and all(k in positions for k in schema.primary_key):
        run.primary_key(
            [positions[k] for k in schema.primary_key],
            frozenset(i for i, f in enumerate(fields, start=1) if f.type == "number"),
        )
    # custom checks (Validata)
    cols = custom.Columns(position=positions, missing=lambda name: run.missing(positions[name]))
    _custom_checks(con, run, schema, cols)
    # sort keys
    order = (
        "CASE type "
        + " ".join(f"WHEN '{t}' THEN {g * 100}" for t, g in GROUP.items())
        + " WHEN 'type-error' THEN 0 WHEN 'constraint-error' THEN 0 WHEN 'blank-row' THEN 0"
        + f" ELSE {CUSTOM_GROUP * 100} END"
        + " + CASE kind "
        + " ".join(f"WHEN '{k}' THEN {v}" for k, v in CONSTRAINT_ORDER.items())
        + " ELSE 0 END"
    )
    counts = dict(con.execute("select type, count(*) from errs group by type").fetchall())
    counts = {t: int(c) for t, c in counts.items()}
    con.execute(
        "create temp table kept as select * from ("
        f"select rid, pos, type, kind, ref, note, {order} AS ord from errs) "
        "qualify row_number() over "
        f"(partition by type order by rid, ord, pos) <= {int(limits.errors_per_type)}"
    )
    kept = con.execute(
        "select rid, pos, type, kind, ref, note from kept order by rid, ord, pos"
    ).fetchall()
    cells = _cells(con, width)
    errors = [_header_error(issue, labels) for issue in issues]
    for issue in issues:
        counts[issue.type] = counts.get(issue.type, 0) + 1
    rows_in_blank_records = [
        ValidationError(
            type="blank-row",
            message=messages.row_message("blank-row", b, ""),
            row_number=b,
            cells=[],
        )
        for b in empty_after_header
    ]
    for rid, pos, kind_type, kind, ref, note in kept:
        row = cells.get(int(rid), [])
        if kind_type not in ("unique-error", "primary-key") and ref is not None:
            note, ref = run.custom_notes[int(ref)], None
        errors.append(
            _cell_error(kind_type, kind, int(rid), pos, ref, note, row, fields, numbering)
        )
    if empty_after_header:
        counts["blank-row"] = counts.get("blank-row", 0) + len(empty_after_header)
        if schema.primary_key and all(k in positions for k in schema.primary_key):
            for b in empty_after_header:
                rows_in_blank_records.append(
                    ValidationError(
                        type="primary-key",
                        message=messages.row_message("primary-key", b, "null"),
                        note="les valeurs de la clé primaire sont toutes vides",
                        row_number=b,
                        cells=[],
                    )
                )
            counts["primary-key"] = counts.get("primary-key", 0) + len(empty_after_header)
        errors = _merge_blank_records(errors, rows_in_blank_records, limits)
    total_rows = con.execute("select count(*) from raw").fetchall()[0]
    rows = (int(total_rows[0]) if total_rows else 1) - 1 + len(empty_after_header)
    counts = {t: c for t, c in counts.items() if c}
    warnings = list(source.notes)
    report = Report(
        valid=not counts,
        errors=errors,
        error_counts=counts,
        seconds=time.perf_counter() - started,
        place=str(path),
        name=display,
        labels=labels,
        fields=len(schema.fields),
        rows=rows,
        encoding=source.encoding,
        delimiter=source.delimiter,
        schema=schema.name,
        warnings=warnings,
        bytes=path.stat().st_size,
    )
    if report.omitted:
        report.warnings.append(
            f"Seules les {limits.errors_per_type} premières erreurs de chaque type sont "
            "détaillées ; "
            f"{sum(report.omitted.values())} autres sont comptées sans être listées."
        )
    return report


def _merge_blank_records(
    errors: list[ValidationError], extra: list[ValidationError], limits: Limits
) -> list[ValidationError]:
    header = [e for e in errors if e.row_number is None]
    rows = [e for e in errors if e.row_number is not None] + extra
    rows.sort(key=lambda e: (e.row_number or 0, 0 if e.type == "blank-row" else 1))
    kept: list[ValidationError] = []
    seen: dict[str, int] = {}
    for error in rows:
        seen[error.type] = seen.get(error.type, 0) + 1
        if seen[error.type] <= limits.errors_per_type:
            kept.append(error)
    return header + kept


def _custom_checks(
    con: duckdb.DuckDBPyConnection, run: _Run, schema: Schema, cols: custom.Columns
) -> None:
    for check in schema.custom_checks:
        name = str(check.get("name", ""))
        for kind_type, note, sql in custom.check_sql(check, cols):
            run.custom_notes.append(note)
            run.insert(
                f"select e.rid, e.pos, {sql_literal(kind_type)}, {sql_literal(kind_type)}, "
                f"NULL, {len(run.custom_notes) - 1}, NULL "
                f"from ({sql}) e anti join blanks b on e.rid = b.rid"
            )
        if name in custom.PYTHON_CHECKS:
            column = (check.get("params") or {}).get("column")
            if not isinstance(column, str) or column not in cols.position:
                continue
            test, note = custom.PYTHON_CHECKS[name]
            pos = cols.position[column]
            bad = [
                (value,)
                for (value,) in con.execute(
                    f"select distinct c{pos} from raw where rowid >= 1 and NOT {run.missing(pos)}"
                ).fetchall()
                if not test(value)
            ]
            table = f"custom_{len(con.execute('show tables').fetchall())}"
            con.execute(f"create temp table {table} (v VARCHAR)")
            if bad:
                con.executemany(f"insert into {table} values (?)", bad)
            run.custom_notes.append(note)
            run.insert(
                f"select raw.rowid, {pos}, {sql_literal(name)}, {sql_literal(name)}, NULL, "
                f"{len(run.custom_notes) - 1}, NULL from raw join {table} b on raw.c{pos} = b.v "
                "where raw.rowid >= 1 and raw.rowid not in (select rid from blanks)"
            )


def _cells(con: duckdb.DuckDBPyConnection, width: int) -> dict[int, list[str]]:
    """The cells of the rows table `kept` names."""
    columns = ", ".join(f"c{i}" for i in range(1, width + 1))
    out: dict[int, list[str]] = {}
    rows = con.execute(
        f"select rowid, {columns} from raw where rowid in (select distinct rid from kept)"
    ).fetchall()
    for row in rows:
        out[int(row[0])] = [c for c in row[1:] if c is not None]
    return out


def _header_error(issue: Any, labels: list[str]) -> ValidationError:
    return ValidationError(
        type=issue.type,
        message=messages.header_message(
            issue.type, issue.label, issue.field_name, issue.field_number
        ),
        note=issue.note and f"déjà à la position {issue.note}",
        field_name=issue.field_name,
        field_number=issue.field_number,
        label=issue.label,
        labels=labels,
    )


def _cell_error(
    kind_type: str,
    kind: str,
    rid: int,
    pos: int | None,
    ref: int | None,
    note: str | None,
    row: list[str],
    fields: list[Field],
    numbering: _Numbering,
) -> ValidationError:
    row_number = numbering.row(rid)
    if kind_type in ("blank-row", "primary-key"):
        detail = "null" if ref is None else str(numbering.row(int(ref)))
        text = (
            "les valeurs de la clé primaire sont toutes vides"
            if kind_type == "primary-key" and ref is None
            else (f"mêmes valeurs qu’à la ligne {detail}" if kind_type == "primary-key" else "")
        )
        return ValidationError(
            type=kind_type,
            message=messages.row_message(kind_type, row_number, detail),
            note=text,
            row_number=row_number,
            cells=row,
        )
    assert pos is not None
    field = fields[pos - 1] if pos <= len(fields) else None
    cell = row[pos - 1] if pos <= len(row) else ""
    field_name = field.name if field is not None and kind_type != "extra-cell" else ""
    if kind_type == "unique-error" and ref is not None:
        note = f"même valeur qu’à la ligne {numbering.row(int(ref))}"
    elif kind_type == "constraint-error" and field is not None:
        note = messages.constraint_note(kind, field.constraints.get(kind))
    elif kind_type == "type-error" and field is not None:
        note = messages.type_note(field)
    return ValidationError(
        type=kind_type,
        message=messages.cell_message(kind_type, kind, cell, row_number, field, pos, note or ""),
        note=note or "",
        row_number=row_number,
        field_name=field_name,
        field_number=pos,
        cell=cell,
        cells=row,
        constraint=kind if kind_type == "constraint-error" else None,
    )


__all__ = ["Limits", "read_value", "validate"]
