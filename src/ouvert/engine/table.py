"""The shared shape of a file once read: every cell as text, in DuckDB, with source row numbers.

Readers (engine/read/) produce a TextTable from any file; validation (engine/schema/), the
personal-data scan (engine/privacy/) and typing (engine/detect/) consume it. Columns are named
positionally (`c1`, `c2`…) because real headers repeat, are empty or are not valid identifiers;
`header` keeps the labels as written in the file.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import duckdb

from ouvert.engine.sql import quote_identifier

ROW_NUMBER = "_row"


def column_name(index: int) -> str:
    """The DuckDB column holding the index-th (0-based) column of the file."""
    return f"c{index + 1}"


@dataclass
class TextTable:
    """A table of text cells in a DuckDB relation.

    `relation` names a table or view of `connection` with the columns `_row` (BIGINT: the row's
    number in the source as frictionless counts it, the header being row 1 so the first data row
    is 2; blank rows keep their numbers) then `c1`…`cN` (VARCHAR, NULL for an empty cell).
    """

    connection: duckdb.DuckDBPyConnection
    relation: str
    header: list[str]
    header_row: int = 1
    notes: list[str] = field(default_factory=list)  # what the reader repaired, in French

    @property
    def columns(self) -> list[str]:
        return [column_name(i) for i in range(len(self.header))]

    def row_count(self) -> int:
        sql = f"select count(*) from {quote_identifier(self.relation)}"  # noqa: S608
        result = self.connection.execute(sql).fetchone()
        return int(result[0]) if result else 0


_counter = itertools.count(1)


def text_table_from_rows(
    header: Sequence[str],
    rows: Iterable[Sequence[str | None]],
    connection: duckdb.DuckDBPyConnection | None = None,
    first_row_number: int = 2,
) -> TextTable:
    """A TextTable from Python rows (tests, small files); empty strings become NULL."""
    connection = connection or duckdb.connect()
    name = f"text_table_{next(_counter)}"
    columns = ", ".join(f"{quote_identifier(column_name(i))} VARCHAR" for i in range(len(header)))
    connection.execute(f"create table {quote_identifier(name)} ({ROW_NUMBER} BIGINT, {columns})")
    width = len(header)
    data = [
        [
            number,
            *[(cell if cell not in ("", None) else None) for cell in list(row)[:width]],
            *([None] * max(0, width - len(row))),
        ]
        for number, row in enumerate(rows, start=first_row_number)
    ]
    if data:
        placeholders = ", ".join("?" for _ in range(width + 1))
        insert = f"insert into {quote_identifier(name)} values ({placeholders})"  # noqa: S608
        connection.executemany(insert, data)
    return TextTable(connection, name, list(header))
