"""data.gouv.fr's tabular API (api-tabular): `col__op=value` filters, pages, and a cursor.

    tabular_page(source, [("montant__greater", "100"), ("page", "2")], urls)
        → {"data": [{"__id": …}, …], "links": {"profile", "swagger", "next", "prev"},
           "meta": {"page": 2, "page_size": 20, "total": 1234}}

`less`/`greater` are inclusive, as in api-tabular. Besides `page`, a `cursor` parameter (empty to
start) pages by keyset on the sort columns and the row id: any number of rows, no cap, no
offset cost. Its value is opaque to clients.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from ouvert.engine.sql import quote_identifier
from ouvert.engine.tabular.query.compiler import Params, convert
from ouvert.engine.tabular.query.errors import QueryError
from ouvert.engine.tabular.query.execute import ParquetSource
from ouvert.engine.tabular.query.exports import Export
from ouvert.engine.tabular.query.exports.base import ExportOptions, Rows, Writer
from ouvert.engine.tabular.query.exports.csv_export import CsvWriter
from ouvert.engine.tabular.query.exports.json_export import JsonWriter
from ouvert.engine.tabular.query.schema import Column, Schema
from ouvert.engine.tabular.query.statement import RELATION, Output, Statement, bind
from ouvert.engine.tabular.query.values import plain, table_rows, zone

PAGE_SIZE_DEFAULT = 20
PAGE_SIZE_MAX = 50
COMPARISONS = {"less": "<=", "greater": ">=", "strictly_less": "<", "strictly_greater": ">"}
VALUELESS = ("isnull", "isnotnull")
SIMPLE_TYPE = re.compile(r"^[A-Z ]+(\(\d+, ?\d+\))?$")  # the DuckDB types a cursor casts back to


class TabularError(QueryError):
    """A query string api-tabular would refuse (HTTP 400, `{"errors": [...]}`)."""


@dataclass(frozen=True)
class TabularPlan:
    rows: Statement
    count: Statement
    page: int
    page_size: int
    sort: list[tuple[Column, bool]]  # (column, descending)
    fingerprint: str
    cursor: str | None  # None: pages; "": the first page of a cursor walk; else a token


@dataclass(frozen=True)
class TabularUrls:
    """Where the resource's endpoints are: `…/api/resources/{rid}/`, `…/data/` etc."""

    profile: str
    swagger: str
    data: str


def columns_of(schema: Schema) -> list[Column]:
    """The columns api-tabular shows: the row id, then every field but the virtual point."""
    row_id = schema.layout.row_id
    columns = []
    if schema.has_row_id:
        columns.append(Column(row_id, "BIGINT", "int", quote_identifier(row_id)))
    return columns + [c for c in schema.fields if c.ods_type != "geo_point_2d"]


def find(columns: list[Column], name: str) -> Column:
    for column in columns:
        if column.name == name:
            return column
    raise TabularError(f"Colonne inconnue : « {name} ».")


def compile_tabular(
    schema: Schema, pairs: Sequence[tuple[str, str]], export: bool = False
) -> TabularPlan:
    """The page (or cursor step) of rows, and the count, for an api-tabular query string;
    with `export`, every matching row (no page, no cursor)."""
    columns = columns_of(schema)
    params = Params()
    conditions: list[str] = []
    sort: list[tuple[Column, bool]] = []
    selected = columns
    page, page_size, cursor = 1, PAGE_SIZE_DEFAULT, None
    for key, value in pairs:
        if key == "page":
            page = positive(key, value)
        elif key == "page_size":
            page_size = positive(key, value)
        elif key == "cursor":
            cursor = value
        elif key == "columns":
            names = [n.strip().strip('"') for n in value.split(",") if n.strip()]
            selected = [find(columns, name) for name in names] or columns
        elif "__" in key:
            name, _, operator = key.rpartition("__")
            column = find(columns, name.strip('"'))
            operator = operator.lower()
            if operator == "sort":
                if value not in ("asc", "desc"):
                    raise TabularError(f"Tri invalide « {value} » : asc ou desc attendu.")
                sort.append((column, value == "desc"))
            else:
                conditions.append(filter_sql(column, operator, value, params))
        else:
            raise TabularError(f"Paramètre « {key} » non reconnu.")
    if page_size > PAGE_SIZE_MAX:
        raise TabularError(f"La taille de page dépasse le maximum autorisé ({PAGE_SIZE_MAX}).")
    fingerprint = hashlib.sha256(
        json.dumps([[k, v] for k, v in pairs if k not in ("page", "cursor")]).encode()
    ).hexdigest()[:16]
    where = " AND ".join(conditions)
    count = bind(
        f"SELECT count(*) FROM {RELATION}" + (f" WHERE {where}" if where else ""),  # noqa: S608
        params.values,
    )
    order = [f"{c.sql} {'DESC' if d else 'ASC'} NULLS LAST" for c, d in sort]
    if schema.has_row_id:
        order.append(f"{quote_identifier(schema.layout.row_id)} ASC")
    if cursor:
        conditions.append(after_cursor(schema, sort, cursor, fingerprint, params))
    listed = ", ".join(f"{c.sql} AS {quote_identifier(c.name)}" for c in selected)
    keys = ", ".join(f"{c.sql}" for c, _ in sort)
    hidden = f", {keys}" if sort else ""
    row_id = f", {quote_identifier(schema.layout.row_id)}" if schema.has_row_id else ""
    sql = f"SELECT {listed}{hidden}{row_id} FROM {RELATION}"  # noqa: S608 - values are $n
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
    if order:
        sql += " ORDER BY " + ", ".join(order)
    if export:
        visible = ", ".join(quote_identifier(c.name) for c in selected)
        sql = f"SELECT {visible} FROM ({sql})"  # noqa: S608 - values are $n
    else:
        sql += f" LIMIT {params.add(page_size)}"
    if not export and cursor is None and page > 1:
        sql += f" OFFSET {params.add((page - 1) * page_size)}"
    outputs = tuple(
        Output(c.name, c.ods_type if c.ods_type == "geo_shape" else "value") for c in selected
    )
    rows = bind(sql, params.values, outputs)
    return TabularPlan(rows, count, page, page_size, sort, fingerprint, cursor)


def positive(name: str, value: str) -> int:
    if not re.fullmatch(r"[0-9]{1,9}", value) or int(value) < 1:
        raise TabularError(f"« {name} » doit être un entier positif.")
    return int(value)


def filter_sql(column: Column, operator: str, value: str, params: Params) -> str:
    """One `col__operator=value` filter."""
    sql = column.sql
    if operator in VALUELESS:
        return f"({sql} IS {'NOT ' if operator == 'isnotnull' else ''}NULL)"
    if operator in ("contains", "notcontains"):
        pattern = "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        test = f"(CAST({sql} AS VARCHAR) ILIKE {params.add(pattern)} ESCAPE '\\')"
        return test if operator == "contains" else f"({test} IS NOT TRUE)"
    if column.ods_type not in ("text", "int", "double", "boolean", "date", "datetime"):
        raise TabularError(f"La colonne « {column.name} » n'accepte que isnull et isnotnull.")
    if operator in ("in", "notin"):
        items = ", ".join(params.add(typed(column, item)) for item in value.split(","))
        test = f"({sql} IN ({items}))"
        return test if operator == "in" else f"({test} IS NOT TRUE)"
    if operator == "exact":
        return f"({sql} = {params.add(typed(column, value))})"
    if operator == "differs":
        return f"({sql} IS DISTINCT FROM {params.add(typed(column, value))})"
    if operator in COMPARISONS:
        return f"({sql} {COMPARISONS[operator]} {params.add(typed(column, value))})"
    raise TabularError(f"Opérateur « {operator} » inconnu.")


def typed(column: Column, value: str) -> Any:
    try:
        return convert(value, column.ods_type)
    except (ValueError, TypeError, OverflowError):
        raise TabularError(
            f"La valeur « {value} » ne convient pas à la colonne « {column.name} »."
        ) from None


# -- cursor ------------------------------------------------------------------------------------
def encode_cursor(keys: list[Any], row_id: int, fingerprint: str) -> str:
    payload = json.dumps({"k": keys, "i": row_id, "f": fingerprint}, separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(token: str, fingerprint: str, width: int) -> tuple[list[Any], int]:
    try:
        padded = token + "=" * (-len(token) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        keys, row_id, stamp = payload["k"], payload["i"], payload["f"]
        if not isinstance(keys, list) or not isinstance(row_id, int) or len(keys) != width:
            raise ValueError(token)
    except (ValueError, KeyError, TypeError, UnicodeError):
        raise TabularError("Curseur invalide.") from None
    if stamp != fingerprint:
        raise TabularError("Ce curseur appartient à une autre requête (filtres ou tri changés).")
    return keys, row_id


def after_cursor(
    schema: Schema, sort: list[tuple[Column, bool]], token: str, fingerprint: str, params: Params
) -> str:
    """Rows after the cursor's row in the order (sort keys NULLS LAST, then the row id)."""
    if not schema.has_row_id:
        raise TabularError("Pas de curseur sur une ressource sans numéro de ligne.")
    keys, row_id = decode_cursor(token, fingerprint, len(sort))
    clauses, equal = [], []
    for (column, descending), key in zip(sort, keys, strict=True):
        cast = column.sql_type.upper()
        if not SIMPLE_TYPE.match(cast):
            raise TabularError(f"Pas de curseur sur la colonne « {column.name} ».")
        if key is None:
            equal.append(f"{column.sql} IS NULL")
            continue
        value = f"CAST({params.add(key)} AS {cast})"
        after = f"({column.sql} {'<' if descending else '>'} {value} OR {column.sql} IS NULL)"
        clauses.append(" AND ".join([*equal, after]))
        equal.append(f"{column.sql} = {value}")
    last = f"{quote_identifier(schema.layout.row_id)} > {params.add(row_id)}"
    clauses.append(" AND ".join([*equal, last]))
    return "(" + " OR ".join(f"({c})" for c in clauses) + ")"


def tabular_page(
    source: ParquetSource, pairs: Sequence[tuple[str, str]], urls: TabularUrls
) -> dict[str, Any]:
    """`GET /api/resources/{rid}/data/`: `{"data", "links", "meta"}` as api-tabular answers."""
    plan = compile_tabular(source.schema, pairs)
    total = source.scalar(plan.count)
    table = source.fetch(plan.rows)
    visible = table.select(list(range(len(plan.rows.outputs))))
    data = table_rows(visible, plan.rows.outputs, zone("UTC"))
    for row in data:
        for output in plan.rows.outputs:
            if output.kind == "geo_shape" and row[output.name]:
                row[output.name] = row[output.name]["geometry"]
    kept = [(k, v) for k, v in pairs if k not in ("page", "cursor")]
    if plan.cursor is not None:
        next_token = None
        if table.num_rows == plan.page_size and table.num_rows:
            width = len(plan.sort)
            last = table.slice(table.num_rows - 1)
            base = len(plan.rows.outputs)
            keys = [plain(last.column(base + i)[0].as_py(), zone("UTC")) for i in range(width)]
            row_id = int(last.column(base + width)[0].as_py())
            next_token = encode_cursor(keys, row_id, plan.fingerprint)
        next_url = (
            f"{urls.data}?{urlencode([*kept, ('cursor', next_token)])}" if next_token else None
        )
        return {
            "data": data,
            "links": {
                "profile": urls.profile,
                "swagger": urls.swagger,
                "next": next_url,
                "prev": None,
            },
            "meta": {"page_size": plan.page_size, "total": total, "next_cursor": next_token},
        }
    offset = (plan.page - 1) * plan.page_size
    next_url = prev_url = None
    if offset + plan.page_size < total:
        next_url = f"{urls.data}?{urlencode([*kept, ('page', plan.page + 1)])}"
    if plan.page > 1:
        prev_url = f"{urls.data}?{urlencode([*kept, ('page', plan.page - 1)])}"
    return {
        "data": data,
        "links": {
            "profile": urls.profile,
            "swagger": urls.swagger,
            "next": next_url,
            "prev": prev_url,
        },
        "meta": {"page": plan.page, "page_size": plan.page_size, "total": total},
    }


def tabular_export(source: ParquetSource, pairs: Sequence[tuple[str, str]], format: str) -> Export:
    """`GET /api/resources/{rid}/data/csv/` or `data/json/`: every matching row, streamed."""
    writers: dict[str, Writer] = {"csv": CsvWriter(), "json": JsonWriter()}
    if format not in writers:
        raise TabularError(f"Format inconnu : « {format} » ; csv ou json attendu.")
    plan = compile_tabular(source.schema, pairs, export=True)
    rows = Rows(source.stream(plan.rows), plan.rows.outputs, "UTC", source.schema)
    options = ExportOptions(delimiter=",", with_bom=False)
    writer = writers[format]
    return Export(writer.content_type, writer.extension, writer.write(rows, options))
