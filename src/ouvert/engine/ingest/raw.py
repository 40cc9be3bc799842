"""A file's rows as text columns, before typing: where DuckDB reads them from, and what reading
them found. The readers fill it; the run types it in one pass."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pyarrow as pa

RAW_TABLE = "raw"


@dataclass(frozen=True)
class Source:
    """A FROM clause giving the VARCHAR columns in file order."""

    sql: str
    note: str | None = None  # said when this is the source that worked
    when: Callable[[str], bool] | None = (
        None  # tried only if the previous error (lower case) passes
    )
    fatal: tuple[str, ...] = ()  # errors that stop the trying (a reason to refuse the file)
    prepare: Callable[[], None] | None = None  # run once before the source is first read


@dataclass
class Raw:
    labels: list[str]
    names: list[str]
    notes: list[str] = field(default_factory=list)
    geometry: pa.Table | None = None  # __id, geometry (WKB, WGS84), bbox_* — vector files
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sources: list[Source] = field(default_factory=lambda: [Source(RAW_TABLE)])
    explain: Callable[[str], str] | None = None  # a DuckDB error in French
    prepared: set[int] = field(default_factory=set)  # ids of the sources already prepared
