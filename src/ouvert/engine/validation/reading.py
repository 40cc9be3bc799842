# ruff: noqa: S608 — SQL is built from column names c1…cN and literals quoted by sql_literal
"""A CSV file read by DuckDB as text cells, its records numbered as frictionless-py numbers them;
or a table another reader already read (`TableCells`: the ingestion's text view, in Parquet).

* Encoding: UTF-8 (with or without BOM) is read in place; anything else is detected with
  charset-normalizer (cp1252 when unsure) and transcoded, in chunks, to a temporary UTF-8 file.
* Dialect: the delimiter is sniffed like frictionless-py does (the standard library's sniffer
  over the first 100 lines, among `,`, `;`, tab and `|`); the quote is always `"`.
* `scan`: DuckDB's reading, one row per CSV record in file order, columns `c1…cM` as VARCHAR,
  an empty cell being '' and a cell the record does not have being NULL. DuckDB skips empty
  lines, which Python's csv module (and so frictionless-py) counts as records: when the file has
  any, their record numbers are found by one pass of the csv module (`empty_records`).
"""

from __future__ import annotations

import codecs
import csv
import io
import mmap
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ouvert.engine.sql import quote_identifier as sql_identifier
from ouvert.engine.validation.pyregex import sql_literal

SAMPLE_BYTES = 1 << 16
CHUNK = 1 << 20
NEVER_NULL = "\x01\x02ouvert-no-null\x02\x01"


class ReadError(ValueError):
    """The file cannot be read as CSV (message in French)."""


@dataclass
class CsvFile:
    path: Path  # UTF-8 file DuckDB reads (the original or a transcoded copy)
    encoding: str  # as detected in the original
    delimiter: str
    temporary: Path | None = None
    notes: list[str] = field(default_factory=list)
    first_row: int = 1  # the header is the file's first record

    def cleanup(self) -> None:
        if self.temporary is not None:
            self.temporary.unlink(missing_ok=True)


@dataclass
class TableCells:
    """A table another reader already read — the ingestion's text view — so that validation and
    publication read the file the same way: a Parquet file of its records from the header on,
    in file order, every cell as text ('' when empty, NULL when the record has no such cell).
    `first_row` is the header's row number in the file (from 1, as frictionless-py counts
    records), `empty_rows` the row numbers of the empty lines the reading skipped."""

    path: Path
    first_row: int = 1
    empty_rows: tuple[int, ...] = ()
    encoding: str = ""
    delimiter: str = ""
    notes: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # its columns, in file order

    def __post_init__(self) -> None:
        if not self.names:
            import pyarrow.parquet as pq

            self.names = list(pq.read_schema(self.path).names)

    def cleanup(self) -> None:
        """Nothing to remove: the table belongs to its reader."""


Cells = CsvFile | TableCells


def detect_encoding(sample: bytes) -> str:
    """'utf-8-sig', 'utf-8' or the encoding charset-normalizer guesses (cp1252 by default)."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # a multi-byte character cut by the end of the sample is still UTF-8
        if exc.start >= len(sample) - 3 and len(sample) >= SAMPLE_BYTES:
            try:
                sample[: exc.start].decode("utf-8")
                return "utf-8"
            except UnicodeDecodeError:
                pass
    try:  # French files that are not UTF-8 are nearly always Windows-1252
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    guess = (best.encoding if best is not None else "cp1252").lower().replace("_", "-")
    if guess in ("ascii", "utf-8"):
        return "utf-8"
    if guess in ("latin-1", "iso-8859-1", "iso8859-1", "iso-8859-15", "windows-1252", "cp1252"):
        return "cp1252"
    return guess


def sniff_delimiter(text: str) -> str:
    lines = text.splitlines(keepends=True)[:100]
    try:
        return csv.Sniffer().sniff("".join(lines), ",\t;|").delimiter
    except csv.Error:
        return ","


def prepare(path: str | Path) -> CsvFile:
    """Detect encoding and delimiter; transcode to UTF-8 when needed."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            sample = handle.read(SAMPLE_BYTES)
    except OSError as exc:
        raise ReadError(f"Impossible de lire le fichier : {exc.strerror or exc}") from exc
    encoding = detect_encoding(sample)
    text = sample.decode(encoding if encoding != "utf-8-sig" else "utf-8-sig", errors="ignore")
    delimiter = sniff_delimiter(text)
    if encoding in ("utf-8", "utf-8-sig"):
        return CsvFile(path, encoding, delimiter)
    handle_fd, name = tempfile.mkstemp(suffix=".csv", prefix="ouvert-validation-")
    os.close(handle_fd)
    target = Path(name)
    try:
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        with path.open("rb") as source, target.open("w", encoding="utf-8", newline="") as out:
            while chunk := source.read(CHUNK):
                out.write(decoder.decode(chunk))
            out.write(decoder.decode(b"", final=True))
    except LookupError as exc:
        target.unlink(missing_ok=True)
        raise ReadError(f"Encodage non pris en charge : {encoding}") from exc
    note = f"Le fichier est encodé en {encoding} : il a été lu après conversion en UTF-8."
    return CsvFile(target, encoding, delimiter, temporary=target, notes=[note])


def _line_breaks(path: Path) -> tuple[int, bool]:
    """Number of line feeds, and whether the file ends with one."""
    count, last = 0, b""
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK * 4):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count, last == b"\n"


def _has_empty_line(path: Path) -> bool:
    if path.stat().st_size == 0:
        return False
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        if data[:1] in (b"\n", b"\r"):
            return True
        return any(data.find(marker) != -1 for marker in (b"\n\n", b"\n\r\n", b"\r\r"))


def _empty_records(path: Path, delimiter: str) -> list[int]:
    """Record numbers (from 1) of the empty records, as Python's csv module reads the file."""
    numbers = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter, quotechar='"', doublequote=True)
        for number, record in enumerate(reader, start=1):
            if not record:
                numbers.append(number)
    return numbers


LONG_LINES = (
    100_000_000  # DuckDB's default line limit (2 MB) is raised to this when a line needs it
)


def scan(source: Cells, columns: int, parallel: bool = True, long_lines: bool = False) -> str:
    """DuckDB's reading of the file as `columns` VARCHAR columns c1…cN, records in file order:
    an empty cell is '', a cell the record does not have is NULL."""
    if isinstance(source, TableCells):
        cells = [
            f"{sql_identifier(source.names[i])} AS c{i + 1}"
            if i < len(source.names)
            else f"NULL::VARCHAR AS c{i + 1}"
            for i in range(columns)
        ]
        return f"(select {', '.join(cells)} from read_parquet({sql_literal(str(source.path))}))"
    spec = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(1, columns + 1)) + "}"
    # a large max_line_size makes DuckDB read in larger buffers, 40 % slower: only when needed
    options = (f", max_line_size={LONG_LINES}" if long_lines else "") + (
        "" if parallel else ", parallel=false"
    )
    return (
        f"read_csv({sql_literal(str(source.path))}, header=false, auto_detect=false, "
        f"delim={sql_literal(source.delimiter)}, quote='\"', escape='\"', columns={spec}, "
        f"null_padding=true, strict_mode=false, nullstr={sql_literal(NEVER_NULL)}{options})"
    )


def run_over(
    connection: duckdb.DuckDBPyConnection, source: Cells, columns: int, sql: str
) -> list[tuple]:
    """Run `sql`, where `{scan}` stands for the file's reading; its rows."""
    if isinstance(source, TableCells):
        try:
            return connection.execute(sql.replace("{scan}", scan(source, columns))).fetchall()
        except duckdb.Error as exc:
            raise ReadError(_unreadable(str(exc))) from exc
    parallel, long_lines = True, False
    while True:
        reading = scan(source, columns, parallel=parallel, long_lines=long_lines)
        try:
            return connection.execute(sql.replace("{scan}", reading)).fetchall()
        except duckdb.Error as exc:
            message = str(exc)
            if "Maximum line size" in message and not long_lines:
                long_lines = True
            elif "null_padding" in message and parallel:
                # quoted line breaks: DuckDB's parallel reader cannot pad short rows then
                parallel = False
            else:
                raise ReadError(_unreadable(message)) from exc


def _unreadable(message: str) -> str:
    """DuckDB's error, without the line it quotes (which may be huge)."""
    lines = [line for line in message.splitlines() if not line.startswith("Original Line")]
    text = " ".join(line.strip() for line in lines[:3] if line.strip())
    if "Maximum line size" in message:
        text = f"une ligne dépasse {LONG_LINES // 1_000_000} millions de caractères"
    return f"Le fichier n'est pas un CSV lisible : {text[:300]}"


def _first_line(source: CsvFile) -> str:
    with source.path.open("r", encoding="utf-8-sig", errors="replace", newline="") as handle:
        return handle.readline()


def _width_of(line: str, delimiter: str) -> int:
    first = next(csv.reader(io.StringIO(line), delimiter=delimiter), [])
    return max(len(first), 1) + 1


def first_width(source: CsvFile) -> int:
    """Columns to read the file with: one more than its first line has (more if a row has)."""
    return _width_of(_first_line(source), source.delimiter)


def first_record(
    connection: duckdb.DuckDBPyConnection, source: Cells
) -> tuple[int, list[str | None] | None]:
    """(the width to read the file with, the first record's cells); None for an empty file."""
    if isinstance(source, TableCells):
        columns = len(source.names) + 1
        rows = run_over(connection, source, columns, "select * from {scan} limit 1")
        return columns, (list(rows[0]) if rows else None)
    line = _first_line(source)
    columns = _width_of(line, source.delimiter)
    if line.strip("\r\n") and '"' not in line:  # no quoting: the line splits as DuckDB splits it
        cells: list[str | None] = list(line.rstrip("\r\n").split(source.delimiter))
        return columns, cells + [None] * (columns - len(cells))
    while True:
        names = ", ".join(f"c{i}" for i in range(1, columns + 1))
        rows = run_over(connection, source, columns, f"select {names} from {{scan}} limit 1")
        if not rows:
            return columns, None
        if rows[0][-1] is None:
            return columns, list(rows[0])
        columns *= 2


def empty_records(source: Cells, records: int) -> list[int]:
    """The record numbers of the empty records, given DuckDB's count of the others."""
    if isinstance(source, TableCells):
        return sorted(source.empty_rows)
    breaks, final = _line_breaks(source.path)
    # one record per line feed: no empty line (nor multi-line cell) to look for
    if breaks == records - (0 if final else 1):
        return []
    return _empty_records(source.path, source.delimiter) if _has_empty_line(source.path) else []
