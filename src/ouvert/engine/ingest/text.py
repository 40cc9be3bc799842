"""Delimited text files (CSV, TSV, TXT): encoding, dialect and header sniffed, then read by
DuckDB as text columns in one pass."""

from __future__ import annotations

from pathlib import Path

import duckdb

from ouvert.engine.ingest import encoding as encodings
from ouvert.engine.ingest.dialect import sniff
from ouvert.engine.ingest.errors import IngestError
from ouvert.engine.ingest.limits import Limits, check_columns
from ouvert.engine.ingest.names import clean_label, field_names
from ouvert.engine.ingest.raw import RAW_TABLE, Raw
from ouvert.engine.sql import quote_identifier

SAMPLE_BYTES = 256 * 1024
DELIMITER_NAMES = {";": "point-virgule", ",": "virgule", "\t": "tabulation", "|": "barre verticale"}


def read_text(con: duckdb.DuckDBPyConnection, path: Path, workdir: Path, limits: Limits) -> Raw:
    found = encodings.detect(path)
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
        complete = not handle.read(1)
    sample = head.decode(found.name, errors="replace" if not found.is_utf8 else "ouvert-cp1252")
    lone_cr = encodings.has_lone_cr(sample)
    source = path
    notes = []
    if encodings.needs_transcoding(found, lone_cr):
        source = workdir / "transcoded.csv"
        encodings.transcode(path, source, found, lone_cr=lone_cr)
        sample = source.open(encoding="utf-8", newline="").read(SAMPLE_BYTES)
    if found.repaired_bytes:
        notes.append(
            f"Le fichier est en UTF-8 mais {found.repaired_bytes} octet(s) n'en sont pas : ils ont "
            "été lus en Windows-1252 (caractères accentués d'un autre fichier collé)."
        )
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
    statement = f"""CREATE TABLE {RAW_TABLE} AS SELECT * FROM read_csv(
        ?, delim = ?, quote = '"', escape = '"', header = false, skip = {skip},
        columns = {columns}, null_padding = true, strict_mode = STRICT,
        max_line_size = {limits.max_cell_length * 4 + 1024}, auto_detect = false PARALLEL)"""
    # Strict first (an unclosed quote is an error, not a cell swallowing the rest of the file);
    # on one thread when quoted line breaks meet ragged rows; lenient last, and then said.
    attempts = [("true", ""), ("true", ", parallel = false"), ("false", ", parallel = false")]
    failure: duckdb.Error | None = None
    for strict, parallel in attempts:
        if failure is not None and strict == "true" and "parallel=false" not in str(failure):
            continue
        try:
            con.execute("DROP TABLE IF EXISTS " + RAW_TABLE)
            con.execute(
                statement.replace("STRICT", strict).replace("PARALLEL", parallel),
                [str(source), delimiter],
            )
        except duckdb.Error as error:
            if "unterminated quote" in str(error).lower():
                raise IngestError(_explain(str(error))) from error
            failure = error
            continue
        if strict == "false":
            notes.append(
                "Des lignes du fichier ne respectent pas les règles du CSV (guillemets mal placés, "
                "nombre de champs variable) : elles ont été lues au mieux, vérifiez l'aperçu."
            )
        break
    else:
        assert failure is not None
        raise IngestError(_explain(str(failure)))
    return Raw(
        labels=labels,
        names=names,
        notes=notes,
        encoding=found.label,
        delimiter=DELIMITER_NAMES.get(delimiter, delimiter),
    )


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _explain(message: str) -> str:
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


def quote(name: str) -> str:
    return quote_identifier(name)
