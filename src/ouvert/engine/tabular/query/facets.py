"""`/facets`: the values of some fields with their counts, as OpenDataSoft enumerates them.

`facet=field` or `facet=facet(name="field", sort="-count", limit=10, disjunctive=true)`.
Dates are hierarchical: years, and once a year is refined, its months, then days.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ouvert.engine.tabular.query.compiler import Compiler, Params, Typed
from ouvert.engine.tabular.query.errors import ODSQLError
from ouvert.engine.tabular.query.nodes import Binary, Call, Field, Literal
from ouvert.engine.tabular.query.ods import check_lang, check_timezone
from ouvert.engine.tabular.query.parser import parse_where
from ouvert.engine.tabular.query.refine import facet_filters, split_facet_filter
from ouvert.engine.tabular.query.schema import Column, Schema
from ouvert.engine.tabular.query.statement import RELATION, Statement, bind

SORTS = {"count", "-count", "alphanum", "-alphanum", "num", "-num"}
DATE_FORMATS = ("%Y", "%Y/%m", "%Y/%m/%d")


@dataclass(frozen=True)
class FacetsRequest:
    """The parameters of `/facets`."""

    facet: Sequence[str] = ()
    where: str | None = None
    refine: Sequence[str] = ()
    exclude: Sequence[str] = ()
    lang: str | None = None
    timezone: str | None = None


@dataclass(frozen=True)
class FacetSpec:
    name: str
    sort: str | None = None
    limit: int | None = None
    disjunctive: bool = False


@dataclass(frozen=True)
class FacetPlan:
    """One facet's statement (columns: value as text, count) and how to present its rows."""

    spec: FacetSpec
    statement: Statement
    refined: frozenset[str]
    excluded: frozenset[str]
    hierarchical: bool


def parse_facet(text: str) -> FacetSpec:
    """`field` or `facet(name="field", sort=…, limit=…, disjunctive=…)`."""
    text = text.strip()
    if "(" not in text:
        return FacetSpec(text)
    try:
        node = parse_where(text)
    except ODSQLError as error:
        raise error.in_clause("facet") from None
    if not isinstance(node, Call) or node.name != "facet":
        raise ODSQLError("facet(name=…) attendu", clause="facet", position=0)
    options: dict[str, object] = {}
    for arg in node.args:
        if not (
            isinstance(arg, Binary)
            and arg.op == "="
            and isinstance(arg.left, Field)
            and isinstance(arg.right, Literal | Field)
        ):
            raise ODSQLError("option=valeur attendu", clause="facet", position=arg.pos)
        value = arg.right.value if isinstance(arg.right, Literal) else arg.right.name
        options[arg.left.name.lower()] = value
    name, sort, limit = options.get("name"), options.get("sort"), options.get("limit")
    if not isinstance(name, str) or not name:
        raise ODSQLError('facet() demande name="champ"', clause="facet", position=0)
    if sort is not None and sort not in SORTS:
        raise ODSQLError(f"tri de facette inconnu : {sort}", clause="facet", position=0)
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 1):
        raise ODSQLError("limit doit être un entier positif", clause="facet", position=0)
    disjunctive = options.get("disjunctive") in (True, "true")
    return FacetSpec(name, sort if isinstance(sort, str) else None, limit, disjunctive)


def compile_facets(
    schema: Schema, request: FacetsRequest, row_cap: int, default_facets: Sequence[str] = ()
) -> tuple[list[FacetPlan], str]:
    """One statement per facet asked for (or per default facet), and the time zone."""
    check_lang(request.lang)
    timezone = check_timezone(request.timezone)
    specs = [parse_facet(text) for text in (request.facet or default_facets)]
    plans = []
    for spec in specs:
        try:
            column = schema.field(spec.name)
        except ODSQLError as error:
            raise error.in_clause("facet") from None
        if column.ods_type not in ("text", "int", "double", "boolean", "date", "datetime"):
            raise ODSQLError(f"« {spec.name} » ne peut servir de facette", clause="facet")
        plans.append(plan_facet(schema, request, spec, column, timezone, row_cap))
    return plans, timezone


def plan_facet(
    schema: Schema,
    request: FacetsRequest,
    spec: FacetSpec,
    column: Column,
    timezone: str,
    row_cap: int,
) -> FacetPlan:
    params = Params()
    compiler = Compiler(schema, params, timezone, allow_aggregates=False)
    conditions = []
    if request.where and request.where.strip():
        try:
            conditions.append(compiler.condition(parse_where(request.where)))
        except ODSQLError as error:
            raise error.in_clause("where") from None
    skip_refined = spec.name if spec.disjunctive else None
    conditions += facet_filters(
        compiler, list(request.refine), list(request.exclude), spec.name, skip_refined
    )
    refined = own_values(request.refine, spec.name, "refine")
    excluded = own_values(request.exclude, spec.name, "exclude")
    hierarchical = column.is_temporal
    if hierarchical:
        depth = min(1 + max((v.count("/") + 1 for v in refined), default=0), 3)
        fmt = params.add(DATE_FORMATS[depth - 1])
        local = compiler.local_time(Typed(column.sql, column.ods_type))
        key = f"strftime({local}, {fmt})"
    elif column.ods_type == "boolean":
        key = f"CASE WHEN {column.sql} THEN 'true' ELSE 'false' END"
    else:
        key = f"CAST({column.sql} AS VARCHAR)"
    conditions.append(f"{column.sql} IS NOT NULL")
    sort = spec.sort or ("-alphanum" if hierarchical else "-count")
    order = {
        "-count": "2 DESC, 1 ASC",
        "count": "2 ASC, 1 ASC",
        "alphanum": "1 ASC",
        "-alphanum": "1 DESC",
        "num": f"min({column.sql}) ASC",
        "-num": f"min({column.sql}) DESC",
    }[sort]
    limit = min(spec.limit or row_cap, row_cap)
    sql = (
        f"SELECT {key} AS value, count(*) AS count FROM {RELATION} "  # noqa: S608
        f"WHERE {' AND '.join(conditions)} GROUP BY 1 ORDER BY {order} "
        f"LIMIT {params.add(limit)}"
    )
    return FacetPlan(spec, bind(sql, params.values), refined, excluded, hierarchical)


def own_values(filters: Sequence[str], name: str, clause: str) -> frozenset[str]:
    values = set()
    for text in filters:
        field, value = split_facet_filter(text, clause)
        if field == name:
            values.add(value.replace("-", "/") if "/" in value or len(value) > 4 else value)
    return frozenset(values)


def facet_entries(plan: FacetPlan, rows: list[tuple[str, int]]) -> list[dict[str, object]]:
    """OpenDataSoft's `{name, count, state, value}` entries, nested for dates."""
    if not plan.hierarchical:
        return [entry(value, value, count, plan) for value, count in rows]
    top: dict[str, dict[str, object]] = {}
    for value, count in rows:
        parts = value.split("/")
        node: dict[str, dict[str, object]] = top
        for depth in range(1, len(parts) + 1):
            path = "/".join(parts[:depth])
            item = node.get(path)
            if item is None:
                item = entry(parts[depth - 1], path, 0, plan)
                node[path] = item
            item["count"] = int(item["count"]) + count  # type: ignore[call-overload]
            if depth < len(parts):
                children = item.setdefault("facets", {})
                node = children  # type: ignore[assignment]
    return [flatten(item) for item in top.values()]


def flatten(item: dict[str, object]) -> dict[str, object]:
    children = item.pop("facets", None)
    if isinstance(children, dict):
        item["facets"] = [flatten(child) for child in children.values()]
    return item


def entry(name: str, value: str, count: int, plan: FacetPlan) -> dict[str, object]:
    state = "displayed"
    if value in plan.excluded:
        state = "excluded"
    elif value in plan.refined:
        state = "refined"
    return {"name": name, "count": count, "state": state, "value": value}
