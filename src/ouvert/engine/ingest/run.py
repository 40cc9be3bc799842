"""The ingestion of one file, step by step: read as text columns, plan the types on a sample,
verify them on every row in one scan, write the typed Parquet, profile it."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import duckdb
import duckdb.func as udf
import pyarrow as pa

from ouvert.engine.ingest import archives, detect, formats, geo, verdict
from ouvert.engine.ingest.errors import IngestError, TooWide, scrub
from ouvert.engine.ingest.formats import Referential
from ouvert.engine.ingest.jsonfile import read_json
from ouvert.engine.ingest.kinds import sniff_kind
from ouvert.engine.ingest.limits import DEFAULT_LIMITS, Limits, check_file_size
from ouvert.engine.ingest.raw import Raw, Source
from ouvert.engine.ingest.settings import Doubt, ReadingSettings
from ouvert.engine.ingest.spreadsheet import read_spreadsheet
from ouvert.engine.ingest.store import facets, profile, summarise, summary_sql, write_parquet
from ouvert.engine.ingest.text import read_text
from ouvert.engine.ingest.verdict import Box
from ouvert.engine.sql import quote_identifier
from ouvert.engine.tabular.query.layout import DEFAULT_LAYOUT
from ouvert.engine.text import counted

TYPED_TABLE = "typed_rows"
TYPED_VIEW = "typed"
TYPE_NAMES = {
    "integer": "des nombres entiers",
    "number": "des nombres",
    "boolean": "des booléens (oui/non)",
    "date": "des dates",
    "datetime": "des dates et heures",
}


@dataclass
class Ingested:
    parquet: Path
    row_count: int
    columns: list[dict[str, Any]]
    profile: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    is_geographic: bool = False
    kind: str = "csv"
    details: dict[str, Any] = field(default_factory=dict)
    # Every decision the reading took (given or detected): replayed, it reads the same table.
    settings: ReadingSettings = field(default_factory=ReadingSettings)
    # What looks wrong in the table (the engine reports; the platform holds the version).
    doubts: list[Doubt] = field(default_factory=list)


def _connect(workdir: Path, memory_limit: str, threads: int | None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(config={"memory_limit": memory_limit, "preserve_insertion_order": True})
    # No progress bar: on a long reading DuckDB would print it on the worker's standard output.
    con.execute("SET enable_progress_bar = false")
    temporary = workdir / "duckdb-tmp"
    temporary.mkdir(exist_ok=True)
    con.execute("SET temp_directory = ?", [str(temporary)])
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return con


def _read(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    kind: str,
    workdir: Path,
    settings: ReadingSettings,
    limits: Limits,
    min_width: int = 0,
) -> Raw:
    if kind == "csv":
        return read_text(unpacked(path, workdir, limits), workdir, limits, settings, min_width)
    if kind in ("xlsx", "xls", "ods"):
        return read_spreadsheet(con, path, kind, None, limits, settings)
    if kind == "json":
        return read_json(con, path, limits)
    return geo.read_vector(con, path, kind, workdir, limits, settings)


def unpacked(path: Path, workdir: Path, limits: Limits) -> Path:
    """The text file itself: a zip's single CSV is unpacked first."""
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic.startswith(b"PK\x03\x04"):
        return archives.single_text_member(path, workdir, limits)
    return path


def _attempt(
    con: duckdb.DuckDBPyConnection,
    raw: Raw,
    statement: Callable[[Source], str],
    sources: list[Source] | None = None,
) -> tuple[Source, Any]:
    """Runs the statement over the first source that reads; the others are tried in order,
    each only if the previous error calls for it."""
    failure: duckdb.Error | None = None
    for source in sources or raw.sources:
        if failure is not None and source.when and not source.when(str(failure).lower()):
            continue
        if source.prepare is not None and id(source.prepare) not in raw.prepared:
            source.prepare()
            raw.prepared.add(id(source.prepare))
        try:
            return source, con.execute(statement(source)).fetchall()
        except duckdb.OutOfMemoryException:
            raise
        except duckdb.Error as error:
            wider = _WIDER.search(str(error))
            if wider and int(wider.group(2)) > int(wider.group(1)):
                raise TooWide(int(wider.group(2))) from error
            if any(f in str(error).lower() for f in source.fatal) or raw.explain is None:
                explain = raw.explain or (
                    lambda m: f"Le fichier n'a pas pu être lu ({scrub(m.splitlines()[0])[:200]})."
                )
                raise IngestError(explain(str(error))) from error
            failure = error
    assert failure is not None and raw.explain is not None
    raise IngestError(raw.explain(str(failure)))


_WIDER = re.compile(r"Expected Number of Columns: (\d+) Found: (\d+)")


def _sample(con: duckdb.DuckDBPyConnection, raw: Raw) -> tuple[Source, list[tuple[Any, ...]]]:
    columns = ", ".join(quote_identifier(n) for n in raw.names)
    return _attempt(
        con, raw, lambda source: f"SELECT {columns} FROM {source.sql} LIMIT {detect.SAMPLE_ROWS}"
    )


def _blank(raw: Raw) -> str:
    """SQL true for a row with no value at all (DuckDB reads empty fields as NULL)."""
    return f"coalesce({', '.join(quote_identifier(n) for n in raw.names)}) IS NULL"


def _fail(index: int) -> str:
    return quote_identifier(f"__fail{index}")


def _materialise(
    con: duckdb.DuckDBPyConnection, raw: Raw, plans: list[detect.ColumnPlan], sources: list[Source]
) -> Source:
    """One read of the whole file into a table of typed columns, with, for the typed ones, the
    raw text of each value that did not convert (NULL almost everywhere), and a blank-row flag."""
    inner = [quote_identifier(n) for n in raw.names] + [f"{_blank(raw)} AS __blank"]
    outer = ["__blank"]
    for index, plan in enumerate(plans):
        value = quote_identifier(f"__v{index}")
        inner.append(f"{plan.sql()} AS {value}")
        outer.append(f"{value} AS {quote_identifier(plan.name)}")
        if plan.type != "string":
            failed = plan.failed(quote_identifier(plan.name), value)
            outer.append(
                f"CASE WHEN {failed} THEN {quote_identifier(plan.name)} END AS {_fail(index)}"
            )

    def statement(source: Source) -> str:
        return (
            f"CREATE OR REPLACE TABLE {TYPED_TABLE} AS SELECT {', '.join(outer)} "
            f"FROM (SELECT {', '.join(inner)} FROM {source.sql})"
        )

    source, _ = _attempt(con, raw, statement, sources)
    return source


@dataclass
class Checked:
    rows: int
    blanks: int
    notes: list[str]
    failed: bool
    summary: dict[str, Any]


def _check(
    con: duckdb.DuckDBPyConnection, raw: Raw, plans: list[detect.ColumnPlan], limits: Limits
) -> Checked:
    """Rows, blank rows, the longest text of each column, the values that did not convert to
    their column's planned type (counted, one quoted) and the range of numeric columns. Columns
    whose values do not all convert become text again (the caller reads them again)."""
    typed = [(i, p) for i, p in enumerate(plans) if p.type != "string"]
    texts = [p for p in plans if p.type == "string"]
    parts = ["count(*)", "count(*) FILTER (WHERE __blank)"]
    parts += [f"max(strlen({quote_identifier(p.name)}))" for p in texts]
    for index, plan in typed:
        column = quote_identifier(plan.name)
        numeric = plan.type in ("integer", "number")
        parts.append(
            f"count({_fail(index)}), any_value({_fail(index)}), "
            + (
                f"CAST(min({column}) AS DOUBLE), CAST(max({column}) AS DOUBLE)"
                if numeric
                else "NULL, NULL"
            )
        )
    parts += summary_sql(plans)
    found = con.execute(f"SELECT {', '.join(parts)} FROM {TYPED_TABLE}").fetchall()[0]
    rows, blanks = int(found[0]), int(found[1])
    for plan, longest in zip(texts, found[2 : 2 + len(texts)], strict=True):
        # strlen counts bytes: only a column that may be over the limit is measured in characters.
        if longest is not None and longest > limits.max_cell_length:
            column = quote_identifier(plan.name)
            characters = con.execute(f"SELECT max(length({column})) FROM {TYPED_TABLE}").fetchall()[
                0
            ][0]
            if characters > limits.max_cell_length:
                raise IngestError(
                    f"Une cellule de la colonne « {plan.label} » contient {characters} caractères, "
                    f"au-delà de la limite de {limits.max_cell_length} fixée par la plateforme."
                )
    drop_blank = raw.geometry is None
    total = rows - (blanks if drop_blank else 0)
    notes = []
    offset = 2 + len(texts)
    failed = False
    for position, (_index, plan) in enumerate(typed):
        failures, example, low, high = found[offset + 4 * position : offset + 4 * position + 4]
        if failures:
            failed = True
            notes.append(
                f"Colonne « {plan.label} » : {counted(failures, 'valeur')} sur {total} "
                f"{'n’est pas' if failures == 1 else 'ne sont pas'} "
                f"{TYPE_NAMES.get(plan.type, plan.type)} (par exemple « {str(example).strip()} ») "
                ": la colonne est gardée en texte."
            )
            plan.type, plan.format = "string", None
        elif plan.type in ("integer", "number") and plan.format is None:
            plan.format = formats.number_format(plan.label, plan.type, low, high)
    summary = summarise(plans, total, found[offset + 4 * len(typed) :])
    return Checked(
        rows=total,
        blanks=blanks if drop_blank else 0,
        notes=notes,
        failed=failed,
        summary=summary,
    )


def _typed_view(con: duckdb.DuckDBPyConnection, raw: Raw, plans: list[detect.ColumnPlan]) -> None:
    """The typed rows numbered in file order, blank rows left out (not in vector files: there
    each row is a geometry, numbered as the geometries are)."""
    row_id = quote_identifier(DEFAULT_LAYOUT.row_id)
    columns = ", ".join(quote_identifier(p.name) for p in plans)
    where = " WHERE NOT __blank" if raw.geometry is None else ""
    con.execute(
        f"CREATE OR REPLACE VIEW {TYPED_VIEW} AS SELECT rowid + 1 AS {row_id}, {columns} "
        f"FROM {TYPED_TABLE}{where}"
    )


def ingest(
    source: Path,
    workdir: Path,
    *,
    filename: str | None = None,
    sheet: str | int | None = None,
    settings: ReadingSettings | None = None,
    limits: Limits = DEFAULT_LIMITS,
    referential: Referential | None = None,
    progress: Callable[[float], None] | None = None,
    memory_limit: str = "1GB",
    threads: int | None = None,
    expected_area: Sequence[Box] | None = None,
) -> Ingested:
    """Turns `source` into `workdir/table.parquet`; raises `IngestError` with the reason.

    `settings`: the reading settings a person gave (each replaces its detection); the result's
    `settings` holds every decision taken. `expected_area`: where the data should lie (WGS84
    boxes, `verdict.FRANCE` for a French publisher); geometries elsewhere raise a doubt."""
    report = progress or (lambda _percent: None)
    given = settings or ReadingSettings()
    if sheet is not None and given.sheet is None:
        given = replace(given, sheet=sheet)
    check_file_size(source.stat().st_size, limits)
    workdir.mkdir(parents=True, exist_ok=True)
    name = filename or source.name
    unpacking: list[str] = []
    if archives.is_gzip(source):
        source = archives.gunzip(source, workdir / "unpacked", limits)
        name = archives.inner_name(name)
        unpacking.append("Le fichier était compressé (gzip) : il a été décompressé pour être lu.")
    kind = sniff_kind(source, name)
    con = _connect(workdir, memory_limit, threads)
    try:
        width = 0
        for _ in range(MAX_WIDENINGS):
            try:
                ingested = _ingest(
                    con, source, workdir, kind, given, limits, referential, report,
                    expected_area, width,
                )  # fmt: skip
            except TooWide as wider:
                # A longer row further down: read again, wider (doubling, so that a line of
                # thousands of fields reaches the column limit in a few readings).
                width = max(wider.width, 2 * width)
                continue
            ingested.notes[:0] = unpacking
            return ingested
        raise IngestError(
            "Les lignes du fichier ont de plus en plus de champs au fil du fichier : vérifiez "
            "le séparateur dans les réglages de lecture."
        )
    except duckdb.OutOfMemoryException as error:
        raise IngestError(
            "Le fichier est trop volumineux pour la mémoire allouée au traitement ; "
            "l'équipe de la plateforme peut l'augmenter."
        ) from error
    finally:
        con.close()


MAX_WIDENINGS = 12


def _ingest(
    con: duckdb.DuckDBPyConnection,
    source: Path,
    workdir: Path,
    kind: str,
    given: ReadingSettings,
    limits: Limits,
    referential: Referential | None,
    report: Callable[[float], None],
    expected_area: Sequence[Box] | None,
    width: int,
) -> Ingested:
    report(5)
    raw = _read(con, source, kind, workdir, given, limits, width)
    raw.given = given.given()
    if not raw.names:
        raise IngestError("Le fichier n'a aucune colonne à publier.")
    for function_name, function in raw.functions:
        with contextlib.suppress(duckdb.Error):
            con.remove_function(function_name)
        con.create_function(
            function_name, function, ["VARCHAR[]"], "VARCHAR[]",
            type=udf.PythonUDFType.ARROW, null_handling=udf.FunctionNullHandling.SPECIAL,
            side_effects=False,
        )  # fmt: skip
    working, sample = _sample(con, raw)
    plans = detect.plan_sample(
        raw.names, raw.labels, sample, referential, decimal=given.decimal, dates=raw.date_columns
    )
    report(20)
    sources = raw.sources[raw.sources.index(working) :]
    working = _materialise(con, raw, plans, sources)
    report(45)
    checked = _check(con, raw, plans, limits)
    if checked.failed:  # the columns that fell back to text are read again, as text
        _materialise(con, raw, plans, [working])
    if checked.rows == 0:
        raise IngestError(
            "Le fichier a un en-tête mais aucune ligne de données."
            if raw.header_width is not None or raw.settings.header_row is not None
            else "Le fichier n'a aucune ligne de données."
        )
    notes = ([working.note] if working.note else []) + checked.notes
    if checked.blanks:
        notes.append(
            f"{counted(checked.blanks, 'ligne vide', 'lignes vides')} "
            f"{'a été ignorée' if checked.blanks == 1 else 'ont été ignorées'}."
        )
    row_count = checked.rows
    # A column with neither header nor value (a trailing separator on every line) is left out.
    empty = [
        p for p in plans
        if not p.label and checked.summary.get(p.name, {}).get("nulls") == row_count
    ]  # fmt: skip
    if empty and len(empty) < len(plans):
        plans = [p for p in plans if p not in empty]
        notes.append(
            f"{counted(len(empty), 'colonne')} sans en-tête ni valeur "
            f"{'a été ignorée' if len(empty) == 1 else 'ont été ignorées'}."
        )
    extra = verdict.extra_fields(raw, plans, checked.summary, row_count)
    if extra is not None:
        notes.append(extra.note)
    report(55)
    _typed_view(con, raw, plans)
    geometry: pa.Table | None = raw.geometry
    crs = raw.settings.crs
    geo_notes: list[str] = []
    if geometry is None:
        points = geo.find_points(plans)
        if points is not None:
            placed = geo.point_table(con, TYPED_VIEW, points, geo_notes, given.crs)
            if placed is not None:
                geometry, crs = placed.table, placed.epsg
    report(70)
    target = workdir / "table.parquet"
    write_parquet(con, TYPED_VIEW, target, geometry)
    report(90)
    # The summary of the check is the profile's, unless columns were read again as text.
    profiles = profile(
        con, TYPED_VIEW, plans, None if checked.failed else checked.summary, row_count
    )
    facet_names = facets(plans, profiles, row_count)
    columns = []
    for plan in plans:
        column = plan.as_column()
        if plan.name in facet_names:
            column["facet"] = True
        columns.append(column)
    all_notes = raw.notes + [n for p in plans for n in p.notes] + notes + geo_notes
    details = {
        "kind": kind, "encoding": raw.encoding, "delimiter": raw.delimiter, "sheet": raw.sheet,
    }  # fmt: skip
    decided = given.over(replace(raw.settings, decimal=detect.decided_decimal(plans), crs=crs))
    doubts = verdict.assess(
        verdict.Reading(
            kind=kind,
            raw=raw,
            plans=plans,
            profile=profiles,
            rows=row_count,
            sample=sample,
            lenient=working.lenient,
            geometry=geometry,
            expected_area=expected_area,
            extra=extra,
        )
    )
    return Ingested(
        parquet=target,
        row_count=row_count,
        columns=columns,
        profile=profiles,
        notes=all_notes,
        is_geographic=geometry is not None,
        kind=kind,
        details={k: v for k, v in details.items() if v is not None},
        settings=decided,
        doubts=doubts,
    )
