"""Delimited text files (CSV, TSV, TXT): encoding, dialect and header sniffed (or taken from the
reading settings), then read by DuckDB as text columns in one pass."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ouvert.engine.ingest import encoding as encodings
from ouvert.engine.ingest import rejoin
from ouvert.engine.ingest.dialect import Dialect, sniff
from ouvert.engine.ingest.errors import IngestError, scrub
from ouvert.engine.ingest.limits import Limits, check_columns, megabytes
from ouvert.engine.ingest.names import clean_label, field_names
from ouvert.engine.ingest.raw import Raw, Source
from ouvert.engine.ingest.settings import ReadingSettings
from ouvert.engine.sql import quote_identifier

SAMPLE_BYTES = 256 * 1024
DELIMITER_NAMES = {";": "point-virgule", ",": "virgule", "\t": "tabulation", "|": "barre verticale"}


@dataclass(frozen=True)
class Head:
    """The start of a text file, decoded, and what it says about the whole."""

    encoding: encodings.Encoding
    sample: str
    complete: bool  # the sample is the whole file
    lone_cr: bool


def read_head(path: Path, settings: ReadingSettings) -> Head:
    found = (
        encodings.named(settings.encoding, path)
        if settings.encoding is not None
        else encodings.detect(path)
    )
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
        complete = not handle.read(1)
    errors = "ouvert-cp1252" if found.is_utf8 else "replace"
    sample = head.decode(found.name, errors=errors).lstrip("\ufeff")
    return Head(found, sample, complete, encodings.has_lone_cr(sample))


def read_text(
    path: Path, workdir: Path, limits: Limits, settings: ReadingSettings, min_width: int = 0
) -> Raw:
    head = read_head(path, settings)
    found = head.encoding
    if not head.complete and not any(c in head.sample for c in "\r\n"):
        raise IngestError(too_long(limits))
    dialect = sniff(head.sample, complete=head.complete, settings=settings)
    width = max(dialect.width, min_width)
    labels = [clean_label(label) for label in dialect.labels] + [""] * (width - dialect.width)
    check_columns(len(labels), limits)
    names = field_names(labels)
    notes: list[str] = []
    source = path
    prefix = "" if head.lone_cr else (dialect.record_end or "")
    if encodings.needs_transcoding(found, head.lone_cr) or prefix:
        source = workdir / "transcoded.csv"
        repaired = encodings.transcode(path, source, found, lone_cr=head.lone_cr, prefix=prefix)
        if repaired:
            notes.append(_repaired_note(repaired))
        elif not found.is_utf8:
            notes.append(f"Encodage détecté : {found.label} ; le texte a été converti en UTF-8.")
    if dialect.header is None:
        notes.append(
            "Le fichier n'a pas de ligne d'en-tête : ses colonnes sont nommées colonne_1, "
            "colonne_2… (vous pouvez indiquer la ligne d'en-tête dans les réglages de lecture)."
        )
    above = sum(1 for r in dialect.records[: dialect.data] if not r.is_blank) - (
        dialect.header is not None
    )
    if dialect.skipped_identical:
        notes.append(
            f"{_lines(dialect.skipped_identical)} au-dessus de l'en-tête, répétée(s) à "
            "l'identique, ont été ignorée(s)."
        )
    elif above > 0:
        notes.append(f"{_lines(above)} au-dessus de l'en-tête ont été ignorée(s).")
    header_width = len([f for f in dialect.labels if f.strip()]) or dialect.width
    body = [r.fields for r in dialect.records[dialect.data :] if not r.is_blank]
    joins = (
        rejoin.find_columns(body, header_width)
        if dialect.header is not None and width > header_width
        else []
    )
    skip = dialect.data + (1 if prefix else 0)  # DuckDB skips records, blank ones included
    reader = _reader(dialect, names, skip, limits)
    select = _rejoined(names, header_width, joins) if joins else None
    if dialect.trailing:
        shortest = min([len(r) for r in body] + [header_width])  # a joined row ends earlier
        select = _stripped(names, max(0, shortest - 1), dialect.trailing, select or "READER")
    if joins:
        notes.append(
            "Des montants écrits avec une virgule décimale non protégée (« 27 000,00 » dans un "
            "fichier séparé par des virgules) coupaient leur ligne en un champ de trop : les deux "
            "morceaux ont été réunis dans la colonne "
            + ", ".join(f"« {labels[c]} »" for c in joins)
            + "."
        )
    lenient = (
        "Des lignes du fichier ne respectent pas les règles du CSV (guillemets mal placés, "
        "nombre de champs variable) : elles ont été lues au mieux, vérifiez l'aperçu."
    )
    fatal = ("unterminated quote",)

    def variants(path_: Path, gate: Callable[[], bool] | None = None) -> list[Source]:
        reader_ = reader.replace("PATH", _literal(str(path_)))
        strict = reader_.replace("STRICT", "true")
        open_ = gate or (lambda: True)

        def wrap(sql: str) -> str:
            return select.replace("READER", sql) if select else sql

        return [
            Source(wrap(strict.replace("PARALLEL", "")), fatal=fatal),
            Source(
                wrap(strict.replace("PARALLEL", ", parallel = false")),
                fatal=fatal,
                when=lambda error: open_() and "parallel=false" in error,
            ),
            Source(
                wrap(reader_.replace("STRICT", "false").replace("PARALLEL", ", parallel = false")),
                note=lenient,
                when=lambda error: open_() and "unicode" not in error,
                lenient=True,
            ),
        ]

    sources = variants(source)
    if source == path and found.is_utf8:
        # Bytes that are not UTF-8 further down the file: DuckDB stops on them; the file is
        # then read again through a copy where each such byte is read as Windows-1252.
        repaired_copy = workdir / "repaired.csv"
        fixed: list[int] = []

        def repair() -> None:
            count = encodings.transcode(path, repaired_copy, found, lone_cr=False)
            notes.append(_repaired_note(count))
            fixed.append(count)

        copies = variants(repaired_copy, gate=lambda: bool(fixed))
        copies[0] = replace(copies[0], when=lambda error: "unicode" in error, prepare=repair)
        sources += copies
    decided = dialect.settings()
    return Raw(
        labels=labels,
        names=names,
        notes=notes,
        encoding=found.label,
        delimiter=DELIMITER_NAMES.get(dialect.delimiter, dialect.delimiter),
        sources=sources,
        explain=lambda message: explain(message, limits),
        settings=ReadingSettings(
            encoding=found.name,
            separator=decided.separator,
            quote=decided.quote,
            header_row=decided.header_row,
            first_data_row=decided.first_data_row,
        ),
        functions=[(rejoin.FUNCTION, rejoin.function(header_width, joins))] if joins else [],
        header_width=header_width if dialect.header is not None else None,
        dialect=dialect,
        rejoined=joins,
    )


def _reader(dialect: Dialect, names: list[str], skip: int, limits: Limits) -> str:
    columns = "{" + ", ".join(f"{_literal(n)}: 'VARCHAR'" for n in names) + "}"
    quote = dialect.quote
    quoting = f"quote = {_literal(quote)}, escape = {_literal(quote)}" if quote else "quote = ''"
    return (
        f"read_csv(PATH, delim = {_literal(dialect.delimiter)}, {quoting}, "
        f"header = false, skip = {skip}, columns = {columns}, "
        f"null_padding = true, strict_mode = STRICT, auto_detect = false, "
        f"max_line_size = {line_limit(limits)}PARALLEL)"
    )


def line_limit(limits: Limits) -> int:
    """DuckDB's longest line in bytes: a cell at the limit, in the widest UTF-8, and room."""
    return limits.max_cell_length * 4 + 1024


def _rejoined(names: list[str], width: int, joins: list[int]) -> str:
    fields = ", ".join(quote_identifier(n) for n in names)
    extra = " OR ".join(f"{quote_identifier(n)} IS NOT NULL" for n in names[width:])
    columns = ", ".join(f"__joined[{i + 1}] AS {quote_identifier(n)}" for i, n in enumerate(names))
    return (
        f"(SELECT {columns} FROM (SELECT CASE WHEN {extra} THEN "
        f"{rejoin.FUNCTION}([{fields}]) ELSE [{fields}] END AS __joined FROM READER))"
    )


def _stripped(names: list[str], first: int, trailing: str, inner: str) -> str:
    """The columns where a row may end, without the separators ending every line."""
    columns = []
    for index, name in enumerate(names):
        column = quote_identifier(name)
        if index >= first:
            column = (
                f"CASE WHEN suffix({column}, {_literal(trailing)}) "
                f"THEN {column}[:-{len(trailing) + 1}] ELSE {column} END AS {column}"
            )
        columns.append(column)
    return f"(SELECT {', '.join(columns)} FROM {inner})"


def _lines(count: int) -> str:
    return "1 ligne" if count == 1 else f"{count} lignes"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def explain(message: str, limits: Limits) -> str:
    first = message.splitlines()[0] if message else ""
    if "Maximum line size" in message or "max_line_size" in message:
        return too_long(limits)
    if "unterminated quote" in message.lower() or "quote" in first.lower():
        return (
            "Un guillemet ouvert dans une cellule n'est jamais refermé : le fichier est peut-être "
            "tronqué. Vérifiez la fin du fichier et les guillemets."
        )
    return f"Le fichier n'a pas pu être lu comme un tableau CSV ({scrub(first)[:200]})."


def too_long(limits: Limits) -> str:
    cell = f"{limits.max_cell_length:,}".replace(",", "\u202f")
    return (
        f"Une ligne du fichier dépasse {megabytes_or_kilobytes(line_limit(limits))}, la longueur "
        f"de ligne permise par la plateforme (des cellules de {cell} caractères au plus) : une "
        "cellule est trop longue, ou un guillemet n'est jamais refermé, ou le fichier n'a pas de "
        "fins de ligne. Vérifiez les guillemets et les fins de ligne du fichier."
    )


def megabytes_or_kilobytes(size: int) -> str:
    if size >= 1024**2:
        return megabytes(size)
    return f"{size // 1024} Ko"


def _repaired_note(count: int) -> str:
    return (
        f"Le fichier est en UTF-8 mais {count} octet(s) n'en sont pas : ils ont été lus en "
        "Windows-1252 (caractères accentués venus d'un autre fichier)."
    )


__all__ = ["IngestError", "read_head", "read_text"]
