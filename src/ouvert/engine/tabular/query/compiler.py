"""ODSQL syntax trees to DuckDB SQL. Values are always bound as `$n` parameters; identifiers are
quoted by `ouvert.engine.sql.quote_identifier`, reached only through `Schema`.

Null handling follows OpenDataSoft (an Elasticsearch index), not SQL: `NOT p` and `a != b` keep
the records where `p` or `a` is null, as a search engine's "must not" does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ouvert.engine.sql import quote_identifier
from ouvert.engine.tabular.query.errors import ODSQLError
from ouvert.engine.tabular.query.nodes import (
    AGGREGATES,
    Binary,
    Call,
    Distance,
    Field,
    Geometry,
    InList,
    IsNull,
    Literal,
    Node,
    Star,
    Unary,
)
from ouvert.engine.tabular.query.schema import Schema

EARTH_RADIUS = 6_371_008.8  # metres, the mean radius (IUGG)
DATE_PARTS = ("year", "month", "day", "hour", "minute", "second")
# ODS's date_format() takes ICU patterns; these are the tokens translated to strftime.
ICU_TOKENS = (
    ("yyyy", "%Y"), ("yy", "%y"), ("MMMM", "%B"), ("MMM", "%b"), ("MM", "%m"), ("dd", "%d"),
    ("EEEE", "%A"), ("EEE", "%a"), ("HH", "%H"), ("hh", "%I"), ("mm", "%M"), ("ss", "%S"),
    ("a", "%p"),
)  # fmt: skip


class Params:
    """The values bound to one SQL statement, numbered `$1`, `$2`…"""

    def __init__(self) -> None:
        self.values: list[Any] = []

    def add(self, value: Any) -> str:
        self.values.append(value)
        return f"${len(self.values)}"


@dataclass(frozen=True)
class Typed:
    """A compiled value expression and its OpenDataSoft type (or `unknown`, `null`)."""

    sql: str
    kind: str


class Compiler:
    """Compiles expressions of one statement; `labels` are the result names `order_by` may use."""

    def __init__(
        self,
        schema: Schema,
        params: Params,
        timezone: str,
        labels: dict[str, Typed] | None = None,
        allow_aggregates: bool = True,
    ) -> None:
        self.schema = schema
        self.params = params
        self.timezone = timezone
        self.labels = labels or {}
        self.allow_aggregates = allow_aggregates
        self._tz: str | None = None

    @property
    def tz(self) -> str:
        if self._tz is None:
            self._tz = self.params.add(self.timezone)
        return self._tz

    # -- values --------------------------------------------------------------------------------
    def value(self, node: Node) -> Typed:
        """The SQL of a value expression."""
        if isinstance(node, Field):
            if node.name in self.labels and not self.schema.has(node.name):
                return self.labels[node.name]
            column = self.schema.field(node.name, node.pos)
            return Typed(column.sql, column.ods_type)
        if isinstance(node, Literal):
            return self.literal(node)
        if isinstance(node, Unary) and node.op == "-":
            operand = self.numeric(node.operand, "-")
            return Typed(f"(- {operand.sql})", operand.kind)
        if isinstance(node, Binary) and node.op in ("+", "-", "*", "/", "%"):
            left = self.numeric(node.left, node.op)
            right = self.numeric(node.right, node.op)
            kind = "int" if left.kind == right.kind == "int" and node.op != "/" else "double"
            return Typed(f"({left.sql} {node.op} {right.sql})", kind)
        if isinstance(node, Call):
            return self.call(node)
        if isinstance(node, Star):
            raise ODSQLError("« * » n'est permis que dans count(*) et select", position=node.pos)
        if isinstance(node, Geometry | Distance):
            raise ODSQLError(
                "une géométrie ou une distance n'est pas une valeur", position=node.pos
            )
        return Typed(self.condition(node), "boolean")

    def literal(self, node: Literal) -> Typed:
        value = node.value
        if value is None:
            return Typed("NULL", "null")
        kind = (
            "boolean"
            if isinstance(value, bool)
            else "int"
            if isinstance(value, int)
            else "double"
            if isinstance(value, float)
            else "datetime"
            if isinstance(value, datetime)
            else "date"
            if isinstance(value, date)
            else "text"
        )
        if kind == "datetime" and isinstance(value, datetime) and value.tzinfo is None:
            return Typed(f"timezone({self.tz}, CAST({self.params.add(value)} AS TIMESTAMP))", kind)
        return Typed(self.params.add(value), kind)

    def numeric(self, node: Node, op: str) -> Typed:
        typed = self.value(node)
        if typed.kind not in ("int", "double", "unknown", "null"):
            raise ODSQLError(f"l'opérateur « {op} » attend des nombres", position=position(node))
        return typed

    def local_time(self, typed: Typed) -> str:
        """A datetime as wall-clock time in the query's time zone (dates are left as they are)."""
        if typed.kind == "datetime":
            return f"timezone({self.tz}, CAST({typed.sql} AS TIMESTAMPTZ))"
        return typed.sql

    def call(self, node: Call) -> Typed:
        name, args = node.name, node.args
        if name in AGGREGATES:
            return self.aggregate(node)
        handler = FUNCTIONS.get(name)
        if handler is None:
            if name in PREDICATES:
                return Typed(self.condition(node), "boolean")
            raise ODSQLError(f"fonction inconnue : {name}()", position=node.pos)
        arity, compile_call = handler
        if len(args) not in arity:
            raise ODSQLError(f"nombre d'arguments incorrect pour {name}()", position=node.pos)
        return compile_call(self, node)

    def aggregate(self, node: Call) -> Typed:
        if not self.allow_aggregates:
            raise ODSQLError(f"agrégation {node.name}() interdite ici", position=node.pos)
        name, args = node.name, node.args
        if name == "count":
            if len(args) == 0 or (len(args) == 1 and isinstance(args[0], Star)):
                return Typed("count(*)", "int")
            if len(args) != 1:
                raise ODSQLError("count() prend un seul argument", position=node.pos)
            inner = self.without_aggregates(args[0])
            distinct = "DISTINCT " if node.distinct else ""
            return Typed(f"count({distinct}{inner.sql})", "int")
        expected = 2 if name == "percentile" else 1
        if len(args) != expected:
            raise ODSQLError(f"nombre d'arguments incorrect pour {name}()", position=node.pos)
        inner = self.without_aggregates(args[0])
        if name in ("min", "max"):
            if inner.kind not in ("int", "double", "date", "datetime", "text", "unknown"):
                raise ODSQLError(f"{name}() n'accepte pas ce type", position=node.pos)
            return Typed(f"{name}({inner.sql})", inner.kind)
        if inner.kind not in ("int", "double", "unknown"):
            raise ODSQLError(
                f"{name}() n'accepte qu'une expression numérique", position=position(args[0])
            )
        if name == "percentile":
            rank = args[1]
            if not isinstance(rank, Literal) or not isinstance(rank.value, int | float):
                raise ODSQLError("le centile doit être un nombre", position=position(rank))
            if isinstance(rank.value, bool) or not 0 <= rank.value <= 100:
                raise ODSQLError("le centile doit être entre 0 et 100", position=rank.pos)
            fraction = self.params.add(float(rank.value) / 100)
            return Typed(f"quantile_cont({inner.sql}, {fraction})", "double")
        if name == "sum":
            return Typed(f"sum({inner.sql})", inner.kind)
        sql_name = {"avg": "avg", "median": "median"}[name]
        return Typed(f"{sql_name}({inner.sql})", "double")

    def without_aggregates(self, node: Node) -> Typed:
        inner = Compiler(self.schema, self.params, self.timezone, None, allow_aggregates=False)
        inner._tz = self._tz
        typed = inner.value(node)
        self._tz = inner._tz
        return typed

    # -- conditions ----------------------------------------------------------------------------
    def condition(self, node: Node) -> str:
        """The SQL of a boolean expression (a `where` clause)."""
        if isinstance(node, Binary) and node.op in ("and", "or"):
            first, second = self.condition(node.left), self.condition(node.right)
            return f"({first} {node.op.upper()} {second})"
        if isinstance(node, Unary) and node.op == "not":
            return f"(({self.condition(node.operand)}) IS NOT TRUE)"
        if isinstance(node, Literal):
            if isinstance(node.value, str):
                return self.search(node.value, None)
            if isinstance(node.value, bool):
                return "TRUE" if node.value else "FALSE"
            raise ODSQLError("expression booléenne attendue", position=node.pos)
        if isinstance(node, Binary) and node.op in ("=", "!=", "<", "<=", ">", ">="):
            return self.comparison(node)
        if isinstance(node, Binary) and node.op == "like":
            left = self.value(node.left)
            pattern = node.right
            if not isinstance(pattern, Literal) or not isinstance(pattern.value, str):
                raise ODSQLError("« like » attend un motif entre guillemets", position=node.pos)
            like = pattern.value.replace("*", "%")
            return f"(CAST({left.sql} AS VARCHAR) ILIKE {self.params.add(like)})"
        if isinstance(node, InList):
            operand = self.value(node.operand)
            items = ", ".join(self.coerced(item, operand, node.operand) for item in node.items)
            sql = f"({operand.sql} IN ({items}))"
            return f"({sql} IS NOT TRUE)" if node.negated else sql
        if isinstance(node, IsNull):
            operand = self.value(node.operand)
            return f"({operand.sql} IS {'NOT ' if node.negated else ''}NULL)"
        if isinstance(node, Call) and node.name in PREDICATES:
            return PREDICATES[node.name](self, node)
        typed = self.value(node)
        if typed.kind not in ("boolean", "unknown"):
            raise ODSQLError("expression booléenne attendue", position=position(node))
        return f"({typed.sql} IS TRUE)"

    def comparison(self, node: Binary) -> str:
        left = self.value(node.left)
        right: Typed
        if isinstance(node.right, Literal) and node.right.value is None:
            if node.op in ("=", "!="):
                return f"({left.sql} IS {'NOT ' if node.op == '!=' else ''}NULL)"
            raise ODSQLError("comparaison avec null impossible", position=node.right.pos)
        if isinstance(node.left, Literal) and not isinstance(node.right, Literal):
            right = self.value(node.right)
            left = Typed(self.coerced(node.left, right, node.right), right.kind)
        else:
            right = Typed(self.coerced(node.right, left, node.left), left.kind)
        if node.op == "!=":
            return f"({left.sql} IS DISTINCT FROM {right.sql})"
        return f"({left.sql} {node.op} {right.sql})"

    def coerced(self, node: Node, other: Typed, other_node: Node) -> str:
        """`node` compiled to compare with `other`: a literal is converted to its type."""
        if not isinstance(node, Literal) or other.kind in ("unknown", "null"):
            return self.value(node).sql
        value = node.value
        name = other_node.name if isinstance(other_node, Field) else "expression"
        try:
            converted = convert(value, other.kind)
        except (ValueError, TypeError, OverflowError):
            raise ODSQLError(
                f"la valeur « {value} » ne peut être comparée à « {name} » ({other.kind})",
                position=node.pos,
            ) from None
        if other.kind == "datetime" and isinstance(converted, datetime):
            if converted.tzinfo is None:
                stamp = self.params.add(converted)
                return f"timezone({self.tz}, CAST({stamp} AS TIMESTAMP))"
            return f"CAST({self.params.add(converted)} AS TIMESTAMPTZ)"
        return self.params.add(converted)

    def search(self, text: str, fields: list[str] | None) -> str:
        """Full-text search: every word of `text` in one of the text fields, ignoring case and
        accents (OpenDataSoft also matches prefixes and near spellings; we match substrings)."""
        columns = [c.sql for c in self.schema.text_fields()] if fields is None else fields
        words = text.split()
        if not words:
            return "TRUE"
        if not columns:
            return "FALSE"
        haystack = f"strip_accents(lower(concat_ws(' ', {', '.join(columns)})))"
        tests = [f"contains({haystack}, strip_accents(lower({self.params.add(w)})))" for w in words]
        return "(" + " AND ".join(tests) + ")"


def convert(value: Any, kind: str) -> Any:
    """A literal converted to a field type, or ValueError/TypeError."""
    if kind == "text":
        if isinstance(value, bool):
            return "true" if value else "false"
        return value.isoformat() if isinstance(value, date) else str(value)
    if kind == "int":
        if isinstance(value, (bool, date)):
            raise TypeError(kind)
        if isinstance(value, float):
            return value
        return int(value)
    if kind == "double":
        if isinstance(value, (bool, date)):
            raise TypeError(kind)
        return float(value)
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise TypeError(kind)
    if kind in ("date", "datetime"):
        if isinstance(value, datetime):
            return value
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day) if kind == "datetime" else value
        if isinstance(value, str):
            return datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
        raise TypeError(kind)
    raise TypeError(kind)


def position(node: Node) -> int:
    return node.pos


# -- functions ---------------------------------------------------------------------------------
def _date_part(compiler: Compiler, node: Call) -> Typed:
    arg = compiler.value(node.args[0])
    if arg.kind not in ("date", "datetime", "unknown"):
        raise ODSQLError(f"{node.name}() attend une date", position=node.pos)
    return Typed(f"{node.name}({compiler.local_time(arg)})", "int")


def _date_format(compiler: Compiler, node: Call) -> Typed:
    arg = compiler.value(node.args[0])
    pattern = node.args[1]
    if arg.kind not in ("date", "datetime", "unknown"):
        raise ODSQLError("date_format() attend une date", position=node.pos)
    if not isinstance(pattern, Literal) or not isinstance(pattern.value, str):
        raise ODSQLError("date_format() attend un format entre guillemets", position=node.pos)
    fmt = icu_to_strftime(pattern.value)
    return Typed(f"strftime({compiler.local_time(arg)}, {compiler.params.add(fmt)})", "text")


def icu_to_strftime(pattern: str) -> str:
    out, i = [], 0
    while i < len(pattern):
        for token, replacement in ICU_TOKENS:
            if pattern.startswith(token, i):
                out.append(replacement)
                i += len(token)
                break
        else:
            out.append("%%" if pattern[i] == "%" else pattern[i])
            i += 1
    return "".join(out)


def _text_function(sql_name: str) -> Callable[[Compiler, Call], Typed]:
    def compile_call(compiler: Compiler, node: Call) -> Typed:
        arg = compiler.value(node.args[0])
        kind = "int" if sql_name == "length" else "text"
        return Typed(f"{sql_name}(CAST({arg.sql} AS VARCHAR))", kind)

    return compile_call


def _ifnull(compiler: Compiler, node: Call) -> Typed:
    first = compiler.value(node.args[0])
    second = Typed(compiler.coerced(node.args[1], first, node.args[0]), first.kind)
    return Typed(f"coalesce({first.sql}, {second.sql})", first.kind)


def _now(compiler: Compiler, node: Call) -> Typed:
    return Typed("current_timestamp", "datetime")


def _random(compiler: Compiler, node: Call) -> Typed:
    return Typed("random()", "double")


FUNCTIONS: dict[str, tuple[tuple[int, ...], Callable[[Compiler, Call], Typed]]] = {
    **{part: ((1,), _date_part) for part in DATE_PARTS},
    "date_format": ((2,), _date_format),
    "length": ((1,), _text_function("length")),
    "lower": ((1,), _text_function("lower")),
    "upper": ((1,), _text_function("upper")),
    "ifnull": ((2,), _ifnull),
    "now": ((0,), _now),
    "random": ((0,), _random),
}


# -- predicates --------------------------------------------------------------------------------
def _search(compiler: Compiler, node: Call) -> str:
    if not node.args:
        raise ODSQLError(f"{node.name}() attend un texte", position=node.pos)
    text = node.args[-1]
    if not isinstance(text, Literal) or not isinstance(text.value, str):
        raise ODSQLError(f"{node.name}() attend un texte entre guillemets", position=node.pos)
    fields: list[str] | None = None
    if len(node.args) > 1 and not any(isinstance(a, Star) for a in node.args[:-1]):
        fields = []
        for arg in node.args[:-1]:
            if not isinstance(arg, Field):
                raise ODSQLError("nom de champ attendu", position=position(arg))
            fields.append(f"CAST({compiler.value(arg).sql} AS VARCHAR)")
    return compiler.search(text.value, fields)


def _startswith(compiler: Compiler, node: Call) -> str:
    if len(node.args) != 2:
        raise ODSQLError("startswith() prend un champ et un texte", position=node.pos)
    field, prefix = compiler.value(node.args[0]), node.args[1]
    if not isinstance(prefix, Literal) or not isinstance(prefix.value, str):
        raise ODSQLError("startswith() attend un texte entre guillemets", position=node.pos)
    value = compiler.params.add(prefix.value)
    folded = f"strip_accents(lower(CAST({field.sql} AS VARCHAR)))"
    return f"starts_with({folded}, strip_accents(lower({value})))"


def _bbox_columns(compiler: Compiler, node: Call) -> tuple[str, str, str, str]:
    geo = node.args[0] if node.args else None
    if not isinstance(geo, Field):
        raise ODSQLError(f"{node.name}() attend un champ géographique", position=node.pos)
    column = compiler.schema.field(geo.name, geo.pos)
    if column.ods_type not in ("geo_shape", "geo_point_2d") or not compiler.schema.has_bbox:
        raise ODSQLError(f"« {geo.name} » n'est pas un champ géographique", position=geo.pos)
    xmin, ymin, xmax, ymax = (quote_identifier(n) for n in compiler.schema.layout.bbox)
    return xmin, ymin, xmax, ymax


def _number(node: Node) -> float:
    value = node.value if isinstance(node, Literal) else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise ODSQLError("nombre attendu", position=position(node))


def _in_bbox(compiler: Compiler, node: Call) -> str:
    """`in_bbox(geo, lat1, lon1, lat2, lon2)`: the geometry's bounding box inside the box."""
    if len(node.args) != 5:
        raise ODSQLError("in_bbox() prend un champ et quatre nombres", position=node.pos)
    xmin, ymin, xmax, ymax = _bbox_columns(compiler, node)
    lat1, lon1, lat2, lon2 = (_number(arg) for arg in node.args[1:])
    add = compiler.params.add
    west, east = add(min(lon1, lon2)), add(max(lon1, lon2))
    south, north = add(min(lat1, lat2)), add(max(lat1, lat2))
    return f"({xmin} >= {west} AND {xmax} <= {east} AND {ymin} >= {south} AND {ymax} <= {north})"


def _within_distance(compiler: Compiler, node: Call) -> str:
    """`within_distance(geo, geom'POINT(lon lat)', 10km)`: great-circle distance from the point
    to the geometry's bounding box (exact for points) at most the distance."""
    if len(node.args) != 3:
        raise ODSQLError(
            f"{node.name}() prend un champ, un point et une distance", position=node.pos
        )
    xmin, ymin, xmax, ymax = _bbox_columns(compiler, node)
    centre, distance = node.args[1], node.args[2]
    if not isinstance(centre, Geometry):
        raise ODSQLError("point geom'POINT(lon lat)' attendu", position=position(centre))
    metres = distance.metres if isinstance(distance, Distance) else _number(distance)
    add = compiler.params.add
    lon, lat, limit = add(centre.lon), add(centre.lat), add(metres)
    x = f"greatest({xmin}, least({lon}, {xmax}))"
    y = f"greatest({ymin}, least({lat}, {ymax}))"
    haversine = (
        f"2 * {EARTH_RADIUS} * asin(sqrt(pow(sin(radians({y} - {lat}) / 2), 2) + "
        f"cos(radians({lat})) * cos(radians({y})) * pow(sin(radians({x} - {lon}) / 2), 2)))"
    )
    # greatest() and least() skip nulls: without the test, a record without geometry would be
    # at distance 0.
    return f"({xmin} IS NOT NULL AND {haversine} <= {limit})"


PREDICATES: dict[str, Callable[[Compiler, Call], str]] = {
    "search": _search,
    "suggest": _search,
    "startswith": _startswith,
    "in_bbox": _in_bbox,
    "within_distance": _within_distance,
    "distance": _within_distance,
}
