"""Arrow results to JSON-ready Python values, as OpenDataSoft writes them.

Dates are `YYYY-MM-DD`; datetimes ISO 8601 with the offset of the requested time zone;
decimals become floats; a geometry (WKB) becomes a GeoJSON `Feature` (ODS's `geo_shape`), and
the virtual point field `{"lon", "lat"}` (ODS's `geo_point_2d`); NaN and infinities become null.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow as pa
import shapely

from ouvert.engine.tabular.query.statement import Output

Row = dict[str, Any]


def zone(name: str) -> ZoneInfo | Any:
    return UTC if name == "UTC" else ZoneInfo(name)


def plain(value: Any, tz: Any) -> Any:
    """One value, recursively made JSON-ready."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        if value.is_finite() and int(value.as_tuple().exponent) >= 0:
            return int(value)  # an integer sum (HUGEINT) stays an integer
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(tz).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, dict):
        return {str(k): plain(v, tz) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v, tz) for v in value]
    return str(value)


def geometries(column: pa.ChunkedArray | pa.Array) -> list[dict[str, Any] | None]:
    """WKB values to GeoJSON geometries (dicts), None where null or unreadable."""
    wkb = column.to_pylist()
    shapes = shapely.from_wkb(wkb, on_invalid="ignore")
    texts = shapely.to_geojson(shapes)
    return [json.loads(text) if text is not None else None for text in texts]


def features(column: pa.ChunkedArray | pa.Array) -> list[dict[str, Any] | None]:
    """WKB values to OpenDataSoft `geo_shape` values: GeoJSON Features without properties."""
    return [
        {"type": "Feature", "geometry": geometry, "properties": {}} if geometry else None
        for geometry in geometries(column)
    ]


def points(column: pa.ChunkedArray | pa.Array) -> list[dict[str, Any] | None]:
    out: list[dict[str, Any] | None] = []
    for value in column.to_pylist():
        if not value or value.get("lon") is None or value.get("lat") is None:
            out.append(None)
        else:
            out.append({"lon": float(value["lon"]), "lat": float(value["lat"])})
    return out


def column_values(column: pa.ChunkedArray | pa.Array, output: Output, tz: Any) -> list[Any]:
    """The JSON-ready values of one result column."""
    if output.kind == "geo_shape":
        return features(column)
    if output.kind == "geo_point_2d":
        return points(column)
    kind = column.type
    values = column.to_pylist()
    if pa.types.is_integer(kind) or pa.types.is_string(kind) or pa.types.is_boolean(kind):
        return values
    return [plain(value, tz) for value in values]


def table_rows(table: pa.Table | pa.RecordBatch, outputs: tuple[Output, ...], tz: Any) -> list[Row]:
    """The rows of a result as dicts keyed by output name, in output order."""
    names = outputs_for(table, outputs)
    columns = [column_values(table.column(i), names[i], tz) for i in range(table.num_columns)]
    keys = [output.name for output in names]
    return (
        [dict(zip(keys, values, strict=True)) for values in zip(*columns, strict=True)]
        if columns
        else []
    )


def outputs_for(
    table: pa.Table | pa.RecordBatch, outputs: tuple[Output, ...]
) -> tuple[Output, ...]:
    if len(outputs) == table.num_columns:
        return outputs
    return tuple(Output(name) for name in table.schema.names)


def batch_rows(
    batches: Iterator[pa.RecordBatch], outputs: tuple[Output, ...], tz: Any
) -> Iterator[Row]:
    """Rows streamed from Arrow batches."""
    for batch in batches:
        yield from table_rows(batch, outputs, tz)
