"""What every export writer receives, and the options OpenDataSoft's exports take."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import pyarrow as pa

from ouvert.engine.tabular.query.errors import InvalidParameterError
from ouvert.engine.tabular.query.schema import Schema
from ouvert.engine.tabular.query.statement import Output
from ouvert.engine.tabular.query.values import Row, table_rows, zone

CHUNK_BYTES = 64 * 1024  # writers flush their buffer when it grows past this


@dataclass(frozen=True)
class ExportOptions:
    """OpenDataSoft's export parameters (csv: delimiter, list_separator, quote_all, with_bom)."""

    delimiter: str = ";"
    list_separator: str = ","
    quote_all: bool = False
    with_bom: bool = True  # the default since Explore v2.1
    parquet_compression: str = "snappy"
    compressed: bool = False

    def check(self) -> None:
        if self.delimiter not in (";", ",", "\t", "|"):
            raise InvalidParameterError(
                "delimiter",
                "Valeur invalide pour le paramètre delimiter : « ; », « , », "
                "tabulation ou « | » attendu.",
            )
        if self.parquet_compression not in ("snappy", "zstd"):
            raise InvalidParameterError(
                "parquet_compression",
                "Valeur invalide pour le paramètre parquet_compression : snappy ou zstd attendu.",
            )


@dataclass
class Rows:
    """The batches of an export and how to read them."""

    batches: Iterator[pa.RecordBatch]
    outputs: tuple[Output, ...]
    timezone: str
    schema: Schema

    @property
    def tz(self) -> Any:
        return zone(self.timezone)

    def dicts(self) -> Iterator[list[Row]]:
        """JSON-ready rows, a batch at a time."""
        tz = self.tz
        for batch in self.batches:
            yield table_rows(batch, self.outputs, tz)


class Writer(Protocol):
    content_type: str
    extension: str

    def write(self, rows: Rows, options: ExportOptions) -> Iterator[bytes]: ...
