"""CSV as OpenDataSoft exports it: `;` by default, a BOM, lists joined by `list_separator`,
`geo_point_2d` as `lat, lon` and shapes as GeoJSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from ouvert.engine.tabular.query.exports.base import CHUNK_BYTES, ExportOptions, Rows


class CsvWriter:
    content_type = "text/csv; charset=utf-8"
    extension = "csv"

    def write(self, rows: Rows, options: ExportOptions) -> Iterator[bytes]:
        buffer = io.StringIO()
        writer = csv.writer(
            buffer,
            delimiter=options.delimiter,
            quoting=csv.QUOTE_ALL if options.quote_all else csv.QUOTE_MINIMAL,
            lineterminator="\r\n",
        )
        if options.with_bom:
            buffer.write("\ufeff")
        writer.writerow([output.name for output in rows.outputs])
        for batch in rows.dicts():
            for row in batch:
                writer.writerow([cell(value, options) for value in row.values()])
                if buffer.tell() > CHUNK_BYTES:
                    yield buffer.getvalue().encode("utf-8")
                    buffer.seek(0)
                    buffer.truncate()
        yield buffer.getvalue().encode("utf-8")


def cell(value: Any, options: ExportOptions) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return options.list_separator.join(cell(v, options) for v in value)
    if isinstance(value, dict):
        if set(value) == {"lon", "lat"}:
            return f"{value['lat']}, {value['lon']}"
        if value.get("type") == "Feature":
            return json.dumps(value.get("geometry"), ensure_ascii=False)
        return json.dumps(value, ensure_ascii=False)
    return str(value)
