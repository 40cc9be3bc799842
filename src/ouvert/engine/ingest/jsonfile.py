"""JSON files: an array of objects, `{"data": [...]}`, or one object per line (JSON Lines).
Nested values are kept as JSON text."""

from __future__ import annotations

from pathlib import Path

import duckdb

from ouvert.engine.ingest.errors import IngestError
from ouvert.engine.ingest.limits import Limits, check_columns
from ouvert.engine.ingest.names import clean_label, field_names
from ouvert.engine.ingest.raw import RAW_TABLE, Raw
from ouvert.engine.sql import quote_identifier


def read_json(con: duckdb.DuckDBPyConnection, path: Path, limits: Limits) -> Raw:
    with path.open("rb") as handle:
        head = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    size = max(limits.max_cell_length * 4, 16 * 1024 * 1024)
    whole = max(size, path.stat().st_size + 1024)  # {"data": [...]} is one object
    try:
        if head.startswith(b"["):
            relation = con.sql(
                f"SELECT * FROM read_json(?, format = 'array', maximum_object_size = {size})",
                params=[str(path)],
            )
        else:
            relation = con.sql(
                f"SELECT * FROM read_json(?, format = 'auto', maximum_object_size = {whole})",
                params=[str(path)],
            )
            columns = relation.columns
            types = [str(t) for t in relation.types]
            if len(columns) == 1 and columns[0] == "data" and types[0].endswith("[]"):
                relation = con.sql(
                    "SELECT unnest(item) FROM (SELECT unnest(data) AS item FROM read_json(?, "
                    f"format = 'auto', maximum_object_size = {whole}))",
                    params=[str(path)],
                )
            elif len(columns) == 1 and types[0].endswith("[]"):
                raise IngestError(
                    f"Le JSON contient une liste « {columns[0]} » : seuls un tableau d'objets et "
                    'un objet {"data": […]} sont lus.'
                )
        columns = relation.columns
        types = [str(t) for t in relation.types]
    except duckdb.Error as error:
        raise IngestError(
            "Le JSON n'a pas pu être lu : il est mal formé ou tronqué "
            f"({str(error).splitlines()[0][:200]})."
        ) from error
    if not columns:
        raise IngestError("Le JSON ne contient aucun objet à publier.")
    check_columns(len(columns), limits)
    labels = [clean_label(c) for c in columns]
    names = field_names(labels)
    selects = []
    for column, name, sql_type in zip(columns, names, types, strict=True):
        source = quote_identifier(column)
        nested = (
            sql_type.startswith(("STRUCT", "MAP")) or sql_type.endswith("]") or sql_type == "JSON"
        )
        value = f"CAST(to_json({source}) AS VARCHAR)" if nested else f"CAST({source} AS VARCHAR)"
        selects.append(f"{value} AS {quote_identifier(name)}")
    relation.create_view("json_rows")
    try:
        con.execute(f"CREATE TABLE {RAW_TABLE} AS SELECT {', '.join(selects)} FROM json_rows")
    except duckdb.Error as error:
        raise IngestError(
            f"Le JSON n'a pas pu être lu ({str(error).splitlines()[0][:200]})."
        ) from error
    return Raw(labels=labels, names=names)
