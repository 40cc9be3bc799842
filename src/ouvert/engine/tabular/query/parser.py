"""A hand-written recursive-descent parser for ODSQL clauses (OpenDataSoft Explore v2.1).

    expr     := or
    or       := and ("OR" and)*
    and      := not ("AND" not)*
    not      := "NOT" not | compare
    compare  := sum [op sum | ["NOT"] "IN" "(" list ")" | "IS" ["NOT"] "NULL" | ["NOT"] "LIKE" sum]
    sum      := product (("+" | "-") product)*
    product  := unary (("*" | "/" | "%") unary)*
    unary    := "-" unary | primary
    primary  := literal | field | call | "(" expr ")"

Keywords are case-insensitive; a field named like a keyword is written between backquotes.
Every error is an `ODSQLError` carrying the position of the offending token.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime

import shapely

from ouvert.engine.tabular.query.errors import ODSQLError
from ouvert.engine.tabular.query.lexer import Token, tokenize
from ouvert.engine.tabular.query.nodes import (
    Binary,
    Call,
    Distance,
    Field,
    Geometry,
    InList,
    IsNull,
    Labelled,
    Literal,
    Node,
    Ordering,
    Star,
    Unary,
)

KEYWORDS = frozenset(
    {"and", "or", "not", "in", "is", "null", "like", "true", "false", "as", "asc", "desc"}
)
COMPARISONS = {"=": "=", "!=": "!=", "<>": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
MAX_DEPTH = 64  # nesting deeper than this is refused, not left to blow Python's stack


class Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = tokenize(source)
        self.index = 0
        self.depth = 0

    # -- token helpers -------------------------------------------------------------------------
    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind != "eof":
            self.index += 1
        return token

    def is_keyword(self, *words: str) -> bool:
        return self.token.kind == "ident" and self.token.text.lower() in words

    def is_op(self, *ops: str) -> bool:
        return self.token.kind == "op" and self.token.text in ops

    def expect_op(self, op: str) -> Token:
        if not self.is_op(op):
            raise self.error(f"« {op} » attendu")
        return self.advance()

    def error(self, expected: str) -> ODSQLError:
        token = self.token
        found = "la fin de l'expression" if token.kind == "eof" else f"« {self.raw(token)} »"
        return ODSQLError(f"{expected} au lieu de {found}", position=token.pos)

    def raw(self, token: Token) -> str:
        return self.source[token.pos : token.end]

    def end(self) -> None:
        if self.token.kind != "eof":
            raise self.error("fin de l'expression attendue")

    # -- expressions ---------------------------------------------------------------------------
    def expression(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ODSQLError("expression trop imbriquée", position=self.token.pos)
        try:
            return self.disjunction()
        finally:
            self.depth -= 1

    def disjunction(self) -> Node:
        node = self.conjunction()
        while self.is_keyword("or"):
            pos = self.advance().pos
            node = Binary("or", node, self.conjunction(), pos)
        return node

    def conjunction(self) -> Node:
        node = self.negation()
        while self.is_keyword("and"):
            pos = self.advance().pos
            node = Binary("and", node, self.negation(), pos)
        return node

    def negation(self) -> Node:
        if self.is_keyword("not"):
            pos = self.advance().pos
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise ODSQLError("expression trop imbriquée", position=pos)
            try:
                return Unary("not", self.negation(), pos)
            finally:
                self.depth -= 1
        return self.comparison()

    def comparison(self) -> Node:
        left = self.sum()
        token = self.token
        if token.kind == "op" and token.text in COMPARISONS:
            self.advance()
            return Binary(COMPARISONS[token.text], left, self.sum(), token.pos)
        negated = False
        if self.is_keyword("not"):
            following = self.tokens[self.index + 1]
            if following.kind == "ident" and following.text.lower() in ("in", "like"):
                self.advance()
                negated = True
        if self.is_keyword("in"):
            pos = self.advance().pos
            self.expect_op("(")
            items = [self.sum()]
            while self.is_op(","):
                self.advance()
                items.append(self.sum())
            self.expect_op(")")
            return InList(left, tuple(items), negated, pos)
        if self.is_keyword("like"):
            pos = self.advance().pos
            node: Node = Binary("like", left, self.sum(), pos)
            return Unary("not", node, pos) if negated else node
        if self.is_keyword("is"):
            pos = self.advance().pos
            is_not = self.is_keyword("not")
            if is_not:
                self.advance()
            if not self.is_keyword("null"):
                raise self.error("« null » attendu après « is »")
            self.advance()
            return IsNull(left, is_not, pos)
        return left

    def sum(self) -> Node:
        node = self.product()
        while self.is_op("+", "-"):
            token = self.advance()
            node = Binary(token.text, node, self.product(), token.pos)
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.is_op("*", "/", "%"):
            token = self.advance()
            node = Binary(token.text, node, self.unary(), token.pos)
        return node

    def unary(self) -> Node:
        if self.is_op("-"):
            pos = self.advance().pos
            operand = self.unary()
            value = operand.value if isinstance(operand, Literal) else None
            if isinstance(value, int | float) and not isinstance(value, bool):
                return Literal(-value, pos)
            return Unary("-", operand, pos)
        return self.primary()

    def primary(self) -> Node:
        token = self.token
        if token.kind == "op" and token.text == "(":
            self.advance()
            node = self.expression()
            self.expect_op(")")
            return node
        if token.kind == "string":
            self.advance()
            return Literal(token.text, token.pos)
        if token.kind == "number":
            self.advance()
            return Literal(parse_number(token), token.pos)
        if token.kind == "distance":
            self.advance()
            return Distance(float(token.text), token.pos)
        if token.kind == "date":
            self.advance()
            return Literal(parse_date(token.text, token.pos), token.pos)
        if token.kind == "geom":
            self.advance()
            return parse_geometry(token.text, token.pos)
        if token.kind == "qident":
            self.advance()
            return Field(token.text, token.pos)
        if token.kind == "ident":
            word = token.text.lower()
            following = self.tokens[self.index + 1]
            if following.kind == "op" and following.text == "(" and word not in KEYWORDS:
                return self.call()
            if word in ("true", "false"):
                self.advance()
                return Literal(word == "true", token.pos)
            if word == "null":
                self.advance()
                return Literal(None, token.pos)
            if word in KEYWORDS:
                raise self.error("valeur ou nom de champ attendu")
            self.advance()
            return Field(token.text, token.pos)
        raise self.error("valeur ou nom de champ attendu")

    def call(self) -> Call:
        name_token = self.advance()
        self.expect_op("(")
        distinct = False
        if self.is_keyword("distinct"):
            self.advance()
            distinct = True
        args: list[Node] = []
        if not self.is_op(")"):
            args.append(self.argument())
            while self.is_op(","):
                self.advance()
                args.append(self.argument())
        self.expect_op(")")
        return Call(name_token.text.lower(), tuple(args), name_token.pos, distinct)

    def argument(self) -> Node:
        if self.is_op("*"):
            following = self.tokens[self.index + 1]
            if following.kind == "op" and following.text in (",", ")"):
                return Star(self.advance().pos)
        return self.expression()

    # -- clauses -------------------------------------------------------------------------------
    def labelled_list(self, allow_star: bool) -> list[Labelled]:
        items: list[Labelled] = []
        while True:
            start = self.token
            if allow_star and self.is_op("*"):
                self.advance()
                items.append(Labelled(Star(start.pos), None, "*"))
            elif allow_star and self.is_keyword("include", "exclude") and self.peek_op("("):
                items.append(self.wildcard())
            else:
                expr = self.expression()
                text = self.source[start.pos : self.tokens[self.index - 1].end].strip()
                label = None
                if self.is_keyword("as"):
                    self.advance()
                    label_token = self.advance()
                    if label_token.kind not in ("ident", "qident", "string") or not (
                        label_token.text
                    ):
                        self.index -= 1
                        raise self.error("nom d'étiquette attendu après « as »")
                    label = label_token.text
                items.append(Labelled(expr, label, text))
            if not self.is_op(","):
                break
            self.advance()
        self.end()
        return items

    def peek_op(self, op: str) -> bool:
        following = self.tokens[self.index + 1]
        return following.kind == "op" and following.text == op

    def wildcard(self) -> Labelled:
        """`include(pattern)` / `exclude(pattern)`: the pattern is kept as written (`*` globs)."""
        name = self.advance()
        opening = self.expect_op("(")
        while not self.is_op(")"):
            if self.token.kind == "eof":
                raise self.error("« ) » attendu")
            self.advance()
        closing = self.advance()
        pattern = self.source[opening.end : closing.pos].strip().strip("`'\"")
        if not pattern:
            raise ODSQLError("motif vide", position=opening.end)
        call = Call(name.text.lower(), (Literal(pattern, opening.end),), name.pos)
        return Labelled(call, None, self.source[name.pos : closing.end])

    def orderings(self) -> list[Ordering]:
        items: list[Ordering] = []
        while True:
            expr = self.expression()
            descending = False
            if self.is_keyword("asc", "desc"):
                descending = self.advance().text.lower() == "desc"
            items.append(Ordering(expr, descending))
            if not self.is_op(","):
                break
            self.advance()
        self.end()
        return items


def parse_where(source: str) -> Node:
    """A `where` (or `refine`-free filter) clause."""
    parser = Parser(source)
    node = parser.expression()
    parser.end()
    return node


def parse_select(source: str) -> list[Labelled]:
    """A `select` clause: `*`, fields, `include()`/`exclude()`, expressions `as` labels."""
    return Parser(source).labelled_list(allow_star=True)


def parse_group_by(source: str) -> list[Labelled]:
    """A `group_by` clause: fields, `range()`, date functions, each optionally `as` a label."""
    return Parser(source).labelled_list(allow_star=False)


def parse_order_by(source: str) -> list[Ordering]:
    """An `order_by` clause: expressions, each `asc` (the default) or `desc`."""
    return Parser(source).orderings()


def parse_number(token: Token) -> int | float:
    text = token.text
    if any(c in text for c in ".eE"):
        value = float(text)
        if not math.isfinite(value):
            raise ODSQLError(f"nombre hors limites « {text} »", position=token.pos)
        return value
    if len(text) > 38:
        raise ODSQLError(f"nombre hors limites « {text} »", position=token.pos)
    return int(text)


def parse_date(text: str, pos: int) -> date | datetime:
    """`date'2020'`, `date'2020-06'`, `date'2020-06-01'` or an ISO 8601 date and time."""
    value = text.strip()
    try:
        if len(value) == 4 and value.isdigit():
            return date(int(value), 1, 1)
        if len(value) == 7 and value[4] == "-" and value[:4].isdigit() and value[5:].isdigit():
            return date(int(value[:4]), int(value[5:]), 1)
        if len(value) == 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value)
    except ValueError:
        raise ODSQLError(f"date invalide « {text} »", position=pos) from None


def parse_geometry(text: str, pos: int) -> Geometry:
    """`geom'POINT(lon lat)'` (WKT) or `geom'{"type": "Point", …}'` (GeoJSON), in WGS84."""
    try:
        if text.lstrip().startswith("{"):
            json.loads(text)  # shapely's own parser may abort on some malformed JSON
            geometry = shapely.from_geojson(text)
        else:
            geometry = shapely.from_wkt(text)
    except (shapely.errors.ShapelyError, ValueError, TypeError):
        raise ODSQLError(f"géométrie invalide « {text} »", position=pos) from None
    if geometry is None or geometry.is_empty:
        raise ODSQLError(f"géométrie vide « {text} »", position=pos)
    centre = geometry.centroid
    xmin, ymin, xmax, ymax = geometry.bounds
    if not all(math.isfinite(v) for v in (xmin, ymin, xmax, ymax)):
        raise ODSQLError(f"géométrie invalide « {text} »", position=pos)
    return Geometry(centre.x, centre.y, (xmin, ymin, xmax, ymax), pos)
