"""The shape of a delimited text file: separator, quoting, where the header is, and its labels.

Sniffed on the first records only, with Python's csv parser (which knows multi-line quoted cells);
DuckDB then reads the whole file with what was found.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass

from ouvert.engine.ingest.errors import IngestError

DELIMITERS = (";", ",", "\t", "|")
SAMPLE_RECORDS = 400


@dataclass(frozen=True)
class Dialect:
    delimiter: str
    quote: str
    skip_lines: int  # records before the header (titles, blank lines)
    labels: list[str]
    width: int  # fields per record


def _records(sample: str, delimiter: str) -> list[tuple[int, int, list[str]]]:
    """(first line, last line, fields) of the sample's complete records."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, quotechar='"')
    records: list[tuple[int, int, list[str]]] = []
    start = 0
    try:
        for fields in reader:
            records.append((start, reader.line_num, fields))
            start = reader.line_num
            if len(records) >= SAMPLE_RECORDS:
                break
    except csv.Error:
        pass
    if len(records) < SAMPLE_RECORDS and records and not sample.endswith(("\n", "\r")):
        records.pop()  # the sample may end inside the last record
    return records


def _score(records: list[tuple[int, int, list[str]]]) -> tuple[float, int]:
    widths = Counter(len(fields) for _, _, fields in records if any(f.strip() for f in fields))
    if not widths:
        return 0.0, 0
    width, count = widths.most_common(1)[0]
    if width < 2:
        return 0.0, width
    return count / sum(widths.values()), width


def _is_label(value: str) -> bool:
    text = value.strip()
    return bool(text) and not text.replace(",", "").replace(".", "").replace(" ", "").isdigit()


def sniff(sample: str, *, complete: bool) -> Dialect:
    """The dialect of a text file from its first characters (`complete`: the whole file)."""
    sample = sample.lstrip("\ufeff")
    if not sample.strip():
        raise IngestError("Le fichier est vide : il n'y a ni en-tête ni ligne à publier.")
    if not complete:
        # Cut at the last line end so that a record is not taken half-read.
        cut = max(sample.rfind("\n"), sample.rfind("\r"))
        if cut > 0:
            sample = sample[: cut + 1]
    best: tuple[float, int, str, list[tuple[int, int, list[str]]]] | None = None
    for delimiter in DELIMITERS:
        records = _records(sample, delimiter)
        consistency, width = _score(records)
        if width >= 2 and (best is None or (consistency, width) > (best[0], best[1])):
            best = (consistency, width, delimiter, records)
    if best is None:
        # One column: every line is one value.
        records = _records(sample, "\x1f")
        return _header(records, "\x1f", 1)
    _, width, delimiter, records = best
    return _header(records, delimiter, width)


def _header(records: list[tuple[int, int, list[str]]], delimiter: str, width: int) -> Dialect:
    for index, (_start, _end, fields) in enumerate(records[:50]):
        filled = [f for f in fields if f.strip()]
        # A header may be a little narrower than the rows (unquoted decimal commas in the data):
        # the extra fields get columns of their own rather than being lost.
        wide = len(fields) >= max(2, width * 3 // 4) and len(filled) >= max(1, (width + 1) // 2)
        if wide and sum(_is_label(f) for f in filled) >= max(1, (len(filled) * 2 + 2) // 3):
            labels = fields + [""] * (width - len(fields))
            return Dialect(delimiter, '"', index, labels, len(labels))
    if not records:
        raise IngestError("Le fichier ne contient aucune ligne lisible.")
    fields = records[0][2]
    return Dialect(delimiter, '"', 0, fields, len(fields))
