"""A file's rows as text columns, before typing: where DuckDB reads them from, and what reading
them found. The readers fill it; the run types it in one pass."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pyarrow as pa

from ouvert.engine.ingest.dialect import Dialect
from ouvert.engine.ingest.settings import ReadingSettings

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
    lenient: bool = False  # reads a broken file "at best" (the verdict is told)


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
    settings: ReadingSettings = field(default_factory=ReadingSettings)  # what was decided
    # DuckDB functions the sources call: (name, arrow function over a list of strings)
    functions: list[tuple[str, Callable[[pa.Array], pa.Array]]] = field(default_factory=list)
    header_width: int | None = None  # fields of the header, when rows may be wider
    date_columns: frozenset[str] = frozenset()  # names of columns the file declares dates
    physical_lines: int | None = None  # lines of the sampled text (for the verdict)
    sampled_records: int | None = None  # records in those lines
    geometry_unread: int = 0  # geometries in the file that could not be read
    dialect: Dialect | None = None  # a text file's sniffed dialect and sampled records
    rejoined: list[int] = field(default_factory=list)  # columns where split amounts are joined
    given: frozenset[str] = frozenset()  # the reading settings the person gave
