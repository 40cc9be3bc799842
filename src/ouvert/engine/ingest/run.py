"""The ingestion of one file, step by step: read as text columns, plan the types on a sample,
verify them on every row in one scan, write the typed Parquet, profile it."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ouvert.engine.ingest import detect, formats, geo
from ouvert.engine.ingest.errors import IngestError
from ouvert.engine.ingest.formats import Referential
from ouvert.engine.ingest.jsonfile import read_json
from ouvert.engine.ingest.kinds import sniff_kind
from ouvert.engine.ingest.limits import DEFAULT_LIMITS, Limits, check_archive, check_file_size
from ouvert.engine.ingest.raw import Raw, Source
from ouvert.engine.ingest.spreadsheet import read_spreadsheet
from ouvert.engine.ingest.store import facets, profile, summarise, summary_sql, write_parquet
from ouvert.engine.ingest.text import read_text
from ouvert.engine.sql import quote_identifier
from ouvert.engine.tabular.query.layout import DEFAULT_LAYOUT

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


def _connect(workdir: Path, memory_limit: str, threads: int | None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(config={"memory_limit": memory_limit, "preserve_insertion_order": True})
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
    sheet: str | int | None,
    limits: Limits,
) -> Raw:
    if kind == "csv":
        with path.open("rb") as handle:
            zipped = handle.read(4).startswith(b"PK\x03\x04")
        if zipped:
            path = _single_text_member(path, workdir, limits)
        return read_text(path, workdir, limits)
    if kind in ("xlsx", "xls", "ods"):
        return read_spreadsheet(con, path, kind, sheet, limits)
    if kind == "json":
        return read_json(con, path, limits)
    return geo.read_vector(con, path, kind, workdir, limits)


def _single_text_member(path: Path, workdir: Path, limits: Limits) -> Path:
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
        with archive.open(members[0]) as source, target.open("wb") as out:
            written = 0
            while chunk := source.read(1024 * 1024):
                written += len(chunk)
                if written > limits.max_decompressed_size:
                    raise IngestError("L'archive dépasse, décompressée, la taille permise.")
                out.write(chunk)
    return target


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
        if source.prepare is not None and id(source) not in raw.prepared:
            source.prepare()
            raw.prepared.add(id(source))
        try:
            return source, con.execute(statement(source)).fetchall()
        except duckdb.OutOfMemoryException:
            raise
        except duckdb.Error as error:
            if any(f in str(error).lower() for f in source.fatal) or raw.explain is None:
                explain = raw.explain or (lambda m: f"Le fichier n'a pas pu être lu ({m[:200]}).")
                raise IngestError(explain(str(error))) from error
            failure = error
    assert failure is not None and raw.explain is not None
    raise IngestError(raw.explain(str(failure)))


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
    counted = rows - (blanks if drop_blank else 0)
    notes = []
    offset = 2 + len(texts)
    failed = False
    for position, (_index, plan) in enumerate(typed):
        failures, example, low, high = found[offset + 4 * position : offset + 4 * position + 4]
        if failures:
            failed = True
            notes.append(
                f"Colonne « {plan.label} » : {failures} valeur(s) sur {counted} ne sont pas "
                f"{TYPE_NAMES.get(plan.type, plan.type)} (par exemple « {str(example).strip()} ») "
                ": la colonne est gardée en texte."
            )
            plan.type, plan.format = "string", None
        elif plan.type in ("integer", "number") and plan.format is None:
            plan.format = formats.number_format(plan.label, plan.type, low, high)
    summary = summarise(plans, counted, found[offset + 4 * len(typed) :])
    return Checked(
        rows=counted,
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
    limits: Limits = DEFAULT_LIMITS,
    referential: Referential | None = None,
    progress: Callable[[float], None] | None = None,
    memory_limit: str = "1GB",
    threads: int | None = None,
) -> Ingested:
    """Turns `source` into `workdir/table.parquet`; raises `IngestError` with the reason."""
    report = progress or (lambda _percent: None)
    check_file_size(source.stat().st_size, limits)
    kind = sniff_kind(source, filename or source.name)
    workdir.mkdir(parents=True, exist_ok=True)
    con = _connect(workdir, memory_limit, threads)
    try:
        report(5)
        raw = _read(con, source, kind, workdir, sheet, limits)
        if not raw.names:
            raise IngestError("Le fichier n'a aucune colonne à publier.")
        working, sample = _sample(con, raw)
        plans = detect.plan_sample(raw.names, raw.labels, sample, referential)
        report(20)
        sources = raw.sources[raw.sources.index(working) :]
        working = _materialise(con, raw, plans, sources)
        report(45)
        checked = _check(con, raw, plans, limits)
        if checked.failed:  # the columns that fell back to text are read again, as text
            _materialise(con, raw, plans, [working])
        if checked.rows == 0:
            raise IngestError("Le fichier a un en-tête mais aucune ligne de données.")
        notes = ([working.note] if working.note else []) + checked.notes
        if checked.blanks:
            notes.append(f"{checked.blanks} ligne(s) vide(s) ont été ignorées.")
        row_count = checked.rows
        # A column with neither header nor value (a trailing separator on every line) is left out.
        empty = [
            p for p in plans
            if not p.label and checked.summary.get(p.name, {}).get("nulls") == row_count
        ]  # fmt: skip
        if empty and len(empty) < len(plans):
            plans = [p for p in plans if p not in empty]
            notes.append(f"{len(empty)} colonne(s) sans en-tête ni valeur ont été ignorées.")
        report(55)
        _typed_view(con, raw, plans)
        geometry: pa.Table | None = raw.geometry
        geo_notes: list[str] = []
        if geometry is None:
            points = geo.find_points(plans)
            if points is not None:
                geometry = geo.point_table(con, TYPED_VIEW, points, geo_notes)
        report(70)
        target = workdir / "table.parquet"
        write_parquet(con, TYPED_VIEW, target, geometry)
        report(90)
        # The summary of the check is the profile's, unless columns were read again as text.
        profiles = profile(con, TYPED_VIEW, plans, None if checked.failed else checked.summary)
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
        return Ingested(
            parquet=target,
            row_count=row_count,
            columns=columns,
            profile=profiles,
            notes=all_notes,
            is_geographic=geometry is not None,
            kind=kind,
            details={k: v for k, v in details.items() if v is not None},
        )
    except duckdb.OutOfMemoryException as error:
        raise IngestError(
            "Le fichier est trop volumineux pour la mémoire allouée au traitement ; "
            "l'équipe de la plateforme peut l'augmenter."
        ) from error
    finally:
        con.close()


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
