"""OpenDataSoft `/exports/{format}`: every matching row, streamed as bytes without a cap.

    export = export_records(source, "csv", RecordsRequest(where=…), ExportOptions(delimiter=";"))
    return StreamingHttpResponse(export.chunks, content_type=export.content_type)

The query is compiled and started before `export_records` returns, so a bad request raises
`QueryError` here, before the first byte is sent. One writer per format, in `WRITERS`.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from ouvert.engine.tabular.query.errors import InvalidParameterError
from ouvert.engine.tabular.query.execute import ParquetSource
from ouvert.engine.tabular.query.exports.base import ExportOptions, Rows, Writer
from ouvert.engine.tabular.query.exports.csv_export import CsvWriter
from ouvert.engine.tabular.query.exports.geojson_export import GeoJsonWriter
from ouvert.engine.tabular.query.exports.json_export import JsonLinesWriter, JsonWriter
from ouvert.engine.tabular.query.exports.parquet_export import ParquetWriter
from ouvert.engine.tabular.query.exports.xlsx_export import XlsxWriter
from ouvert.engine.tabular.query.ods import RecordsRequest, compile_export

WRITERS: dict[str, Writer] = {
    "csv": CsvWriter(),
    "json": JsonWriter(),
    "jsonl": JsonLinesWriter(),
    "geojson": GeoJsonWriter(),
    "parquet": ParquetWriter(),
    "xlsx": XlsxWriter(),
}

__all__ = ["WRITERS", "Export", "ExportOptions", "export_records"]


@dataclass(frozen=True)
class Export:
    """A streamed export: its media type, file extension and the bytes, chunk by chunk."""

    content_type: str
    extension: str
    chunks: Iterator[bytes]


def export_records(
    source: ParquetSource,
    format: str,
    request: RecordsRequest,
    options: ExportOptions | None = None,
) -> Export:
    """`GET …/exports/{format}` for csv, json, jsonl, geojson, parquet and xlsx."""
    writer = WRITERS.get(format)
    if writer is None:
        raise InvalidParameterError(
            "format",
            f"Format d'export inconnu : « {format} » ; formats proposés : {', '.join(WRITERS)}.",
        )
    options = options or ExportOptions()
    options.check()
    statement, timezone = compile_export(source.schema, request)
    batches = source.stream(statement)
    rows = Rows(batches, statement.outputs, timezone, source.schema)
    chunks = writer.write(rows, options)
    extension = writer.extension
    if options.compressed:
        chunks, extension = gzipped(chunks), extension + ".gz"
    return Export(writer.content_type, extension, chunks)


def gzipped(chunks: Iterator[bytes]) -> Iterator[bytes]:
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)  # 31: a gzip header and trailer
    for chunk in chunks:
        out = compressor.compress(chunk)
        if out:
            yield out
    yield compressor.flush()
