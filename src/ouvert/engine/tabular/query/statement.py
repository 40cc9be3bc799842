"""A compiled statement: SQL text, its bound values, and what each result column holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

RELATION = "data"  # the view over the Parquet file that every statement reads


@dataclass(frozen=True)
class Output:
    """A result column: its name in the response and, for geometries, how to render it."""

    name: str
    kind: str = "value"  # value, geo_shape (WKB → GeoJSON Feature), geo_point_2d ({lon, lat})


@dataclass(frozen=True)
class Statement:
    sql: str
    params: list[Any] = field(default_factory=list)
    outputs: tuple[Output, ...] = ()


def bind(sql: str, values: list[Any], outputs: tuple[Output, ...] = ()) -> Statement:
    """A statement keeping only the `$n` parameters `sql` uses, renumbered from `$1`.

    Clauses of a request share one list of values, but DuckDB refuses values a statement does
    not use. `$` is only read outside quoted identifiers and string literals.
    """
    out: list[str] = []
    used: dict[int, int] = {}
    i, n = 0, len(sql)
    while i < n:
        char = sql[i]
        if char in "\"'":
            end = i + 1
            while end < n:
                if sql[end] == char:
                    if end + 1 < n and sql[end + 1] == char:
                        end += 2
                        continue
                    break
                end += 1
            out.append(sql[i : end + 1])
            i = end + 1
        elif char == "$" and i + 1 < n and sql[i + 1].isdigit():
            end = i + 1
            while end < n and sql[end].isdigit():
                end += 1
            number = int(sql[i + 1 : end])
            used.setdefault(number, len(used) + 1)
            out.append(f"${used[number]}")
            i = end
        else:
            out.append(char)
            i += 1
    params = [values[number - 1] for number in sorted(used, key=used.__getitem__)]
    return Statement("".join(out), params, outputs)
