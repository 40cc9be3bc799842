"""OpenDataSoft Explore v2.1 requests (records, one record, exports) compiled to statements.

The web layer passes the query-string values as they came (strings); this module checks them
as OpenDataSoft does and answers with its error codes, in French.
"""

from __future__ import annotations

import fnmatch
import itertools
import re
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ouvert.engine.sql import quote_identifier
from ouvert.engine.tabular.query.compiler import Compiler, Params, Typed
from ouvert.engine.tabular.query.errors import (
    InvalidParameterError,
    ODSQLError,
    RecordNotFoundError,
)
from ouvert.engine.tabular.query.nodes import (
    Call,
    Field,
    Labelled,
    Literal,
    Node,
    Star,
    has_aggregate,
)
from ouvert.engine.tabular.query.parser import (
    parse_group_by,
    parse_order_by,
    parse_select,
    parse_where,
)
from ouvert.engine.tabular.query.refine import facet_filters
from ouvert.engine.tabular.query.schema import Column, Schema
from ouvert.engine.tabular.query.statement import RELATION, Output, Statement, bind

LANGUAGES = ("en", "fr", "nl", "pt", "it", "ar", "de", "es", "ca", "eu", "sv")
DEFAULT_LIMIT = 10
MAX_LIMIT = 100
MAX_WINDOW = 10_000  # offset + limit; OpenDataSoft answers offset=9900&limit=100, refuses beyond
MAX_GROUP_LIMIT = 20_000
MAX_GROUP_WINDOW = 20_000

Item = tuple[str, "Node", "Typed"]  # a result column: name, expression, compiled


@dataclass(frozen=True)
class RecordsRequest:
    """The parameters of `/records` and `/exports/{format}`, as strings from the query string."""

    select: str | None = None
    where: str | None = None
    group_by: str | None = None
    order_by: str | None = None
    limit: int | str | None = None
    offset: int | str | None = None
    refine: Sequence[str] = ()
    exclude: Sequence[str] = ()
    lang: str | None = None
    timezone: str | None = None


@dataclass(frozen=True)
class RecordsPlan:
    """What `/records` runs: the page of rows and, separately, the count of all of them."""

    rows: Statement
    count: Statement
    timezone: str
    grouped: bool = False
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    notes: list[str] = field(default_factory=list)


def check_timezone(value: str | None) -> str:
    if not value:
        return "UTC"
    if value not in available_timezones():
        raise InvalidParameterError("timezone", f"Fuseau horaire inconnu : « {value} ».")
    return value


@lru_cache(maxsize=1)
def available_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones()) | {"UTC"}


def check_lang(value: str | None) -> None:
    if value and value not in LANGUAGES:
        raise InvalidParameterError(
            "lang",
            f"Valeur invalide pour le paramètre lang de l'API : « {value} » trouvé alors "
            f"qu'une de ces valeurs est attendue : {', '.join(LANGUAGES)}.",
        )


def integer(name: str, value: int | str | None, default: int) -> int:
    if value is None or value == "":
        return default
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    if re.fullmatch(r"-?[0-9]{1,18}", text):
        return int(text)
    raise InvalidParameterError(
        name,
        f"Valeur invalide pour le paramètre {name} de l'API : « {value} » n'est pas un entier.",
    )


def check_window(request: RecordsRequest, grouped: bool) -> tuple[int, int]:
    """(limit, offset) within OpenDataSoft's bounds for `/records`."""
    maximum, window = (MAX_GROUP_LIMIT, MAX_GROUP_WINDOW) if grouped else (MAX_LIMIT, MAX_WINDOW)
    limit = integer("limit", request.limit, DEFAULT_LIMIT)
    offset = integer("offset", request.offset, 0)
    if limit == -1:
        limit = maximum
    if not -1 <= limit <= maximum:
        raise InvalidParameterError(
            "limit",
            f"Valeur invalide pour le paramètre limit de l'API : {limit} trouvé alors que "
            f"-1 <= limit <= {maximum} est attendu.",
        )
    if offset < 0:
        raise InvalidParameterError(
            "offset",
            f"Valeur invalide pour le paramètre offset de l'API : {offset} trouvé alors que "
            "offset >= 0 est attendu.",
        )
    if offset + limit > window:
        raise InvalidParameterError(
            "offset",
            f"Valeur invalide pour les paramètres offset et limit de l'API : offset + limit = "
            f"{offset + limit} alors qu'au plus {window} est attendu. Pour obtenir plus de "
            "résultats, utilisez un export.",
        )
    return limit, offset


class Query:
    """The clauses of one request compiled against a schema, ready to be assembled."""

    def __init__(self, schema: Schema, request: RecordsRequest) -> None:
        check_lang(request.lang)
        self.schema = schema
        self.timezone = check_timezone(request.timezone)
        self.params = Params()
        self.compiler = Compiler(schema, self.params, self.timezone)
        self.conditions = self.where_conditions(request)
        self.groups = self.group_items(request.group_by)
        self.items = self.select_items(request.select)
        self.grouped = bool(self.groups) or any(has_aggregate(e) for _, e, _ in self.items)
        if self.grouped:
            self.check_grouping()
        self.ordering = self.order_items(request.order_by)

    def clause(self, clause: str, text: str, parse: Any) -> Any:
        try:
            return parse(text)
        except ODSQLError as error:
            raise error.in_clause(clause) from None

    def where_conditions(self, request: RecordsRequest) -> list[str]:
        conditions = []
        if request.where and request.where.strip():
            node = self.clause("where", request.where, parse_where)
            filters = Compiler(self.schema, self.params, self.timezone, allow_aggregates=False)
            try:
                conditions.append(filters.condition(node))
            except ODSQLError as error:
                raise error.in_clause("where") from None
        conditions += facet_filters(self.compiler, list(request.refine), list(request.exclude))
        return conditions

    def group_items(self, text: str | None) -> list[tuple[str, Typed, str]]:
        """(name, compiled key, ordering SQL) for each `group_by` item."""
        if not text or not text.strip():
            return []
        items = []
        for index, item in enumerate(self.clause("group_by", text, parse_group_by)):
            try:
                items.append(self.group_key(item, index + 1))
            except ODSQLError as error:
                raise error.in_clause("group_by") from None
        return items

    def group_key(self, item: Labelled, index: int) -> tuple[str, Typed, str]:
        expr = item.expr
        if has_aggregate(expr):
            raise ODSQLError("pas d'agrégation dans group_by", position=expr.pos)
        if isinstance(expr, Call) and expr.name == "range":
            key, order = self.range_key(expr)
            return item.name, key, order
        key = self.compiler.value(expr)
        if key.kind in ("geo_shape", "geo_point_2d"):
            raise ODSQLError("impossible de grouper sur une géométrie", position=expr.pos)
        return item.name, key, str(index)

    def range_key(self, call: Call) -> tuple[Typed, str]:
        """`range(f, step)` (equal width) or `range(f, *, 10, 20, *)` (static bounds) → an
        interval label `[10, 20[`, ordered by the smallest value of the group."""
        if len(call.args) < 2:
            raise ODSQLError("range() prend un champ et des bornes", position=call.pos)
        value = self.compiler.value(call.args[0])
        if value.kind not in ("int", "double"):
            raise ODSQLError("range() attend un champ numérique", position=call.pos)
        bounds = call.args[1:]
        add = self.params.add
        if len(bounds) == 1:
            step = number(bounds[0])
            if step <= 0:
                raise ODSQLError("le pas de range() doit être positif", position=bounds[0].pos)
            integral = value.kind == "int" and float(step).is_integer()
            cast = "BIGINT" if integral else "DOUBLE"
            bucket = f"floor({value.sql} / {add(step)})"
            low = f"CAST({bucket} * {add(step)} AS {cast})"
            high = f"CAST({bucket} * {add(step)} + {add(step)} AS {cast})"
            label = f"'[' || {low} || ', ' || {high} || '['"
            return Typed(label, "text"), f"min({bucket})"
        edges: list[float | None] = [None if isinstance(b, Star) else number(b) for b in bounds]
        cases, ranks = [], []
        for rank, (low_edge, high_edge) in enumerate(itertools.pairwise(edges)):
            tests = []
            if low_edge is not None:
                tests.append(f"{value.sql} >= {add(low_edge)}")
            if high_edge is not None:
                tests.append(f"{value.sql} < {add(high_edge)}")
            name = f"[{format_edge(low_edge)}, {format_edge(high_edge)}["
            cases.append(f"WHEN {' AND '.join(tests) or 'TRUE'} THEN {add(name)}")
            ranks.append(f"WHEN {' AND '.join(tests) or 'TRUE'} THEN {rank}")
        order = f"min(CASE {' '.join(ranks)} END)"
        return Typed(f"(CASE {' '.join(cases)} END)", "text"), order

    def select_items(self, text: str | None) -> list[tuple[str, Node, Typed]]:
        """(name, expression, compiled) for each result column, `*` expanded."""
        if not text or not text.strip():
            if self.groups:
                return []
            labelled = [Labelled(Star(0), None, "*")]
        else:
            labelled = self.clause("select", text, parse_select)
        items: list[tuple[str, Node, Typed]] = []
        try:
            for item in labelled:
                expr = item.expr
                if isinstance(expr, Star):
                    for column in self.schema.fields:
                        items.append((column.name, Field(column.name, 0), typed(column)))
                elif isinstance(expr, Call) and expr.name in ("include", "exclude"):
                    items = self.wildcard(items, expr)
                else:
                    items.append((item.name, expr, self.compiler.value(expr)))
        except ODSQLError as error:
            raise error.in_clause("select") from None
        return items

    def wildcard(self, items: list[Item], call: Call) -> list[Item]:
        literal = call.args[0]
        pattern = literal.value if isinstance(literal, Literal) else ""
        matches = [c for c in self.schema.fields if fnmatch.fnmatchcase(c.name, str(pattern))]
        if call.name == "exclude":
            names = {c.name for c in matches}
            if not items:
                items = [(c.name, Field(c.name, 0), typed(c)) for c in self.schema.fields]
            return [item for item in items if item[0] not in names]
        present = {item[0] for item in items}
        return items + [
            (c.name, Field(c.name, 0), typed(c)) for c in matches if c.name not in present
        ]

    def check_grouping(self) -> None:
        keys = {key.sql for _, key, _ in self.groups}
        for name, expr, compiled in self.items:
            if has_aggregate(expr) or compiled.sql in keys:
                continue
            if isinstance(expr, Literal):
                continue
            raise ODSQLError(
                f"« {name} » doit être une agrégation ou figurer dans group_by",
                clause="select",
                position=expr.pos,
            )

    def order_items(self, text: str | None) -> list[str]:
        if not text or not text.strip():
            return []
        names = self.output_names()
        ordering = []
        for item in self.clause("order_by", text, parse_order_by):
            direction = "DESC" if item.descending else "ASC"
            expr = item.expr
            if isinstance(expr, Field) and expr.name in names:
                ordering.append(f"{names.index(expr.name) + 1} {direction}")
                continue
            try:
                compiled = self.compiler.value(expr)
            except ODSQLError as error:
                raise error.in_clause("order_by") from None
            if compiled.kind in ("geo_shape", "geo_point_2d"):
                raise ODSQLError("tri impossible sur une géométrie", "order_by", expr.pos)
            ordering.append(f"{compiled.sql} {direction}")
        return ordering

    def output_names(self) -> list[str]:
        names = [name for name, _, _ in self.groups]
        return names + [name for name, _, _ in self.items if name not in names]

    def outputs(self) -> tuple[Output, ...]:
        kinds = {name: key.kind for name, key, _ in self.groups}
        kinds.update({name: compiled.kind for name, _, compiled in self.items})
        return tuple(Output(name, output_kind(kinds[name])) for name in self.output_names())

    # -- assembly ------------------------------------------------------------------------------
    def select_sql(self) -> str:
        group_names = [name for name, _, _ in self.groups]
        columns = [f"{key.sql} AS {quote_identifier(name)}" for name, key, _ in self.groups]
        columns += [
            f"{compiled.sql} AS {quote_identifier(name)}"
            for name, _, compiled in self.items
            if name not in group_names
        ]
        return ", ".join(columns) or "NULL AS _"

    def body(self) -> str:
        sql = f"SELECT {self.select_sql()} FROM {RELATION}"  # noqa: S608 - values are $n
        if self.conditions:
            sql += " WHERE " + " AND ".join(self.conditions)
        if self.groups:
            sql += " GROUP BY " + ", ".join(str(i + 1) for i in range(len(self.groups)))
        return sql

    def order_sql(self) -> str:
        ordering = list(self.ordering)
        if self.groups and not ordering:
            ordering = [order for _, _, order in self.groups]
        if ordering and not self.grouped and self.schema.has_row_id:
            ordering.append(f"{quote_identifier(self.schema.layout.row_id)} ASC")
        return " ORDER BY " + ", ".join(ordering) if ordering else ""

    def rows(self, limit: int | None, offset: int) -> Statement:
        sql = self.body() + self.order_sql()
        if limit is not None and limit >= 0:
            sql += f" LIMIT {self.params.add(limit)}"
        if offset:
            sql += f" OFFSET {self.params.add(offset)}"
        return bind(sql, self.params.values, self.outputs())

    def count(self) -> Statement:
        if self.grouped and not self.groups:
            return Statement("SELECT 1")
        if self.groups:
            return bind(f"SELECT count(*) FROM ({self.body()})", self.params.values)  # noqa: S608
        where = " WHERE " + " AND ".join(self.conditions) if self.conditions else ""
        return bind(f"SELECT count(*) FROM {RELATION}{where}", self.params.values)  # noqa: S608


def typed(column: Column) -> Typed:
    return Typed(column.sql, column.ods_type)


def output_kind(kind: str) -> str:
    return kind if kind in ("geo_shape", "geo_point_2d") else "value"


def number(node: Node) -> float:
    value = node.value if isinstance(node, Literal) else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    raise ODSQLError("nombre attendu", position=node.pos)


def format_edge(edge: float | None) -> str:
    if edge is None:
        return "*"
    return str(int(edge)) if float(edge).is_integer() else str(edge)


def compile_records(schema: Schema, request: RecordsRequest) -> RecordsPlan:
    """`/records`: the page of results and the total count, within OpenDataSoft's limits."""
    query = Query(schema, request)
    limit, offset = check_window(request, query.grouped)
    count = query.count()
    rows = query.rows(limit, offset)
    return RecordsPlan(rows, count, query.timezone, query.grouped, limit, offset)


def compile_export(schema: Schema, request: RecordsRequest) -> tuple[Statement, str]:
    """`/exports/{format}`: every matching row (`limit` -1, the default, means all)."""
    query = Query(schema, request)
    limit = integer("limit", request.limit, -1)
    if limit < -1:
        raise InvalidParameterError(
            "limit",
            f"Valeur invalide pour le paramètre limit de l'API : {limit} trouvé alors que "
            "limit >= -1 est attendu.",
        )
    offset = integer("offset", request.offset, 0)
    if offset < 0:
        raise InvalidParameterError(
            "offset", f"Valeur invalide pour le paramètre offset de l'API : {offset}."
        )
    return query.rows(None if limit == -1 else limit, offset), query.timezone


def compile_record(
    schema: Schema,
    record_id: str,
    select: str | None = None,
    lang: str | None = None,
    timezone: str | None = None,
) -> tuple[Statement, str]:
    """`/records/{record_id}`: one row by its identifier (the Parquet row number)."""
    if not schema.has_row_id or not re.fullmatch(r"[0-9]{1,18}", record_id):
        raise RecordNotFoundError(record_id)
    query = Query(schema, RecordsRequest(select=select, lang=lang, timezone=timezone))
    if query.grouped:
        raise ODSQLError("pas d'agrégation pour un enregistrement", clause="select")
    row_id = quote_identifier(schema.layout.row_id)
    query.conditions.append(f"{row_id} = {query.params.add(int(record_id))}")
    return query.rows(1, 0), query.timezone
