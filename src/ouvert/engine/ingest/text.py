"""Delimited text files (CSV, TSV, TXT): encoding, dialect and header sniffed, then read by
DuckDB as text columns in one pass."""

from __future__ import annotations

from pathlib import Path

from ouvert.engine.ingest import encoding as encodings
from ouvert.engine.ingest.dialect import sniff
from ouvert.engine.ingest.limits import Limits, check_columns
from ouvert.engine.ingest.names import clean_label, field_names
from ouvert.engine.ingest.raw import Raw, Source

SAMPLE_BYTES = 256 * 1024
DELIMITER_NAMES = {";": "point-virgule", ",": "virgule", "\t": "tabulation", "|": "barre verticale"}


def read_text(path: Path, workdir: Path, limits: Limits) -> Raw:
    found = encodings.detect(path)
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
        complete = not handle.read(1)
    sample = head.decode(found.name, errors="replace" if not found.is_utf8 else "ouvert-cp1252")
    lone_cr = encodings.has_lone_cr(sample)
    source = path
    notes: list[str] = []
    if encodings.needs_transcoding(found, lone_cr):
        source = workdir / "transcoded.csv"
        repaired = encodings.transcode(path, source, found, lone_cr=lone_cr)
        sample = source.open(encoding="utf-8", newline="").read(SAMPLE_BYTES)
        if repaired:
            notes.append(_repaired_note(repaired))
        elif not found.is_utf8:
            notes.append(f"Encodage détecté : {found.label} ; le texte a été converti en UTF-8.")
    dialect = sniff(sample, complete=complete)
    labels = [clean_label(label) for label in dialect.labels]
    check_columns(len(labels), limits)
    names = field_names(labels)
    if dialect.skip_lines:
        notes.append(f"{dialect.skip_lines} ligne(s) au-dessus de l'en-tête ont été ignorées.")
    columns = "{" + ", ".join(f"{_literal(n)}: 'VARCHAR'" for n in names) + "}"
    delimiter = dialect.delimiter
    skip = dialect.skip_lines + 1  # DuckDB skips records: blank lines, titles, the header
    reader = (
        f"read_csv(PATH, delim = {_literal(delimiter)}, quote = '\"', "
        f"escape = '\"', header = false, skip = {skip}, columns = {columns}, "
        f"null_padding = true, strict_mode = STRICT, auto_detect = false, "
        f"max_line_size = {limits.max_cell_length * 4 + 1024}PARALLEL)"
    )
    # Strict first (an unclosed quote is an error, not a cell swallowing the rest of the file);
    # on one thread when quoted line breaks meet ragged rows; lenient last, and then said.
    lenient = (
        "Des lignes du fichier ne respectent pas les règles du CSV (guillemets mal placés, "
        "nombre de champs variable) : elles ont été lues au mieux, vérifiez l'aperçu."
    )
    fatal = ("unterminated quote",)

    def variants(path_: Path, first: Source | None = None) -> list[Source]:
        reader_ = reader.replace("PATH", _literal(str(path_)))
        strict = reader_.replace("STRICT", "true")
        return [
            Source(
                strict.replace("PARALLEL", ""),
                fatal=fatal,
                when=first.when if first else None,
                prepare=first.prepare if first else None,
            ),
            Source(
                strict.replace("PARALLEL", ", parallel = false"),
                fatal=fatal,
                when=lambda error: "parallel=false" in error,
            ),
            Source(
                reader_.replace("STRICT", "false").replace("PARALLEL", ", parallel = false"),
                note=lenient,
                when=lambda error: "unicode" not in error,
            ),
        ]

    sources = variants(source)
    if source == path and found.is_utf8:
        # Bytes that are not UTF-8 further down the file: DuckDB stops on them; the file is
        # then read again through a copy where each such byte is read as Windows-1252.
        repaired_copy = workdir / "repaired.csv"

        def repair() -> None:
            count = encodings.transcode(path, repaired_copy, found, lone_cr=False)
            notes.append(_repaired_note(count))

        trigger = Source("", when=lambda error: "unicode" in error, prepare=repair)
        sources += variants(repaired_copy, trigger)
    return Raw(
        labels=labels,
        names=names,
        notes=notes,
        encoding=found.label,
        delimiter=DELIMITER_NAMES.get(delimiter, delimiter),
        sources=sources,
        explain=explain,
    )


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def explain(message: str) -> str:
    first = message.splitlines()[0] if message else ""
    if "Maximum line size" in message or "max_line_size" in message:
        return (
            "Une ligne du fichier est bien trop longue : une cellule dépasse probablement la "
            "limite de la plateforme, ou un guillemet n'est jamais refermé. Vérifiez les "
            "guillemets du fichier."
        )
    if "unterminated quote" in message.lower() or "quote" in first.lower():
        return (
            "Un guillemet ouvert dans une cellule n'est jamais refermé : le fichier est peut-être "
            "tronqué. Vérifiez la fin du fichier et les guillemets."
        )
    return f"Le fichier n'a pas pu être lu comme un tableau CSV ({first[:200]})."


def _repaired_note(count: int) -> str:
    return (
        f"Le fichier est en UTF-8 mais {count} octet(s) n'en sont pas : ils ont été lus en "
        "Windows-1252 (caractères accentués venus d'un autre fichier)."
    )
