"""The first rows of a file as a reading with given settings would cut them, before reading it
whole: what the « Réglages de lecture » page shows next to the settings.

    preview = preview_rows(path, ReadingSettings(separator=","), n=20, filename="aides.csv")
    preview.rows[0].number, preview.rows[0].cells, preview.header_row, preview.settings

The rows start at the top of the file (titles above the header included), so that a person can
point at the header row; each carries its row number as the settings count them.
"""

from __future__ import annotations

import tempfile
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
import pyogrio

from ouvert.engine.ingest import archives
from ouvert.engine.ingest.dialect import sniff
from ouvert.engine.ingest.errors import IngestError, scrub
from ouvert.engine.ingest.geo import extract
from ouvert.engine.ingest.kinds import sniff_kind
from ouvert.engine.ingest.limits import DEFAULT_LIMITS, Limits, check_file_size
from ouvert.engine.ingest.names import clean_label
from ouvert.engine.ingest.settings import ReadingSettings
from ouvert.engine.ingest.spreadsheet import cell_text, layout, open_sheet
from ouvert.engine.ingest.text import read_head


@dataclass(frozen=True)
class PreviewRow:
    number: int  # from 0: a text file's physical line, a sheet's row, a record's index
    cells: list[str]


@dataclass(frozen=True)
class Preview:
    rows: list[PreviewRow]
    labels: list[str]  # the header's labels ("" where a column has none)
    # The layout these settings lead to, completed by detection (encoding, separator, quote,
    # header_row, first_data_row, sheet); decimal and crs are decided by the whole reading.
    settings: ReadingSettings
    kind: str

    @property
    def header_row(self) -> int | None:
        row = self.settings.header_row
        return row if isinstance(row, int) else None

    @property
    def first_data_row(self) -> int | None:
        return self.settings.first_data_row


def preview_rows(
    source: Path,
    settings: ReadingSettings | None = None,
    n: int = 20,
    *,
    filename: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Preview:
    """The first `n` rows of `source` cut with `settings` (detected where not given); raises
    `IngestError` with the reason when the settings do not fit the file."""
    given = settings or ReadingSettings()
    check_file_size(source.stat().st_size, limits)
    with tempfile.TemporaryDirectory(prefix="ouvert-preview-") as folder:
        workdir = Path(folder)
        name = filename or source.name
        if archives.is_gzip(source):
            source = archives.gunzip(source, workdir / "unpacked", limits)
            name = archives.inner_name(name)
        kind = sniff_kind(source, name)
        if kind == "csv":
            return _text(_single(source, workdir, limits), given, n)
        if kind in ("xlsx", "xls", "ods"):
            return _sheet(source, kind, given, n, limits)
        if kind == "json":
            return _json(source, given, n)
        return _vector(source, kind, workdir, given, n, limits)


def _single(path: Path, workdir: Path, limits: Limits) -> Path:
    with path.open("rb") as handle:
        zipped = handle.read(4).startswith(b"PK\x03\x04")
    return archives.single_text_member(path, workdir, limits) if zipped else path


def _text(path: Path, given: ReadingSettings, n: int) -> Preview:
    head = read_head(path, given)
    dialect = sniff(head.sample, complete=head.complete, settings=given)
    rows = [PreviewRow(r.start, list(r.fields)) for r in dialect.records[:n]]
    decided = replace(dialect.settings(), encoding=head.encoding.name)
    labels = [clean_label(label) for label in dialect.labels]
    return Preview(rows, labels, given.over(decided), "csv")


def _sheet(path: Path, kind: str, given: ReadingSettings, n: int, limits: Limits) -> Preview:
    opened = open_sheet(path, kind, given.sheet, limits)
    header, start, two_rows = layout(opened, given)
    rows = [
        PreviewRow(index + opened.top, [c or "" for c in row])
        for index, row in enumerate(opened.rows[:n])
    ]
    if two_rows is not None:
        labels = two_rows
    else:
        labels = [c or "" for c in opened.rows[header]] if header is not None else []
    decided = ReadingSettings(
        sheet=opened.name,
        header_row=None if header is None else header + opened.top,
        first_data_row=start + opened.top,
    )
    return Preview(rows, [clean_label(label) for label in labels], given.over(decided), kind)


def _json(path: Path, given: ReadingSettings, n: int) -> Preview:
    try:
        relation = duckdb.connect().sql(
            f"SELECT * FROM read_json(?, format = 'auto') LIMIT {int(n)}", params=[str(path)]
        )
        columns, values = relation.columns, relation.fetchall()
    except duckdb.Error as error:
        raise IngestError(
            f"Le JSON n'a pas pu être lu ({scrub(str(error).splitlines()[0])[:200]})."
        ) from error
    rows = [PreviewRow(i, [cell_text(v) or "" for v in row]) for i, row in enumerate(values)]
    return Preview(rows, list(columns), given, "json")


def _vector(
    path: Path, kind: str, workdir: Path, given: ReadingSettings, n: int, limits: Limits
) -> Preview:
    source = path
    if kind == "shapefile" or zipfile.is_zipfile(path):
        source = extract(path, workdir, limits)
    try:
        _meta, table = pyogrio.read_arrow(source, max_features=n, read_geometry=False)
    except Exception as error:  # GDAL raises many kinds of errors for damaged files
        raise IngestError(
            "La couche géographique n'a pas pu être lue : le fichier est endommagé ou tronqué."
        ) from error
    columns = table.column_names
    records = table.to_pylist()
    rows = [
        PreviewRow(i, [cell_text(record[c]) or "" for c in columns])
        for i, record in enumerate(records)
    ]
    return Preview(rows, [clean_label(c) for c in columns], given, kind)
