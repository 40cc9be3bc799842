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
FACET_MAX_DISTINCT = 100


def write_parquet(
    con: duckdb.DuckDBPyConnection,
    typed: str,
    target: Path,
    geometry: pa.Table | None,
) -> None:
    layout = DEFAULT_LAYOUT
    row_id = quote_identifier(layout.row_id)
    options = "FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000"
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


def profile(
    con: duckdb.DuckDBPyConnection, parquet: Path, plans: list[ColumnPlan]
) -> dict[str, Any]:
    """Per column: type, format, nulls, distinct (approximate), min, max, top values."""
    source = f"read_parquet('{str(parquet).replace(chr(39), chr(39) * 2)}')"
    summary = (
        {
            row[0]: row
            for row in con.execute(
                f"SELECT column_name, min, max, approx_unique, null_percentage, count "
                f"FROM (SUMMARIZE SELECT * EXCLUDE ({', '.join(_hidden())}) FROM {source})"
            ).fetchall()
        }
        if plans
        else {}
    )
    result: dict[str, Any] = {}
    for plan in plans:
        row = summary.get(plan.name)
        if row is None:
            continue
        _, low, high, distinct, null_share, count = row
        nulls = round(float(null_share or 0) * count / 100) if count else 0
        entry: dict[str, Any] = {
            "type": plan.type,
            "format": plan.format,
            "nulls": nulls,
            "distinct": int(distinct or 0),
            "min": _json_value(low),
            "max": _json_value(high),
        }
        if plan.type in ("string", "boolean") and (distinct or 0) <= 10_000:
            column = quote_identifier(plan.name)
            entry["top"] = [
                [value, number]
                for value, number in con.execute(
                    f"SELECT CAST({column} AS VARCHAR), count(*) AS n FROM {source} "
                    f"WHERE {column} IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT {TOP_VALUES}"
                ).fetchall()
            ]
        result[plan.name] = entry
    return result


def _hidden() -> list[str]:
    layout = DEFAULT_LAYOUT
    return [quote_identifier(layout.row_id)]


def _json_value(value: Any) -> Any:
    if value is None:
        return None
    text = str(value)
    return text[:200]


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
