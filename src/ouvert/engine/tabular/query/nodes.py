"""The ODSQL syntax tree. Every node keeps the position (0-based) where it starts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Field:
    name: str
    pos: int


@dataclass(frozen=True)
class Literal:
    """A string, number, boolean or null literal; `date'…'` gives a date or a datetime."""

    value: str | int | float | bool | date | datetime | None
    pos: int


@dataclass(frozen=True)
class Geometry:
    """`geom'…'`: a WKT or GeoJSON literal, kept as its centre point and bounding box."""

    lon: float
    lat: float
    bbox: tuple[float, float, float, float]
    pos: int


@dataclass(frozen=True)
class Distance:
    """`10km`, `500m`: a distance, in metres."""

    metres: float
    pos: int


@dataclass(frozen=True)
class Star:
    pos: int


@dataclass(frozen=True)
class Unary:
    op: str  # "not" or "-"
    operand: Node
    pos: int


@dataclass(frozen=True)
class Binary:
    op: str  # and, or, =, !=, <, <=, >, >=, +, -, *, /, %, like
    left: Node
    right: Node
    pos: int


@dataclass(frozen=True)
class InList:
    operand: Node
    items: tuple[Node, ...]
    negated: bool
    pos: int


@dataclass(frozen=True)
class IsNull:
    operand: Node
    negated: bool
    pos: int


@dataclass(frozen=True)
class Call:
    name: str  # lower-cased
    args: tuple[Node, ...]
    pos: int
    distinct: bool = False


Node = Field | Literal | Geometry | Distance | Star | Unary | Binary | InList | IsNull | Call


@dataclass(frozen=True)
class Labelled:
    """A `select` or `group_by` item: an expression, its label, and the text it was written as."""

    expr: Node
    label: str | None
    text: str

    @property
    def name(self) -> str:
        """The key of this item in a result: its label, else the expression as written."""
        if self.label:
            return self.label
        if isinstance(self.expr, Field):
            return self.expr.name
        return self.text


@dataclass(frozen=True)
class Ordering:
    expr: Node
    descending: bool


AGGREGATES = frozenset({"count", "sum", "avg", "min", "max", "median", "percentile"})


def has_aggregate(node: Node) -> bool:
    """Whether an aggregate function appears anywhere in the expression."""
    if isinstance(node, Call):
        return node.name in AGGREGATES or any(has_aggregate(a) for a in node.args)
    if isinstance(node, Unary):
        return has_aggregate(node.operand)
    if isinstance(node, Binary):
        return has_aggregate(node.left) or has_aggregate(node.right)
    if isinstance(node, InList):
        return has_aggregate(node.operand) or any(has_aggregate(i) for i in node.items)
    if isinstance(node, IsNull):
        return has_aggregate(node.operand)
    return False
