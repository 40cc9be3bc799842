"""Runs compiled statements on one Parquet file: read-only, with a time limit and a row cap.

Each opened file gets its own in-memory DuckDB database holding one view, `data`, over the
file. Before any query runs, the database is locked down: it may read that one file and no
other path (`allowed_paths`, `enable_external_access=false`), and `lock_configuration` keeps a
statement from undoing it. Memory and threads are capped per file. Queries run on cursors of
that database; a timer thread interrupts a query past its time limit.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa

from ouvert.engine.tabular.query.errors import (
    ODSQLError,
    QueryError,
    QueryTimeoutError,
    StoreError,
)
from ouvert.engine.tabular.query.layout import DEFAULT_LAYOUT, DEFAULT_LIMITS, Limits, ParquetLayout
from ouvert.engine.tabular.query.schema import Schema, read_schema
from ouvert.engine.tabular.query.statement import RELATION, Statement

EXPORT_BATCH_ROWS = 8192


class ParquetSource:
    """One Parquet file, opened for queries."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        layout: ParquetLayout = DEFAULT_LAYOUT,
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        self.path = str(Path(path).resolve())
        self.layout = layout
        self.limits = limits
        self._lock = threading.Lock()
        if not Path(self.path).is_file():
            raise StoreError(f"fichier Parquet introuvable : {self.path}")
        try:
            self._database = self._open()
            self.schema: Schema = read_schema(self._database, RELATION, layout)
        except duckdb.Error as error:
            raise StoreError(f"fichier Parquet illisible : {error}") from error

    def _open(self) -> duckdb.DuckDBPyConnection:
        database = duckdb.connect(
            ":memory:",
            config={
                "threads": self.limits.threads,
                "memory_limit": self.limits.memory_limit,
                "autoinstall_known_extensions": False,
                "autoload_known_extensions": False,
            },
        )
        literal = "'" + self.path.replace("'", "''") + "'"
        database.execute(
            f"CREATE VIEW {RELATION} AS SELECT * FROM read_parquet({literal})"  # noqa: S608
        )
        database.execute("SET GLOBAL TimeZone = 'UTC'")  # cursors inherit GLOBAL settings only
        database.execute("SET parquet_metadata_cache = true")
        database.execute(f"SET allowed_paths = [{literal}]")
        database.execute("SET enable_external_access = false")
        database.execute("SET lock_configuration = true")
        return database

    def cursor(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            return self._database.cursor()

    def fetch(self, statement: Statement, time_limit: float | None = None) -> pa.Table:
        """All the rows of `statement`, at most `limits.row_cap`, within the time limit."""
        cap = self.limits.row_cap
        seconds = self.limits.time_limit if time_limit is None else time_limit
        sql = f"SELECT * FROM ({statement.sql}) LIMIT {cap + 1}"  # noqa: S608
        cursor = self.cursor()
        timer = threading.Timer(seconds, cursor.interrupt)
        timer.start()
        try:
            table = cursor.sql(sql, params=statement.params).to_arrow_table()
        except duckdb.InterruptException:
            raise QueryTimeoutError(seconds) from None
        except duckdb.Error as error:
            raise translate(error) from error
        finally:
            timer.cancel()
            cursor.close()
        if table.num_rows > cap:
            raise QueryError(
                f"La requête renvoie plus de {cap} lignes : affinez-la, ou utilisez un export."
            )
        return table

    def scalar(self, statement: Statement) -> int:
        """The single integer a statement such as a count returns."""
        table = self.fetch(statement)
        return int(table.column(0)[0].as_py() or 0) if table.num_rows else 0

    def stream(
        self, statement: Statement, batch_rows: int = EXPORT_BATCH_ROWS
    ) -> Iterator[pa.RecordBatch]:
        """Every row of `statement` in Arrow batches, without a cap (exports). The statement
        starts at once, so that a bad query fails here rather than in the middle of a download.
        """
        seconds = self.limits.export_time_limit
        cursor = self.cursor()
        timer = threading.Timer(seconds, cursor.interrupt) if seconds else None
        if timer:
            timer.start()
        try:
            reader = cursor.sql(statement.sql, params=statement.params).to_arrow_reader(batch_rows)
        except BaseException as error:
            if timer:
                timer.cancel()
            cursor.close()
            if isinstance(error, duckdb.InterruptException):
                raise QueryTimeoutError(seconds or 0) from None
            if isinstance(error, duckdb.Error):
                raise translate(error) from error
            raise
        return self._batches(reader, cursor, timer, seconds)

    @staticmethod
    def _batches(
        reader: pa.RecordBatchReader,
        cursor: duckdb.DuckDBPyConnection,
        timer: threading.Timer | None,
        seconds: float | None,
    ) -> Iterator[pa.RecordBatch]:
        try:
            yield from reader
        except duckdb.InterruptException:
            raise QueryTimeoutError(seconds or 0) from None
        except duckdb.Error as error:
            raise translate(error) from error
        finally:
            if timer:
                timer.cancel()
            cursor.close()

    def close(self) -> None:
        with self._lock:
            self._database.close()


def translate(error: duckdb.Error) -> QueryError:
    """A DuckDB error raised by a user's query, as a French `QueryError` (never a 500)."""
    if isinstance(error, duckdb.IOException | duckdb.PermissionException):
        raise StoreError(str(error)) from error
    first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
    if isinstance(error, duckdb.ConversionException | duckdb.OutOfRangeException):
        return ODSQLError(f"valeur impossible à convertir ({first_line})")
    if isinstance(error, duckdb.OutOfMemoryException):
        return QueryError("La requête demande trop de mémoire : affinez-la.")
    return ODSQLError(f"requête impossible à exécuter ({first_line})")


_sources: OrderedDict[tuple[str, float, ParquetLayout, Limits], ParquetSource] = OrderedDict()
_sources_lock = threading.Lock()
OPEN_SOURCES = 32


def open_source(
    path: str | os.PathLike[str],
    layout: ParquetLayout = DEFAULT_LAYOUT,
    limits: Limits = DEFAULT_LIMITS,
) -> ParquetSource:
    """The source for `path`, reused between calls while the file is unchanged (the Parquet of a
    resource version never changes: a new version is a new file)."""
    resolved = Path(path).resolve()
    try:
        modified = resolved.stat().st_mtime
    except OSError as error:
        raise StoreError(f"fichier Parquet introuvable : {resolved}") from error
    key = (str(resolved), modified, layout, limits)
    with _sources_lock:
        source = _sources.get(key)
        if source is not None:
            _sources.move_to_end(key)
            return source
    source = ParquetSource(resolved, layout, limits)
    with _sources_lock:
        _sources[key] = source
        while len(_sources) > OPEN_SOURCES:
            _sources.popitem(last=False)  # closed when the last query using it is done
    return source
