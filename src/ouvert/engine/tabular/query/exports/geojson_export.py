"""GeoJSON: a FeatureCollection, each record a Feature whose geometry is the record's shape (or
its point) and whose properties are its other fields."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ouvert.engine.tabular.query.exports.base import CHUNK_BYTES, ExportOptions, Rows


class GeoJsonWriter:
    content_type = "application/geo+json; charset=utf-8"
    extension = "geojson"

    def write(self, rows: Rows, options: ExportOptions) -> Iterator[bytes]:
        shape = next((o.name for o in rows.outputs if o.kind == "geo_shape"), None)
        point = next((o.name for o in rows.outputs if o.kind == "geo_point_2d"), None)
        geo = {o.name for o in rows.outputs if o.kind in ("geo_shape", "geo_point_2d")}
        parts = ['{"type":"FeatureCollection","features":[']
        size, first = len(parts[0]), True
        for batch in rows.dicts():
            for row in batch:
                feature = {
                    "type": "Feature",
                    "geometry": geometry(row, shape, point),
                    "properties": {k: v for k, v in row.items() if k not in geo},
                }
                text = ("" if first else ",") + json.dumps(feature, ensure_ascii=False)
                first = False
                parts.append(text)
                size += len(text)
                if size > CHUNK_BYTES:
                    yield "".join(parts).encode("utf-8")
                    parts, size = [], 0
        parts.append("]}")
        yield "".join(parts).encode("utf-8")


def geometry(row: dict[str, Any], shape: str | None, point: str | None) -> Any:
    if shape and row.get(shape):
        return row[shape]["geometry"]
    if point and row.get(point):
        return {"type": "Point", "coordinates": [row[point]["lon"], row[point]["lat"]]}
    return None
