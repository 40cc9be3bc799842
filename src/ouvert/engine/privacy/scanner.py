"""The scan: sample the table once, find candidates in DuckDB, let each detector decide."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import duckdb

from ouvert.engine.privacy import cues
from ouvert.engine.privacy.address import AddressDetector
from ouvert.engine.privacy.age import AgeDetector
from ouvert.engine.privacy.base import (
    CELL_LIMIT,
    CELL_SHARE,
    IGNORED,
    SAMPLE_ROWS,
    Column,
    Detector,
    Table,
)
from ouvert.engine.privacy.birth import BirthDateDetector
from ouvert.engine.privacy.card import CardDetector
from ouvert.engine.privacy.coordinates import CoordinatesDetector
from ouvert.engine.privacy.email import EmailDetector
from ouvert.engine.privacy.findings import Finding, Scan
from ouvert.engine.privacy.iban import IbanDetector
from ouvert.engine.privacy.ip import IpDetector
from ouvert.engine.privacy.names import NameDetector
from ouvert.engine.privacy.nir import NirDetector
from ouvert.engine.privacy.pattern import PatternDetector
from ouvert.engine.privacy.phone import PhoneDetector
from ouvert.engine.privacy.plate import PlateDetector
from ouvert.engine.sql import quote_identifier
from ouvert.engine.tabular.query.layout import DEFAULT_LAYOUT

DETECTORS: list[Detector] = [
    EmailDetector(),
    PhoneDetector(),
    NirDetector(),
    IbanDetector(),
    CardDetector(),
    PlateDetector(),
    IpDetector(),
    NameDetector(),
    BirthDateDetector(),
    AgeDetector(),
    AddressDetector(),
    CoordinatesDetector(),
]
# 1: shapes and checksums (e-mails, phones, NIR…); 2: names, knowing whether the rows carry such
# identifiers; 3: birth dates, knowing whether the rows name people; 4: what only matters about
# people (addresses, ages, coordinates).
STAGES = (1, 2, 3, 4)
# When a cell matches several kinds, the more specific one wins (an IBAN is not a phone).
PRECEDENCE = ["nir", "iban", "carte_bancaire", "email", "adresse_ip", "telephone"]
_names = itertools.count(1)


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def scan_parquet(
    path: Path,
    *,
    labels: dict[str, str] | None = None,
    schema_fields: set[str] | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> Scan:
    """Scan a Parquet file of an ingested table for personal data."""
    connection = con or duckdb.connect()
    try:
        source = f"read_parquet({literal(str(path))})"
        return scan_relation(source, labels=labels, schema_fields=schema_fields, con=connection)
    finally:
        if con is None:
            connection.close()


def scan_relation(
    source: str | duckdb.DuckDBPyRelation,
    *,
    con: duckdb.DuckDBPyConnection,
    labels: dict[str, str] | None = None,
    schema_fields: set[str] | None = None,
) -> Scan:
    """Scan any DuckDB relation: a FROM item as SQL text, or a relation of `con`."""
    started = time.perf_counter()
    number = next(_names)
    if isinstance(source, duckdb.DuckDBPyRelation):
        view = f"ouvert_privacy_source_{number}"
        source.create_view(view, replace=True)
        source = quote_identifier(view)
    sample = quote_identifier(f"ouvert_privacy_sample_{number}")
    try:
        table = _prepare(con, source, sample, labels or {}, schema_fields or set())
        scan = Scan(rows=table.total_rows, columns=len(table.columns))
        if table.total_rows:
            scan.findings = _detect(table)
    finally:
        con.execute(f"DROP TABLE IF EXISTS {sample}")
    scan.seconds = time.perf_counter() - started
    return scan


def _prepare(
    con: duckdb.DuckDBPyConnection,
    source: str,
    sample: str,
    labels: dict[str, str],
    schema_fields: set[str],
) -> Table:
    described = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()  # noqa: S608
    columns = {
        str(name): Column(
            name=str(name),
            label=labels.get(str(name), str(name)),
            type=str(kind).upper(),
            words=cues.header_words(str(name), labels.get(str(name), "")),
        )
        for name, kind, *_ in described
        if str(name) not in IGNORED and not str(name).startswith("bbox_")
    }
    counts = ", ".join(f"count({quote_identifier(name)})" for name in columns)
    row = con.execute(f"SELECT count(*){', ' + counts if counts else ''} FROM {source}").fetchone()  # noqa: S608
    total = int(row[0]) if row else 0
    for column, count in zip(columns.values(), (row or ())[1:], strict=False):
        column.rows = int(count)
    sampled = total > SAMPLE_ROWS
    using = f" USING SAMPLE reservoir({SAMPLE_ROWS} ROWS) REPEATABLE (42)" if sampled else ""
    selected = ", ".join(quote_identifier(name) for name in columns) or "*"
    con.execute(f"CREATE TEMP TABLE {sample} AS SELECT {selected} FROM {source}{using}")  # noqa: S608
    table = Table(con, source, sample, total, sampled, columns, set(schema_fields))
    table.has_row_id = any(str(row[0]) == DEFAULT_LAYOUT.row_id for row in described)
    _sample_statistics(table)
    _candidates(table)
    return table


def _sample_statistics(table: Table) -> None:
    parts = []
    for column in table.columns.values():
        name = quote_identifier(column.name)
        parts.append(f"count({name})")
        if column.is_text:
            parts.append(f"coalesce(avg(length({name})), 0)")
            parts.append(f"coalesce(avg(length({name}) - length(replace({name}, ' ', ''))), 0)")
            parts.append(f"coalesce(avg(len(regexp_extract_all({name}, '[A-Za-zÀ-ÿ]{{3,}}'))), 0)")
            parts.append(f"coalesce(avg(CAST(regexp_matches({name}, '[0-9]') AS INTEGER)), 0)")
    if not parts:
        return
    row = table.con.execute(f"SELECT {', '.join(parts)} FROM {table.sample}").fetchone()  # noqa: S608
    values = iter(row or ())
    for column in table.columns.values():
        column.sample_rows = int(next(values))
        if column.is_text:
            column.average_length = float(next(values))
            column.spaces = float(next(values))
            column.words_per_cell = float(next(values))
            column.with_digits = float(next(values))


def _candidates(table: Table) -> None:
    """One pass over the sample counting the cells each pattern detector should look at."""
    pairs = [
        (column, detector)
        for column in table.columns.values()
        if column.as_text is not None and column.sample_rows
        for detector in DETECTORS
        if isinstance(detector, PatternDetector)
    ]
    if not pairs:
        return
    parts = [
        f"count_if(regexp_matches({column.as_text}, {literal(detector.candidate)}))"
        for column, detector in pairs
    ]
    row = table.con.execute(f"SELECT {', '.join(parts)} FROM {table.sample}").fetchone()  # noqa: S608
    for (column, detector), count in zip(pairs, row or (), strict=False):
        table.candidates[(column.name, detector.kind)] = int(count)


def _detect(table: Table) -> list[Finding]:
    for stage in STAGES:
        for column in table.columns.values():
            found = [
                finding
                for detector in DETECTORS
                if detector.stage == stage
                for finding in [detector.detect(column, table)]
                if finding is not None
            ]
            table.findings.extend(_resolve(found))
    findings = _merge_free_text(table.findings)
    _locate_cells(table, findings)
    return findings


def _locate_cells(table: Table, findings: list[Finding]) -> None:
    """Where few cells of a column are at risk, their row numbers, and masking just those cells
    as the first remedy offered (the column stays useful: 5 mobiles among 124 establishments)."""
    if not table.has_row_id:
        return
    row_id = quote_identifier(DEFAULT_LAYOUT.row_id)
    for finding in findings:
        column = table.columns[finding.column]
        if not finding.values or column.as_text is None or "mask" not in finding.remedies:
            continue
        sql = (
            f"SELECT {row_id} FROM {table.source} "  # noqa: S608
            f"WHERE {column.as_text} IN (SELECT unnest(?::VARCHAR[])) "
            f"ORDER BY 1 LIMIT {CELL_LIMIT + 1}"
        )
        cells = [int(row[0]) for row in table.con.execute(sql, [finding.values]).fetchall()]
        if not cells or len(cells) > CELL_LIMIT or len(cells) > CELL_SHARE * column.rows:
            continue
        finding.cells = cells
        finding.matches = len(cells)
        finding.remedies = ["mask_cells", *finding.remedies]
        finding.explanation += f" {_rows_sentence(cells)}"


def _resolve(found: list[Finding]) -> list[Finding]:
    """Keep one structured kind per column (the most specific), all free-text mentions."""
    structured = [f for f in found if f.kind != "texte_libre"]
    text = [f for f in found if f.kind == "texte_libre"]
    if len(structured) > 1:
        ranked = sorted(
            structured,
            key=lambda f: (
                PRECEDENCE.index(f.kind) if f.kind in PRECEDENCE else len(PRECEDENCE),
                -f.confidence,
            ),
        )
        structured = ranked[:1]
    return structured + text


def _merge_free_text(findings: list[Finding]) -> list[Finding]:
    merged: dict[str, Finding] = {}
    result: list[Finding] = []
    for finding in findings:
        if finding.kind != "texte_libre":
            result.append(finding)
            continue
        first = merged.get(finding.column)
        if first is None:
            merged[finding.column] = finding
            result.append(finding)
            continue
        first.contains = sorted(set(first.contains) | set(finding.contains))
        first.matches = max(first.matches, finding.matches)
        first.confidence = max(first.confidence, finding.confidence)
        first.examples = (first.examples + finding.examples)[:3]
        first.explanation += " " + finding.explanation
        first.remedies = sorted(set(first.remedies) | set(finding.remedies))
        first.values = sorted(set(first.values) | set(finding.values))
    structured_columns = {f.column for f in result if f.kind != "texte_libre"}
    return [f for f in result if not (f.kind == "texte_libre" and f.column in structured_columns)]


def _rows_sentence(cells: list[int]) -> str:
    """ "Lignes concernées : 50, 99 et 114 ; masquer ces seules cellules suffit." """
    shown = [str(cell) for cell in cells[:10]]
    if len(cells) > 10:
        listed = f"{', '.join(shown)} et {len(cells) - 10} autres"
    elif len(cells) > 1:
        listed = f"{', '.join(shown[:-1])} et {shown[-1]}"
    else:
        return f"Ligne concernée : {shown[0]} ; masquer cette seule cellule suffit."
    return f"Lignes concernées : {listed} ; masquer ces seules cellules suffit."
