"""The ingestion of one file, step by step: read as text columns, plan the types on a sample,
verify them on every row in one scan, write the typed Parquet, profile it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ouvert.engine.ingest import detect, geo
from ouvert.engine.ingest.errors import IngestError
from ouvert.engine.ingest.formats import Referential
from ouvert.engine.ingest.jsonfile import read_json
from ouvert.engine.ingest.kinds import sniff_kind
from ouvert.engine.ingest.limits import DEFAULT_LIMITS, Limits, check_file_size
from ouvert.engine.ingest.raw import RAW_TABLE, Raw
from ouvert.engine.ingest.spreadsheet import read_spreadsheet
from ouvert.engine.ingest.store import facets, profile, write_parquet
from ouvert.engine.ingest.text import read_text
from ouvert.engine.sql import quote_identifier
from ouvert.engine.tabular.query.layout import DEFAULT_LAYOUT

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
        if path.open("rb").read(4).startswith(b"PK\x03\x04"):
            path = _single_text_member(path, workdir, limits)
        return read_text(con, path, workdir, limits)
    if kind in ("xlsx", "xls", "ods"):
        return read_spreadsheet(con, path, kind, sheet, limits)
    if kind == "json":
        return read_json(con, path, limits)
    return geo.read_vector(con, path, kind, workdir, limits)


def _single_text_member(path: Path, workdir: Path, limits: Limits) -> Path:
    import zipfile

    from ouvert.engine.ingest.limits import check_archive

    with zipfile.ZipFile(path) as archive:
        members = [
            i
            for i in archive.infolist()
            if not i.is_dir() and i.filename.lower().endswith((".csv", ".tsv", ".txt"))
        ]
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


def _verify(
    con: duckdb.DuckDBPyConnection,
    raw: Raw,
    plans: list[detect.ColumnPlan],
    limits: Limits,
    drop_blank: bool,
) -> tuple[int, int, list[str]]:
    """One scan: row count, blank rows, failed conversions and longest cell per column; columns
    whose values do not all convert fall back to text, with a note and an example."""
    parts = ["count(*)"]
    names = [quote_identifier(n) for n in raw.names]
    blank = (
        f"coalesce({', '.join(f'NULLIF(trim({n}), {chr(39)}{chr(39)})' for n in names)}) IS NULL"
        if names
        else "false"
    )
    parts.append(f"count(*) FILTER (WHERE {blank})")
    for plan, name in zip(plans, names, strict=True):
        parts.append(f"max(length({name}))")
        parts.append(f"count(*) FILTER (WHERE {plan.failed()})" if plan.type != "string" else "0")
    row = con.execute(f"SELECT {', '.join(parts)} FROM {RAW_TABLE}").fetchall()[0]
    assert row is not None
    rows, blanks = int(row[0]), int(row[1])
    notes = []
    for index, plan in enumerate(plans):
        longest, failures = row[2 + 2 * index], row[3 + 2 * index]
        if longest is not None and longest > limits.max_cell_length:
            raise IngestError(
                f"Une cellule de la colonne « {plan.label} » contient {longest} caractères, "
                f"au-delà de la limite de {limits.max_cell_length} fixée par la plateforme."
            )
        if failures:
            column = quote_identifier(plan.name)
            example = con.execute(
                f"SELECT {column} FROM {RAW_TABLE} WHERE {plan.failed()} LIMIT 1"
            ).fetchall()[0][0]
            notes.append(
                f"Colonne « {plan.label} » : {failures} valeur(s) sur {rows} ne sont pas "
                f"{TYPE_NAMES.get(plan.type, plan.type)} (par exemple « {example} ») : "
                "la colonne est gardée en texte."
            )
            plan.type, plan.format = "string", None
    if drop_blank and blanks:
        notes.append(f"{blanks} ligne(s) vide(s) ont été ignorées.")
    return rows - (blanks if drop_blank else 0), blanks, notes


def _typed_view(
    con: duckdb.DuckDBPyConnection, raw: Raw, plans: list[detect.ColumnPlan], drop_blank: bool
) -> None:
    row_id = quote_identifier(DEFAULT_LAYOUT.row_id)
    selects = [f"rowid + 1 AS {row_id}"] + [
        f"{p.sql()} AS {quote_identifier(p.name)}" for p in plans
    ]
    where = ""
    if drop_blank and raw.names:
        cells = ", ".join(f"NULLIF(trim({quote_identifier(n)}), '')" for n in raw.names)
        where = f" WHERE coalesce({cells}) IS NOT NULL"
    con.execute(f"CREATE VIEW {TYPED_VIEW} AS SELECT {', '.join(selects)} FROM {RAW_TABLE}{where}")


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
        report(40)
        if not raw.names:
            raise IngestError("Le fichier n'a aucune colonne à publier.")
        plans = detect.plan_columns(con, RAW_TABLE, raw.names, raw.labels, referential)
        drop_blank = raw.geometry is None
        row_count, _blanks, notes = _verify(con, raw, plans, limits, drop_blank)
        if row_count == 0:
            raise IngestError("Le fichier a un en-tête mais aucune ligne de données.")
        report(60)
        _typed_view(con, raw, plans, drop_blank)
        detect.number_formats(con, TYPED_VIEW, plans)
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
        profiles = profile(con, target, plans)
        facet_names = facets(plans, profiles, row_count)
        columns = []
        for plan in plans:
            column = plan.as_column()
            if plan.name in facet_names:
                column["facet"] = True
            columns.append(column)
        all_notes = raw.notes + [n for p in plans for n in p.notes] + notes + geo_notes
        details = {
            "kind": kind,
            "encoding": raw.encoding,
            "delimiter": raw.delimiter,
            "sheet": raw.sheet,
        }
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
