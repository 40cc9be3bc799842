"""A file's rows as a DuckDB table of text columns, before typing; the readers fill it."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

RAW_TABLE = "raw"


@dataclass
class Raw:
    """The table `raw` (VARCHAR columns `names`, in file order) and what reading it found."""

    labels: list[str]
    names: list[str]
    notes: list[str] = field(default_factory=list)
    geometry: pa.Table | None = None  # __id, geometry (WKB, WGS84), bbox_* — vector files
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
