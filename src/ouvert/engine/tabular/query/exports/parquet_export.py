"""Parquet, written row group by row group as the batches come (geometry stays WKB)."""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from ouvert.engine.tabular.query.exports.base import ExportOptions, Rows


class Drain:
    """A write-only file whose content is taken away by the generator after each write."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.position = 0
        self.closed = False

    def write(self, data: bytes | memoryview) -> int:
        chunk = bytes(data)
        self.parts.append(chunk)
        self.position += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self.position

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts = []
        return data


class ParquetWriter:
    content_type = "application/vnd.apache.parquet"
    extension = "parquet"

    def write(self, rows: Rows, options: ExportOptions) -> Iterator[bytes]:
        sink = Drain()
        writer: pq.ParquetWriter | None = None
        names = [output.name for output in rows.outputs]
        for batch in rows.batches:
            if len(names) == batch.num_columns:
                batch = pa.RecordBatch.from_arrays(batch.columns, names=names)
            if writer is None:
                writer = pq.ParquetWriter(
                    sink, batch.schema, compression=options.parquet_compression
                )
            writer.write_batch(batch)
            data = sink.take()
            if data:
                yield data
        if writer is None:
            schema = pa.schema([(name, pa.null()) for name in names])
            writer = pq.ParquetWriter(sink, schema, compression=options.parquet_compression)
        writer.close()
        yield sink.take()
