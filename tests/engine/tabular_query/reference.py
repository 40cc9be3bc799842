"""Helpers comparing the engine's answers with DuckDB run by hand on the same file."""

from __future__ import annotations

from datetime import UTC
from typing import Any

import duckdb

from ouvert.engine.tabular.query.values import plain


def reference_rows(
    duck: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None
) -> list[dict[str, Any]]:
    cursor = duck.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [
        {n: plain(v, UTC) for n, v in zip(names, row, strict=True)} for row in cursor.fetchall()
    ]


def reference_count(
    duck: duckdb.DuckDBPyConnection, where: str = "TRUE", params: list[Any] | None = None
) -> int:
    return int(duck.execute(f"SELECT count(*) FROM data WHERE {where}", params or []).fetchone()[0])


def approx(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Floats rounded, so that aggregates summed in another order compare equal."""
    return [{k: round(v, 6) if isinstance(v, float) else v for k, v in row.items()} for row in rows]
