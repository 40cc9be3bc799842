# ruff: noqa: S608 — SQL is built from column names c1…cN and literals quoted by sql_literal
"""validate(): a CSV file against a Table Schema, every check as SQL, in one pass over the file.

Every check that looks at one row (types, constraints, row shape, blank rows, most custom checks)
is a SQL condition evaluated while DuckDB reads the file (reading.py). The pass writes table
`raw`, one row per record (`rowid` in file order, 0 the header), holding only what is needed
afterwards:

* `__e0`, `__e1`…: bit masks of the row's errors (`_Run.codes` says which field, type and
  constraint each bit is), 0 for a row without any; `__width`: its number of cells when that is
  wrong; `__blank`;
* `__cells`: the row's cells, kept only for rows in error;
* `c{p}` for the few columns read whole afterwards: unique values, the primary key, values read
  in Python (formats DuckDB has no cast for) and the custom checks written in Python.

Not storing every cell of every row is what makes the pass fast: it costs little more than
DuckDB reading the file. All errors land in table `errs(rid, pos, type, kind, ord, ref)`; only
the first `Limits.errors_per_type` of each type are read back, with their cells, into the report,
the rest are counted.
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
from ouvert.engine.validation.reading import (
    Cells,
    ReadError,
    TableCells,
    empty_records,
    first_record,
    prepare,
    run_over,
)
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
MASK_BITS = 62  # error codes per BIGINT mask of the pass
KIND_TYPE = "CASE WHEN kind = 'type' THEN 'type-error' ELSE 'constraint-error' END"


@dataclass(frozen=True)
class Limits:
    errors_per_type: int = 1000  # errors of one type kept in the report; the rest are counted
    memory: str = "700MB"  # DuckDB's memory limit (it spills to a temporary folder beyond it)
    threads: int | None = None


class _Numbering:
    """DuckDB skips empty lines; frictionless-py counts them as records. `first` is the row
    number of the header (record `rid` 0)."""

    def __init__(self, empty_records: list[int], first: int = 1) -> None:
        self.thresholds = [b - j for j, b in enumerate(empty_records)]
        self.first = first

    def row(self, rid: int) -> int:
        k = rid + self.first
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
        # the errors found in the pass: code -> (pos, type, kind, ref) and its SQL condition
        self.codes: list[tuple[int, str, str, int | None]] = []
        self.conditions: list[str] = []
        self.helpers: dict[str, str] = {}  # name -> SQL computed once per row, before the rest
        self.whole: set[int] = set()  # columns read whole after the pass
        self.python_fields: list[int] = []
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

    def code(
        self, pos: int, kind_type: str, kind: str, condition: str, ref: int | None = None
    ) -> None:
        self.codes.append((pos, kind_type, kind, ref))
        self.conditions.append(condition)

    # -- cells --------------------------------------------------------------------------

    def field_checks(self, pos: int) -> None:
        """The field's type and constraint checks, as conditions of the pass."""
        f = self.fields[pos - 1]
        miss = f"__m{pos}"  # computed once per row by the pass (see table_sql)
        if f.required:
            self.code(pos, "constraint-error", "required", miss)
        value = f"__v{pos}"
        cast = self._cast(f, f"c{pos}", value)
        self.casts[pos] = cast
        if cast is None:  # read in Python once the pass has kept the column
            self.whole.add(pos)
            self.python_fields.append(pos)
            return
        valid = "TRUE"
        if cast.valid != "TRUE":  # the type, for the cells that are there
            self.helpers[f"__ok{pos}"] = f"CASE WHEN NOT {miss} THEN {cast.valid} END"
            valid = f"__ok{pos}"
            self.code(pos, "type-error", "type", f"(NOT {valid})")
        if cast.checks:  # the typed value, for the cells that have one
            self.helpers[value] = f"CASE WHEN NOT {miss} THEN {cast.value} END"
        for name, test in cast.checks.items():
            self.code(
                pos,
                "constraint-error",
                name,
                f"(NOT {miss} AND ({valid}) IS NOT FALSE AND NOT coalesce({test}, TRUE))",
            )

    def _cast(self, f: Field, x: str, value: str) -> SqlCast | None:
        cast = sql_cast(f, x, value)
        if cast is None:
            return None
        try:  # an RE2 pattern DuckDB rejects falls back to Python
            self.con.execute(
                f"select {', '.join(cast.checks.values()) or 'TRUE'} from ("
                f"select {cast.valid} AS ok, {cast.value} AS {value} "
                f"from (select NULL::VARCHAR AS {x})) limit 0"
            )
        except duckdb.Error:
            return None
        return cast

    def row_check(self, check: custom.RowCheck) -> None:
        """A custom check, as a condition of the pass."""
        self.helpers.update(check.helpers)
        self.custom_notes.append(check.note)
        ref = len(self.custom_notes) - 1
        self.code(check.pos, check.type, check.type, check.error, ref)

    def table_sql(self, width: int, n: int) -> str:
        """The pass: read the file ({scan}) into table `raw` (see the module's docstring).

        Layers, each computing once per row what the next reads: whether each cell is missing
        (`__m{p}`); the cells' types and typed values and the custom checks' helpers; then every
        error condition once, folded into bit masks `__e{g}` (bit b of group g is code
        g * MASK_BITS + b)."""
        cells = ", ".join(f"c{i}" for i in range(1, width + 1))
        missing = "".join(f", {self.missing(p)} AS __m{p}" for p in range(1, n + 1))
        helpers = "".join(f", {sql} AS {name}" for name, sql in self.helpers.items())
        masks = []
        for start in range(0, len(self.conditions), MASK_BITS):
            group = self.conditions[start : start + MASK_BITS]
            terms = " + ".join(
                f"CASE WHEN {condition} THEN {1 << bit}::BIGINT ELSE 0 END"
                for bit, condition in enumerate(group)
            )
            masks.append(f"({terms}) AS __e{start // MASK_BITS}")
        groups = len(masks)
        any_error = " OR ".join(f"__e{g} <> 0" for g in range(groups)) or "FALSE"
        shape = f"(c{n} IS NULL OR c{n + 1} IS NOT NULL)" if n else "FALSE"
        blank = " AND ".join(f"__m{p}" for p in range(1, n + 1)) or "TRUE"
        count = " + ".join(f"(c{i} IS NOT NULL)::INT" for i in range(1, width + 1))
        whole = "".join(f"c{p}, " for p in sorted(self.whole))
        stored = "".join(f"__e{g}, " for g in range(groups))
        masked = f"select *, {', '.join(masks)} from " if masks else "select * from "
        return (
            f"create or replace table raw as select {whole}{stored}"
            f"CASE WHEN {shape} THEN {count} END AS __width, {blank} AS __blank, "
            f"c{width} IS NOT NULL AS __over, "
            f"CASE WHEN {any_error} OR {shape} OR {blank} THEN [{cells}] END AS __cells "
            f"from ({masked}(select *{helpers} from (select *{missing} from {{scan}})))"
        )

    def pass_errors(self, n: int) -> None:
        """Errors the pass found, row shapes included, into `errs`."""
        self.con.execute(
            "create temp table codes (grp INTEGER, bit INTEGER, pos INTEGER, type VARCHAR, "
            "kind VARCHAR, ref BIGINT)"
        )
        if self.codes:
            self.con.executemany(
                "insert into codes values (?, ?, ?, ?, ?, ?)",
                [(i // MASK_BITS, i % MASK_BITS, *code) for i, code in enumerate(self.codes)],
            )
        for group in range((len(self.codes) + MASK_BITS - 1) // MASK_BITS):
            self.insert(
                "select e.rid, c.pos, c.type, c.kind, NULL, c.ref, NULL from ("
                f"select rowid AS rid, __e{group} AS mask from raw "
                f"where rowid >= 1 and __e{group} <> 0) e join codes c "
                f"on c.grp = {group} and (e.mask >> c.bit) & 1 = 1"
            )
        if not n:
            return
        shapes = "from raw where rowid >= 1 and __width IS NOT NULL and __width"
        self.insert(
            f"select rowid, unnest(range(__width + 1, {n + 1})), 'missing-cell', "
            f"'missing-cell', NULL, NULL, NULL {shapes} < {n}"
        )
        self.insert(
            f"select rowid, unnest(range({n + 1}, __width + 1)), 'extra-cell', 'extra-cell', "
            f"NULL, NULL, NULL {shapes} > {n}"
        )

    def python_field(self, pos: int) -> None:
        """Read each distinct value in Python; keep the verdicts of those in error."""
        f = self.fields[pos - 1]
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


def validate_table(
    cells: TableCells,
    schema: Any,
    *,
    limits: Limits | None = None,
    name: str | None = None,
    place: str | None = None,
    size: int | None = None,
) -> Report:
    """Validate a table another reader already read (`TableCells`, the ingestion's text view)
    against `schema`: the same checks and report as `validate`, row numbers those of the file.
    `place` and `size` name the original file in the report."""
    started = time.perf_counter()
    limits = limits or Limits()
    parsed = load_schema(schema)
    display = name or cells.path.stem
    workdir = tempfile.mkdtemp(prefix="ouvert-validation-")
    con = duckdb.connect(config={"memory_limit": limits.memory, "temp_directory": workdir})
    if limits.threads:
        con.execute(f"SET threads = {int(limits.threads)}")
    try:
        report = _validate(con, cells, cells.path, display, parsed, limits, started)
    except ReadError as exc:
        report = _failed(cells.path, display, parsed, str(exc), started)
    finally:
        con.close()
        for leftover in Path(workdir).glob("*"):
            leftover.unlink(missing_ok=True)
        os.rmdir(workdir)
    report.place = place or report.place
    report.bytes = size if size is not None else report.bytes
    return report


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
    source: Cells,
    path: Path,
    display: str,
    schema: Schema,
    limits: Limits,
    started: float,
) -> Report:
    width, header = first_record(con, source)
    if header is None:
        return _failed(path, display, schema, "Le fichier est vide.", started)
    labels = [cell for cell in header if cell is not None]
    fields, issues = match_header(labels, schema)
    n = len(labels)
    run = _Run(con, schema, fields)
    for pos in range(1, n + 1):
        run.field_checks(pos)
    positions = {f.name: i for i, f in enumerate(fields, start=1)}
    keyed = [p for p, f in enumerate(fields, start=1) if f.constraints.get("unique")]
    primary_key = bool(schema.primary_key) and all(k in positions for k in schema.primary_key)
    if primary_key:
        keyed += [positions[k] for k in schema.primary_key]
    run.whole.update(keyed)
    # in the pass, a cell's being missing is computed once per row (`__m{p}`)
    cols = custom.Columns(position=positions, missing=lambda name: f"__m{positions[name]}")
    python_checks = _custom_checks(run, schema, cols)
    run.whole.update(pos for _, pos in python_checks)
    # the pass, wider when a row has more cells than the width read
    while True:
        run_over(con, source, width, run.table_sql(width, n))
        if not con.execute("select bool_or(__over) from raw").fetchall()[0][0]:
            break
        width *= 2
    records = con.execute("select count(*) from raw").fetchall()[0][0]
    blank_records = empty_records(source, records)
    numbering = _Numbering(blank_records, source.first_row)
    empty_after_header = [b for b in blank_records if b > source.first_row]
    run.pass_errors(n)
    for pos in run.python_fields:
        run.python_field(pos)
    # blank rows keep only their blank-row (and primary-key) error
    con.execute(
        "create temp table blanks as select rowid AS rid from raw where rowid >= 1 and __blank"
    )
    con.execute("delete from errs where rid in (select rid from blanks)")
    run.insert("select rid, NULL, 'blank-row', 'blank-row', NULL, NULL, NULL from blanks")
    # uniqueness and primary key, on typed values
    for pos, f in enumerate(fields, start=1):
        if f.constraints.get("unique"):
            run.unique(pos, number=f.type == "number")
    if primary_key:
        run.primary_key(
            [positions[k] for k in schema.primary_key],
            frozenset(i for i, f in enumerate(fields, start=1) if f.type == "number"),
        )
    # custom checks (Validata) written in Python
    for name, pos in python_checks:
        _python_check(con, run, name, pos)
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
    # the first errors of each type: one top-N per type (a heap), not a window over all errors
    con.execute(
        "create temp table kept (rid BIGINT, pos INTEGER, type VARCHAR, kind VARCHAR, "
        "ref BIGINT, note VARCHAR, ord INTEGER)"
    )
    for kind_type in counts:
        con.execute(
            "insert into kept select * from ("
            f"select rid, pos, type, kind, ref, note, {order} AS ord from errs where type = ?) "
            f"order by rid, ord, pos limit {int(limits.errors_per_type)}",
            [kind_type],
        )
    kept = con.execute(
        "select rid, pos, type, kind, ref, note from kept order by rid, ord, pos"
    ).fetchall()
    cells = _cells(con, source, width)
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


def _custom_checks(run: _Run, schema: Schema, cols: custom.Columns) -> list[tuple[str, int]]:
    """The custom checks of the pass; (name, column) of those run afterwards in Python."""
    later = []
    for number, check in enumerate(schema.custom_checks):
        name = str(check.get("name", ""))
        for row_check in custom.row_checks(check, cols, f"__c{number}_"):
            run.row_check(row_check)
        if name in custom.PYTHON_CHECKS:
            column = (check.get("params") or {}).get("column")
            if isinstance(column, str) and column in cols.position:
                later.append((name, cols.position[column]))
    return later


def _python_check(con: duckdb.DuckDBPyConnection, run: _Run, name: str, pos: int) -> None:
    """A custom check written in Python, once per distinct value of the column."""
    test, note = custom.PYTHON_CHECKS[name]
    bad = [
        (value,)
        for (value,) in con.execute(
            f"select distinct c{pos} from raw where rowid >= 1 and NOT {run.missing(pos)}"
        ).fetchall()
        if not test(value)
    ]
    table = f"custom_{len(run.custom_notes)}"
    con.execute(f"create temp table {table} (v VARCHAR)")
    if bad:
        con.executemany(f"insert into {table} values (?)", bad)
    run.custom_notes.append(note)
    run.insert(
        f"select raw.rowid, {pos}, {sql_literal(name)}, {sql_literal(name)}, NULL, "
        f"{len(run.custom_notes) - 1}, NULL from raw join {table} b on raw.c{pos} = b.v "
        "where raw.rowid >= 1 and raw.rowid not in (select rid from blanks)"
    )


def _cells(con: duckdb.DuckDBPyConnection, source: Cells, width: int) -> dict[int, list[str]]:
    """The cells of the rows table `kept` names. The pass kept those of the rows in error it
    found; for rows only later checks found in error (duplicates, values read in Python), the
    file is read again."""
    out: dict[int, list[str]] = {}
    rows = con.execute(
        "select rowid, __cells from raw where rowid in (select distinct rid from kept)"
    ).fetchall()
    for rid, cells in rows:
        if cells is not None:
            out[int(rid)] = [c for c in cells if c is not None]
    if len(out) < len(rows):
        run_over(con, source, width, "create temp table whole as select * from {scan}")
        columns = ", ".join(f"c{i}" for i in range(1, width + 1))
        again = con.execute(
            f"select rowid, {columns} from whole where rowid in "
            "(select distinct rid from kept) order by rowid"
        ).fetchall()
        for row in again:
            out.setdefault(int(row[0]), [c for c in row[1:] if c is not None])
        con.execute("drop table whole")
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


__all__ = ["Limits", "read_value", "validate", "validate_table"]
