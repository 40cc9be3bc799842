"""The typed Parquet file of a version — row number, typed columns, and for geographic data a
WKB geometry with its bounding box (GeoParquet 1.1 metadata) — and its column profile."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ouvert.engine.ingest.detect import ColumnPlan
from ouvert.engine.sql import quote_identifier
from ouvert.engine.tabular.query.layout import DEFAULT_LAYOUT

TOP_VALUES = 10
TOP_DISTINCT_MAX = 2_000
EXACT_DISTINCT_ROWS = 200_000  # below, distinct values are counted exactly (cheap); above,
# HyperLogLog's estimate (within a few per cent) is kept and said to be one
FACET_MAX_DISTINCT = 100


def write_parquet(
    con: duckdb.DuckDBPyConnection,
    typed: str,
    target: Path,
    geometry: pa.Table | None,
) -> None:
    layout = DEFAULT_LAYOUT
    row_id = quote_identifier(layout.row_id)
    # zstd at level 1: within a few per cent of the default level's size, a third faster.
    options = "FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1, ROW_GROUP_SIZE 100000"
    if geometry is None:
        con.execute(f"COPY (SELECT * FROM {typed}) TO ? ({options})", [str(target)])
        return
    con.register("geometry_rows", geometry)
    metadata = json.dumps(_geo_metadata(con, geometry))
    extra = ", ".join(quote_identifier(c) for c in (layout.geometry, *layout.bbox))
    con.execute(
        f"""COPY (SELECT t.*, {extra} FROM {typed} t LEFT JOIN geometry_rows g USING ({row_id})
                  ORDER BY t.{row_id})
            TO ? ({options}, KV_METADATA {{geo: '{metadata.replace("'", "''")}'}})""",
        [str(target)],
    )
    con.unregister("geometry_rows")


def _geo_metadata(con: duckdb.DuckDBPyConnection, geometry: pa.Table) -> dict[str, Any]:
    layout = DEFAULT_LAYOUT
    box = con.execute(
        "SELECT min(bbox_xmin), min(bbox_ymin), max(bbox_xmax), max(bbox_ymax) FROM geometry_rows"
    ).fetchall()[0]
    types = json.loads((geometry.schema.metadata or {}).get(b"geometry_types", b"[]"))
    column: dict[str, Any] = {"encoding": "WKB", "geometry_types": types}
    if box and box[0] is not None:
        column["bbox"] = list(box)
    return {
        "version": "1.1.0",
        "primary_column": layout.geometry,
        "columns": {layout.geometry: column},
    }


def summary_sql(plans: list[ColumnPlan]) -> list[str]:
    """Aggregates giving, per column, its non-null count, distinct count, minimum, maximum."""
    parts = []
    for plan in plans:
        column = quote_identifier(plan.name)
        parts.append(
            f"count({column}), approx_count_distinct({column}), "
            f"CAST(min({column}) AS VARCHAR), CAST(max({column}) AS VARCHAR)"
        )
    return parts


def summarise(plans: list[ColumnPlan], rows: int, values: tuple[Any, ...]) -> dict[str, Any]:
    """The profile entries from the `summary_sql` aggregates' values."""
    result: dict[str, Any] = {}
    for position, plan in enumerate(plans):
        present, distinct, low, high = values[4 * position : 4 * position + 4]
        result[plan.name] = {
            "type": plan.type,
            "format": plan.format,
            "nulls": rows - int(present),
            # an estimate never above the values there are; made exact by `profile`
            "distinct": min(int(distinct or 0), int(present)),
            "distinct_approx": True,
            "min": _json_value(low),
            "max": _json_value(high),
        }
    return result


def profile(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    plans: list[ColumnPlan],
    summary: dict[str, Any] | None = None,
    rows: int | None = None,
) -> dict[str, Any]:
    """Per column: type, format, nulls, distinct, min, max, top values. The summary may come
    from an earlier scan; the top values take one more. Distinct counts are exact, except on
    large tables for columns with many values, where `distinct_approx` says so."""
    if not plans:
        return {}
    if summary is None:
        found = con.execute(
            f"SELECT count(*), {', '.join(summary_sql(plans))} FROM {relation}"
        ).fetchall()[0]
        rows = int(found[0])
        summary = summarise(plans, rows, found[1:])
    result = {plan.name: dict(summary[plan.name]) for plan in plans}
    counted = [p for p in plans if (rows or 0) <= EXACT_DISTINCT_ROWS
               and not (p.type in ("string", "boolean")
                        and result[p.name]["distinct"] <= TOP_DISTINCT_MAX)]  # fmt: skip
    if counted:
        exact = con.execute(
            "SELECT "
            + ", ".join(f"count(DISTINCT {quote_identifier(p.name)})" for p in counted)
            + f" FROM {relation}"
        ).fetchall()[0]
        for plan, distinct in zip(counted, exact, strict=True):
            result[plan.name].update(distinct=int(distinct), distinct_approx=False)
    few = [p for p in plans if p.type in ("string", "boolean")
           and result[p.name]["distinct"] <= TOP_DISTINCT_MAX]  # fmt: skip
    if few:
        histograms = con.execute(
            "SELECT "
            + ", ".join(f"histogram(CAST({quote_identifier(p.name)} AS VARCHAR))" for p in few)
            + f" FROM {relation}"
        ).fetchall()[0]
        for plan, histogram in zip(few, histograms, strict=True):
            counts = sorted((histogram or {}).items(), key=lambda item: (-item[1], item[0]))
            result[plan.name]["top"] = [[value, count] for value, count in counts[:TOP_VALUES]]
            result[plan.name].update(distinct=len(counts), distinct_approx=False)
    for entry in result.values():
        if not entry["distinct_approx"]:
            del entry["distinct_approx"]
    return result


def _json_value(value: Any) -> Any:
    if value is None:
        return None
    return str(value)[:200]


def facets(plans: list[ColumnPlan], profiles: dict[str, Any], rows: int) -> set[str]:
    """Columns worth a facet: few distinct text values, repeated."""
    chosen = set()
    for plan in plans:
        entry = profiles.get(plan.name)
        if entry is None or plan.type not in ("string", "boolean"):
            continue
        distinct = entry["distinct"]
        if 1 < distinct <= FACET_MAX_DISTINCT and distinct <= max(2, rows // 2):
            chosen.add(plan.name)
    return chosen
