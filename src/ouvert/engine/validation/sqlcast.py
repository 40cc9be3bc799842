"""Each type's cast as DuckDB SQL over a whole column, matching frictionless-py's reading.

`sql_cast(field, column)` returns the SQL telling whether a (non-missing) cell has the field's
type, the typed value, and one SQL test per constraint; or None when the field is better read in
Python once per distinct value (rare formats, JSON types, patterns RE2 cannot express).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ouvert.engine.validation.pyregex import PY_SPACE, full_match_sql, sql_literal
from ouvert.engine.validation.schema import Field
from ouvert.engine.validation.values import INVALID, read_value

SPACE = f"[{PY_SPACE}]"
DIGITS = r"\p{Nd}+"
INTEGER_RE = rf"^[+-]?{DIGITS}(?:_{DIGITS})*$"
DECIMAL_RE = (
    rf"^[+-]?(?:(?:(?:{DIGITS}(?:\.(?:{DIGITS})?)?|\.{DIGITS})(?:[eE][+-]?{DIGITS})?)"
    rf"|(?i:inf|infinity|s?nan(?:{DIGITS})?))$"
)
V = "v"  # the typed value's column name in the checks
DIGITS_UDF = "ouvert_ascii_digits"  # registered by the engine: Unicode digits to ASCII
BOUNDS = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}


@dataclass
class SqlCast:
    valid: str  # SQL boolean, evaluated on non-missing cells only
    value: str  # SQL typed value (meaningful when valid)
    # constraint -> SQL true when satisfied, over the column `v` holding `value`
    checks: dict[str, str] = field(default_factory=dict)


def ascii_digits(text: str | None) -> str | None:
    """Python reads any Unicode decimal digit; DuckDB's casts only ASCII ones."""
    if text is None or text.isascii():
        return text
    return "".join(
        str(unicodedata.digit(c)) if unicodedata.digit(c, None) is not None else c for c in text
    )


def strip(x: str) -> str:
    return f"regexp_replace({x}, {sql_literal(f'^{SPACE}+|{SPACE}+$')}, '', 'g')"


LEADING = sql_literal(r"^[^-\p{Nd}]*")
TRAILING = sql_literal(r"\P{Nd}*$")


def bare(x: str) -> str:
    return f"regexp_replace(regexp_replace({x}, {LEADING}, ''), {TRAILING}, '')"


def _literal(value: Any) -> str | None:
    if value is INVALID or value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return f"CAST({value} AS HUGEINT)" if abs(value) < 10**37 else None
    if isinstance(value, Decimal):
        return f"CAST({sql_literal(str(value))} AS DOUBLE)"
    if isinstance(value, date):
        return f"DATE {sql_literal(value.isoformat())}"
    if isinstance(value, str):
        return sql_literal(value)
    return None


def _date_format_regex(fmt: str) -> tuple[str, list[str]] | None:
    """For formats of %Y, %m, %d and literal characters: an RE2 regex and its groups' order."""
    parts = {
        "Y": "([0-9]{4})",
        "m": "(1[0-2]|0[1-9]|[1-9])",
        "d": "(3[01]|[12][0-9]|0[1-9]|[1-9]| [1-9])",
    }
    out, order = ["^"], []
    i = 0
    while i < len(fmt):
        if fmt[i] == "%":
            if i + 1 >= len(fmt) or fmt[i + 1] not in parts or fmt[i + 1] in order:
                return None
            out.append(parts[fmt[i + 1]])
            order.append(fmt[i + 1])
            i += 2
            continue
        if fmt[i].isspace() or fmt[i].isalnum():
            return None
        out.append(re.escape(fmt[i]))
        i += 1
    if sorted(order) != ["Y", "d", "m"]:
        return None
    out.append("$")
    return "".join(out), order


def _typed_checks(f: Field, value: str, nan_guard: bool = False) -> dict[str, str] | None:
    reader = read_value(f)
    checks: dict[str, str] = {}
    for name in f.active_constraints:
        bound = f.constraints[name]
        if name == "required":
            continue
        if name in BOUNDS:
            literal = _literal(reader(bound))
            if literal is None:
                return None
            test = f"{value} {BOUNDS[name]} {literal}"
            checks[name] = f"(NOT isnan({value}) AND {test})" if nan_guard else test
        elif name == "enum":
            if not isinstance(bound, list):
                return None
            literals = [_literal(reader(v)) for v in bound]
            if any(lit is None for lit in literals):
                return None
            checks[name] = f"{value} IN ({', '.join(literals)})" if literals else "FALSE"  # type: ignore[arg-type]
        else:
            return None
    return checks


def sql_cast(f: Field, x: str, v: str = V) -> SqlCast | None:
    """SQL for field `f` over the VARCHAR expression `x`, or None (read it in Python). The
    constraint checks read the typed value from the column named `v`."""
    if (f.type == "string" and f.format == "default") or f.type == "any":
        checks: dict[str, str] = {}
        for name in f.active_constraints:
            bound = f.constraints[name]
            if name == "required":
                continue
            if name == "minLength" and f.type == "string":
                checks[name] = f"length({v}) >= {int(bound)}"
            elif name == "maxLength" and f.type == "string":
                checks[name] = f"length({v}) <= {int(bound)}"
            elif name == "pattern" and f.type == "string":
                test = full_match_sql(v, str(bound))
                if test is None:
                    return None
                checks[name] = test
            elif name == "enum":
                if not isinstance(bound, list):
                    return None
                allowed = [sql_literal(v) for v in bound if isinstance(v, str)]
                checks[name] = f"{v} IN ({', '.join(allowed)})" if allowed else "FALSE"
            else:
                return None
        return SqlCast("TRUE", x, checks)
    if f.type == "integer":
        s = strip(x)
        if not f.bare_number:
            s = bare(s)
        fast = f"regexp_full_match({x}, '-?[0-9]{{1,18}}')"
        # CASE, not OR: DuckDB then evaluates the slow test only where the fast one fails
        valid = (
            f"(CASE WHEN {fast} THEN TRUE ELSE regexp_matches({s}, {sql_literal(INTEGER_RE)}) END)"
        )
        plain = f"replace({s}, '_', '')"
        value = (
            f"coalesce(TRY_CAST({plain} AS HUGEINT), TRY_CAST({DIGITS_UDF}({plain}) AS HUGEINT))"
        )
        checks_ = _typed_checks(f, v)
        return None if checks_ is None else SqlCast(valid, value, checks_)
    if f.type == "number":
        s = strip(x)
        pre = "TRUE"
        if f.number_processing:
            if not f.bare_number:
                s = bare(s)
            if f.group_char:
                s = f"replace({s}, {sql_literal(f.group_char)}, '')"
            if f.decimal_char != ".":
                pre = f"NOT contains({s}, '.')"
                s = f"replace({s}, {sql_literal(f.decimal_char)}, '.')"
        s = f"replace({s}, '_', '')"
        fast = f"regexp_full_match({x}, '-?[0-9]{{1,15}}(\\.[0-9]{{1,15}})?')"
        slow = f"({pre} AND regexp_matches({s}, {sql_literal(DECIMAL_RE)}))"
        valid = slow if f.number_processing else f"(CASE WHEN {fast} THEN TRUE ELSE {slow} END)"
        slow_value = f"coalesce(TRY_CAST({s} AS DOUBLE), TRY_CAST({DIGITS_UDF}({s}) AS DOUBLE))"
        # without decimalChar/groupChar, DuckDB's cast reads a valid cell's number when it can
        value = (
            slow_value
            if f.number_processing
            else f"coalesce(TRY_CAST({x} AS DOUBLE), {slow_value})"
        )
        checks_ = _typed_checks(f, v, nan_guard=True)
        return None if checks_ is None else SqlCast(valid, value, checks_)
    if f.type == "boolean":
        trues = [sql_literal(v) for v in f.true_values]
        falses = [sql_literal(v) for v in f.false_values if v not in f.true_values]
        valid = f"{x} IN ({', '.join(trues + falses)})" if trues + falses else "FALSE"
        value = f"({x} IN ({', '.join(trues)}))" if trues else "FALSE"
        checks_ = _typed_checks(f, v)
        return None if checks_ is None else SqlCast(valid, value, checks_)
    if f.type == "year":
        s = strip(x)
        number = f"TRY_CAST(replace({s}, '_', '') AS INTEGER)"
        valid = (
            f"(length({x}) = 4 AND regexp_matches({s}, {sql_literal(INTEGER_RE)}) "
            f"AND {number} BETWEEN 0 AND 9999)"
        )
        checks_ = _typed_checks(f, f"CAST({v} AS HUGEINT)")
        return None if checks_ is None else SqlCast(valid, number, checks_)
    if f.type == "date":
        fmt = "%Y-%m-%d" if f.format == "default" else f.format
        parsed = _date_format_regex(fmt)
        if parsed is None:
            return None
        regex, order = parsed
        groups = {
            name: f"regexp_extract({x}, {sql_literal(regex)}, {i + 1})"
            for i, name in enumerate(order)
        }
        iso = f"concat({groups['Y']}, '-', {groups['m']}, '-', trim({groups['d']}))"
        slow_value = f"TRY_CAST({iso} AS DATE)"
        slow_valid = (
            f"(regexp_full_match({x}, {sql_literal(regex[1:-1])}) "
            f"AND {groups['Y']} <> '0000' AND {slow_value} IS NOT NULL)"
        )
        if fmt == "%Y-%m-%d":
            # most cells are plain ISO dates: one regex and one cast
            fast = (
                f"(regexp_full_match({x}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') "
                f"AND NOT starts_with({x}, '0000'))"
            )
            value = f"coalesce(TRY_CAST({x} AS DATE), {slow_value})"
            valid = (
                f"(CASE WHEN {fast} THEN TRY_CAST({x} AS DATE) IS NOT NULL ELSE {slow_valid} END)"
            )
        else:
            value, valid = slow_value, slow_valid
        checks_ = _typed_checks(f, v)
        return None if checks_ is None else SqlCast(valid, value, checks_)
    return None
