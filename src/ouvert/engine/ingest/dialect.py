"""The shape of a delimited text file: separator, quoting, where the header is, and its labels.

Sniffed on the first records only, with Python's csv parser (which knows multi-line quoted cells);
DuckDB then reads the whole file with what was found. Every decision a person gave in the reading
settings is taken as it is.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass

from ouvert.engine.ingest.errors import IngestError
from ouvert.engine.ingest.settings import DETECT, ReadingSettings

DELIMITERS = (";", ",", "\t", "|")
SAMPLE_RECORDS = 400
HEADER_SEARCH = 50
_NUMBER = re.compile(r"[+-]?(\d+|\d{1,3}([ \u00a0\u202f.]\d{3})+)([.,]\d+)?\s*(€|%)?")
_DATE = re.compile(r"(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}[/.-]\d{1,2}[/.-]\d{1,2})([ T].*)?")
_YEAR = re.compile(r"(19|20)\d\d")


@dataclass(frozen=True)
class Record:
    start: int  # physical line where the record starts (from 0)
    end: int  # physical line after its last one
    fields: list[str]

    @property
    def is_blank(self) -> bool:
        return not any(f.strip() for f in self.fields)


@dataclass(frozen=True)
class Dialect:
    delimiter: str
    quote: str  # "" for none
    header: int | None  # index in `records` of the header record; None: no header row
    data: int  # index in `records` of the first data record (DuckDB's `skip`)
    labels: list[str]
    width: int  # fields per record (the header's, or the widest sampled row's)
    records: list[Record]  # the sample's complete records, blank ones included
    record_end: str | None  # the record terminator to write before the file, when its first
    # line break is inside a quoted cell and differs from it (DuckDB takes the first line
    # break for the terminator)
    skipped_identical: int = 0  # identical rows above the header, skipped
    trailing: str = ""  # what ends every line after its last field (`;;` in a `,` file)

    def settings(self) -> ReadingSettings:
        header = self.records[self.header].start if self.header is not None else None
        data = self.records[self.data].start if self.data < len(self.records) else None
        return ReadingSettings(
            separator=self.delimiter, quote=self.quote, header_row=header, first_data_row=data
        )


def parse(sample: str, delimiter: str, quote: str, limit: int = SAMPLE_RECORDS) -> list[Record]:
    """The sample's complete records (blank ones included, as DuckDB counts them)."""
    options: dict[str, object] = {"delimiter": delimiter}
    if quote:
        options.update(quotechar=quote, doublequote=True)
    else:
        options.update(quoting=csv.QUOTE_NONE)
    reader = csv.reader(io.StringIO(sample, newline=""), **options)  # type: ignore[arg-type]
    records: list[Record] = []
    start = 0
    try:
        for fields in reader:
            records.append(Record(start, reader.line_num, fields))
            start = reader.line_num
            if len(records) >= limit:
                break
    except csv.Error:
        pass
    if len(records) < limit and records and not sample.endswith(("\n", "\r")):
        records.pop()  # the sample may end inside the last record
    return records


def _score(records: list[Record]) -> tuple[float, int]:
    """How regular the records are with a delimiter: the share of non-blank records of the most
    common width, counted from the first of them (title lines above the table do not count
    against the right delimiter), and that width without the trailing fields that are always
    empty (lines ending in `;;` do not make a `;`-separated file)."""
    filled = [r.fields for r in records if not r.is_blank]
    if not filled:
        return 0.0, 0
    used = max((max((i for i, f in enumerate(fields) if f.strip()), default=-1) + 1)
               for fields in filled)  # fmt: skip
    widths = Counter(len(fields) for fields in filled)
    width, count = widths.most_common(1)[0]
    if min(width, used) < 2:
        return 0.0, min(width, used)
    first = next(i for i, fields in enumerate(filled) if len(fields) == width)
    consistency = count / (len(filled) - first)
    # The table's first row is its header: made of labels with the right separator, of pieces
    # of numbers ("0", "01;12") with a wrong one.
    header = [f for f in filled[first] if f.strip()]
    if header and sum(_is_label(f) for f in header) * 3 >= len(header) * 2:
        consistency += 0.2
    return consistency, min(width, used)


def _is_label(value: str) -> bool:
    text = value.strip()
    return bool(text) and not text.replace(",", "").replace(".", "").replace(" ", "").isdigit()


def _kind(value: str) -> str:
    text = value.strip()
    if not text:
        return ""
    if _NUMBER.fullmatch(text):
        return "number"
    if _DATE.fullmatch(text):
        return "date"
    return "text"


def sniff(sample: str, *, complete: bool, settings: ReadingSettings | None = None) -> Dialect:
    """The dialect of a text file from its first characters (`complete`: the whole file)."""
    given = settings or ReadingSettings()
    sample = sample.lstrip("\ufeff")
    if not sample.strip():
        raise IngestError("Le fichier est vide : il n'y a ni en-tête ni ligne à publier.")
    if not complete:
        # Cut at the last line end so that a record is not taken half-read.
        cut = max(sample.rfind("\n"), sample.rfind("\r"))
        if cut > 0:
            sample = sample[: cut + 1]
    quote = '"' if given.quote is None else given.quote
    if given.separator is not None:
        delimiter = given.separator
        records = parse(sample, delimiter, quote)
    else:
        best: tuple[float, int, str, list[Record]] | None = None
        for candidate in DELIMITERS:
            found = parse(sample, candidate, quote)
            consistency, width = _score(found)
            if width >= 2 and (best is None or (consistency, width) > (best[0], best[1])):
                best = (consistency, width, candidate, found)
        if best is None:
            # One column: every line is one value.
            delimiter = "\x1f"
            records = parse(sample, delimiter, quote)
        else:
            _, _, delimiter, records = best
    if not records or all(r.is_blank for r in records):
        raise IngestError("Le fichier ne contient aucune ligne lisible.")
    return _layout(sample, records, delimiter, quote, given)


def _index_of_line(records: list[Record], line: int, what: str) -> int:
    for index, record in enumerate(records):
        if record.start <= line < record.end:
            return index
    raise IngestError(
        f"La {what} indiquée dans les réglages de lecture (ligne {line + 1}) n'est pas parmi les "
        f"{records[-1].end if records else 0} premières lignes du fichier : choisissez une ligne "
        "plus haute."
    )


def _layout(
    sample: str, records: list[Record], delimiter: str, quote: str, given: ReadingSettings
) -> Dialect:
    skipped = 0
    if given.header_row is DETECT:
        header, skipped = _find_header(records)
    elif given.header_row is None:
        header = None
    else:
        header = _index_of_line(records, given.header_row, "ligne d'en-tête")
    if given.first_data_row is not None:
        data = _index_of_line(records, given.first_data_row, "première ligne de données")
    elif header is not None:
        data = header + 1
    else:
        data = next(i for i, r in enumerate(records) if not r.is_blank)
    if header is not None and data <= header:
        raise IngestError(
            "La première ligne de données doit être sous la ligne d'en-tête : changez l'une des "
            "deux dans les réglages de lecture."
        )
    trailing = _trailing(records[data:], delimiter)
    if trailing:
        records = [
            Record(r.start, r.end, [*r.fields[:-1], r.fields[-1].removesuffix(trailing)])
            if r.fields and r.fields[-1].endswith(trailing) else r
            for r in records
        ]  # fmt: skip
    body = [r.fields for r in records[data:] if not r.is_blank]
    widest = max((len(f) for f in body), default=0)
    labels = list(records[header].fields) if header is not None else []
    width = max(len(labels), widest, 1)
    labels += [""] * (width - len(labels))
    return Dialect(
        delimiter=delimiter,
        quote=quote,
        header=header,
        data=data,
        labels=labels,
        width=width,
        records=records,
        record_end=_record_end(sample, records),
        skipped_identical=skipped,
        trailing=trailing,
    )


def _trailing(records: list[Record], delimiter: str) -> str:
    """Other separators ending (nearly) every line after its last field: `;;` after each line
    of a comma-separated file, left by a conversion."""
    ends: Counter[str] = Counter()
    filled = [r for r in records if not r.is_blank]
    for record in filled:
        last = record.fields[-1] if record.fields else ""
        run = len(last) - len(last.rstrip("".join(d for d in DELIMITERS if d != delimiter)))
        ends[last[len(last) - run :] if run else ""] += 1
    if not filled:
        return ""
    end, count = ends.most_common(1)[0]
    return end if end and count >= 0.9 * len(filled) else ""


def _record_end(sample: str, records: list[Record]) -> str | None:
    first = records[0]
    if first.end - first.start < 2:
        return None
    lines = io.StringIO(sample, newline="").readlines()
    inner = lines[first.start][len(lines[first.start].rstrip("\r\n")) :]
    last = lines[first.end - 1]
    terminator = last[len(last.rstrip("\r\n")) :]
    return terminator if terminator and terminator != inner else None


def _find_header(records: list[Record]) -> tuple[int | None, int]:
    """The header record's index (None: the file has none) and how many identical rows above
    it were skipped."""
    filled_records = [r for r in records if not r.is_blank]
    widths = Counter(len(r.fields) for r in filled_records)
    width = widths.most_common(1)[0][0] if widths else 1
    candidate: int | None = None
    for index, record in enumerate(records[:HEADER_SEARCH]):
        fields = record.fields
        filled = [f for f in fields if f.strip()]
        # A header may be a little narrower than the rows (unquoted decimal commas in the data).
        wide = len(fields) >= max(1 if width == 1 else 2, width * 3 // 4) and len(filled) >= max(
            1, (width + 1) // 2
        )
        if wide and sum(_is_label(f) for f in filled) >= max(1, (len(filled) * 2 + 2) // 3):
            candidate = index
            break
    if candidate is None:
        first = next(i for i, r in enumerate(records) if not r.is_blank)
        return (None if _looks_like_data(records, first) else first), 0
    # Identical rows repeated above the header (an export's title or header written twice):
    # the header is the row after them, or the last of them if data follows.
    skipped = 0
    following = _next_filled(records, candidate)
    while following is not None and records[following].fields == records[candidate].fields:
        candidate, following = following, _next_filled(records, following)
        skipped += 1
    if (
        skipped
        and following is not None
        and _labels_only(records[following])
        and not _looks_like_data(records, following)
    ):
        candidate = following
        skipped += 1
    if _looks_like_data(records, candidate):
        return None, 0
    return candidate, skipped


def _next_filled(records: list[Record], index: int) -> int | None:
    return next((i for i in range(index + 1, len(records)) if not records[i].is_blank), None)


def _labels_only(record: Record) -> bool:
    filled = [f for f in record.fields if f.strip()]
    return bool(filled) and all(_kind(f) == "text" for f in filled)


def _looks_like_data(records: list[Record], index: int) -> bool:
    """Whether the candidate header is rather the first data row: in columns whose values below
    are numbers or dates, it has numbers or dates too (a year over a column of amounts is a
    header); in text columns, it repeats a value found below."""
    candidate = records[index].fields
    below = [r.fields for r in records[index + 1 : index + 1 + 200] if not r.is_blank]
    if not below:
        return False
    header_votes = data_votes = 0
    for column, cell in enumerate(candidate):
        cell_kind = _kind(cell)
        if not cell_kind:
            continue
        values = [row[column] for row in below if column < len(row) and row[column].strip()]
        if not values:
            continue
        kinds = Counter(_kind(v) for v in values)
        kind, count = kinds.most_common(1)[0]
        if count < 0.8 * len(values):
            continue
        if kind in ("number", "date"):
            if cell_kind == kind and not (kind == "number" and _YEAR.fullmatch(cell.strip())):
                data_votes += 1
            elif cell_kind == "text":
                header_votes += 1
        elif cell.strip() in {v.strip() for v in values} and len(set(values)) < len(values):
            data_votes += 1  # a category that comes back below: a value, not a name
    return data_votes > header_votes
