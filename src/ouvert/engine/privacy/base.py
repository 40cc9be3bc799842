"""The one interface every detector implements, and the table it looks at.

A detector answers for one column at a time: `detect(column, table) -> Finding | None`. The
`Table` gives it the sample (a DuckDB table of at most SAMPLE_ROWS rows of the scanned relation),
the full relation for exact counts, the other columns and the findings of earlier stages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import duckdb

from ouvert.engine.privacy import cues
from ouvert.engine.privacy.findings import Finding
from ouvert.engine.sql import quote_identifier

SAMPLE_ROWS = 50_000
VALUES_LIMIT = 20_000  # distinct values brought into Python per column and pattern
CELL_LIMIT = 1000  # at-risk cells listed for a cell-level remedy (more: treat the column)
CELL_SHARE = 0.5  # cells may be masked one by one while they are at most half the column

TEXT_TYPES = ("VARCHAR", "JSON")
INTEGER_TYPES = (
    "BIGINT",
    "INTEGER",
    "HUGEINT",
    "SMALLINT",
    "TINYINT",
    "UBIGINT",
    "UHUGEINT",
    "UINTEGER",
    "USMALLINT",
    "UTINYINT",
)
NUMBER_TYPES = ("DOUBLE", "FLOAT", "REAL")
DATE_TYPES = (
    "DATE",
    "TIMESTAMP",
    "TIMESTAMP WITH TIME ZONE",
    "TIMESTAMP_MS",
    "TIMESTAMP_NS",
    "TIMESTAMP_S",
)
BINARY_TYPES = ("BLOB", "WKB_BLOB")
IGNORED = ("__id", "bbox")  # the row number; a GeoParquet bounding box kept as one struct


@dataclass
class Column:
    """One column of the scanned table, with what the scanner learnt about it."""

    name: str
    label: str
    type: str
    rows: int = 0  # non-null cells in the whole table
    sample_rows: int = 0  # non-null cells in the sample
    average_length: float = 0.0  # of its text, in the sample
    spaces: float = 0.0  # average number of spaces, in the sample
    words_per_cell: float = 0.0  # average number of words of 3 letters or more, in the sample
    with_digits: float = 0.0  # share of the sample's cells holding a digit
    words: list[str] = field(default_factory=list)

    @property
    def is_text(self) -> bool:
        return self.type == "VARCHAR"

    @property
    def is_geometry(self) -> bool:
        """A geometry: DuckDB's GEOMETRY type (GeoParquet), or WKB bytes in a "geometry" column."""
        return self.type.startswith("GEOMETRY") or (
            self.type in BINARY_TYPES and self.name == "geometry"
        )

    @property
    def is_nested(self) -> bool:
        """A list, array, struct, map or union: its values are read as their text form."""
        return self.type.endswith("]") or self.type.startswith(("STRUCT", "MAP", "UNION"))

    @property
    def as_text(self) -> str | None:
        """SQL giving the column as text when patterns apply to it, else None.

        Only types whose text can hold what the detectors look for: text, JSON, enumerations,
        whole numbers and decimals (a phone or NIR typed as a number) and nested values (a list of
        e-mails). Geometries, bytes, booleans, dates, times and floats never go through patterns."""
        quoted = quote_identifier(self.name)
        if self.type == "VARCHAR":
            return quoted
        if (
            self.type in TEXT_TYPES
            or self.type in INTEGER_TYPES
            or self.type.startswith(("DECIMAL", "ENUM"))
            or (self.is_nested and "GEOMETRY" not in self.type and "BLOB" not in self.type)
        ):
            return f"CAST({quoted} AS VARCHAR)"
        return None

    @property
    def is_free_text(self) -> bool:
        """Sentences rather than values: long, with several words."""
        return (
            self.is_text
            and self.average_length >= 30
            and self.spaces >= 4
            and self.words_per_cell >= 4
        )

    def cue(self, words: frozenset[str]) -> bool:
        return cues.has_cue(self.words, words)


@dataclass
class Table:
    """The scanned relation and its sample, in one DuckDB connection."""

    con: duckdb.DuckDBPyConnection
    source: str  # SQL of the full relation (a FROM item)
    sample: str  # quoted name of the sample table (or the source itself when small)
    total_rows: int
    sampled: bool  # True when the sample is smaller than the table
    columns: dict[str, Column]
    schema_fields: set[str] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)
    candidates: dict[tuple[str, str], int] = field(default_factory=dict)
    has_row_id: bool = False  # the relation numbers its rows (__id): cells can be located
    _cache: dict[object, object] = field(default_factory=dict)

    def matching_values(self, column: Column, pattern: str) -> list[tuple[str, int]]:
        """Distinct sample values of a column matching a RE2 pattern, with their row counts."""
        expression = column.as_text
        if expression is None:
            return []
        key = ("values", column.name, pattern)
        if key not in self._cache:
            sql = (
                f"SELECT {expression} AS v, count(*) FROM {self.sample} "  # noqa: S608
                f"WHERE regexp_matches({expression}, ?) GROUP BY 1 LIMIT {VALUES_LIMIT}"
            )
            self._cache[key] = [
                (str(v), int(n)) for v, n in self.con.execute(sql, [pattern]).fetchall()
            ]
        return self._cache[key]  # type: ignore[return-value]

    def values(self, column: Column, limit: int = 5000) -> list[tuple[str, int]]:
        """The most frequent distinct sample values of a column as text, with their counts."""
        expression = column.as_text
        if expression is None:
            return []
        key = ("all", column.name, limit)
        if key not in self._cache:
            sql = (
                f"SELECT {expression} AS v, count(*) AS n FROM {self.sample} "  # noqa: S608
                f"WHERE {expression} IS NOT NULL GROUP BY 1 ORDER BY n DESC, v LIMIT {limit}"
            )
            self._cache[key] = [(str(v), int(n)) for v, n in self.con.execute(sql).fetchall()]
        return self._cache[key]  # type: ignore[return-value]

    def rows(self, names: list[str], where: str, limit: int = 5000) -> list[tuple[object, ...]]:
        """Sample rows (selected columns) where a condition holds."""
        selected = ", ".join(quote_identifier(name) for name in names)
        sql = f"SELECT {selected} FROM {self.sample} WHERE {where} LIMIT {limit}"  # noqa: S608
        return [tuple(row) for row in self.con.execute(sql).fetchall()]

    def full_count(self, column: Column, pattern: str) -> int:
        """Cells of the whole table matching a RE2 pattern (used only for flagged columns)."""
        expression = column.as_text
        if expression is None:
            return 0
        sql = f"SELECT count(*) FROM {self.source} WHERE regexp_matches({expression}, ?)"  # noqa: S608
        result = self.con.execute(sql, [pattern]).fetchone()
        return int(result[0]) if result else 0

    def full_matching_values(self, column: Column, pattern: str) -> list[str]:
        """Distinct values of the whole table matching a RE2 pattern; [] beyond CELL_LIMIT."""
        expression = column.as_text
        if expression is None:
            return []
        sql = (
            f"SELECT DISTINCT {expression} FROM {self.source} "  # noqa: S608
            f"WHERE regexp_matches({expression}, ?) LIMIT {CELL_LIMIT + 1}"
        )
        values = [str(row[0]) for row in self.con.execute(sql, [pattern]).fetchall()]
        return values if len(values) <= CELL_LIMIT else []

    def scaled(self, column: Column, sample_matches: int) -> int:
        """A sample count brought to the whole table."""
        if not self.sampled or column.sample_rows == 0:
            return sample_matches
        return round(sample_matches * column.rows / column.sample_rows)

    def found(self, kind: str) -> list[Finding]:
        return [finding for finding in self.findings if finding.kind == kind]

    def memo(self, key: object, compute: object) -> object:
        """Cache a table-level fact computed once by some detector."""
        if key not in self._cache:
            self._cache[key] = compute() if callable(compute) else compute
        return self._cache[key]


class Detector(Protocol):
    """One kind of personal data. Stage 1 looks at values; later stages also at the findings of
    the stages before (scanner.STAGES)."""

    kind: str
    stage: int

    def detect(self, column: Column, table: Table) -> Finding | None: ...
