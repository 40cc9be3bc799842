"""Table Schema `pattern` constraints: Python's reading (frictionless-py's) and its RE2 twin.

frictionless-py compiles `"^" + pattern + "$"` and calls `.match`: the match is anchored at the
start, and `$` also accepts one final newline. `to_re2` rewrites a pattern so DuckDB's RE2 finds
exactly the same matches (Unicode `\\d`, `\\w`, `\\s` as Python has them), or returns None when
the pattern uses Python-only syntax (look-arounds, back-references…): such fields are then
checked in Python, once per distinct value.
"""

from __future__ import annotations

import re
from functools import cache

PY_SPACE = (
    r"\t\n\x{0b}\x{0c}\r\x{1c}-\x{1f} \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}"
    r"\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
)
_CLASS_ESCAPES = {
    "d": r"\p{Nd}",
    "w": r"\p{L}\p{N}_",
    "s": PY_SPACE,
}
_NEGATED = {"D": "d", "W": "w", "S": "s"}
# Escapes RE2 and Python read alike.
_SAME = set("nrtfvabBAZ") | set(r".^$*+?()[]{}|\-/#&~ ,:;<=>!@%'\"_`")


@cache
def compile_full(pattern: str) -> re.Pattern[str]:
    """The compiled regex frictionless-py matches a cell against."""
    return re.compile(f"^{pattern}$")


def _escape_outside(char: str) -> str | None:
    if char in _CLASS_ESCAPES:
        return f"[{_CLASS_ESCAPES[char]}]"
    if char in _NEGATED:
        return f"[^{_CLASS_ESCAPES[_NEGATED[char]]}]"
    if char == "Z":
        return r"\z"
    if char.isdigit():
        return None  # back-reference
    if char in _SAME or not char.isalnum():
        return "\\" + char
    return None


@cache
def to_re2(pattern: str) -> str | None:
    """An RE2 regex that, searched from the start, matches what frictionless-py matches."""
    out: list[str] = []
    i = 0
    n = len(pattern)
    while i < n:
        char = pattern[i]
        if char == "\\":
            if i + 1 >= n:
                return None
            nxt = pattern[i + 1]
            if nxt in "xuU":
                width = {"x": 2, "u": 4, "U": 8}[nxt]
                digits = pattern[i + 2 : i + 2 + width]
                if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
                    return None
                out.append(r"\x{" + digits + "}")
                i += 2 + width
                continue
            replaced = _escape_outside(nxt)
            if replaced is None:
                return None
            out.append(replaced)
            i += 2
            continue
        if char == "[":
            end, body = _class(pattern, i)
            if body is None:
                return None
            out.append(body)
            i = end
            continue
        if (
            char == "("
            and pattern.startswith("(?", i)
            and not (pattern.startswith("(?:", i) or pattern.startswith("(?P<", i))
        ):
            return None  # look-arounds, inline flags, conditionals
        if char == "$":
            out.append(r"(?:\n?\z)")
            i += 1
            continue
        out.append(char)
        i += 1
    body = "".join(out)
    try:
        re.compile(pattern)
    except re.error:
        return None
    return rf"\A(?:^{body}(?:\n?\z))"


def _class(pattern: str, start: int) -> tuple[int, str | None]:
    """Translate the character class starting at `start`; (end index, RE2 text or None)."""
    i = start + 1
    out = ["["]
    if i < len(pattern) and pattern[i] == "^":
        out.append("^")
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        out.append(r"\]")
        i += 1
    while i < len(pattern):
        char = pattern[i]
        if char == "]":
            out.append("]")
            return i + 1, "".join(out)
        if char == "[":
            if pattern.startswith("[:", i):
                return i, None
            out.append(r"\[")
            i += 1
            continue
        if char == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt in _CLASS_ESCAPES:
                out.append(_CLASS_ESCAPES[nxt])
            elif nxt in _NEGATED:
                return i, None  # a negated class inside a class: leave it to Python
            elif nxt in "xuU":
                width = {"x": 2, "u": 4, "U": 8}[nxt]
                digits = pattern[i + 2 : i + 2 + width]
                if len(digits) != width:
                    return i, None
                out.append(r"\x{" + digits + "}")
                i += 2 + width
                continue
            elif nxt.isdigit() or nxt == "b":
                return i, None
            elif nxt in "ntrfva":
                out.append("\\" + nxt)
            else:
                out.append("\\" + nxt if not nxt.isalnum() else nxt)
            i += 2
            continue
        out.append(char)
        i += 1
    return i, None


def sql_literal(text: str) -> str:
    """A DuckDB string literal."""
    return "'" + text.replace("'", "''") + "'"


def full_match_sql(column: str, pattern: str) -> str | None:
    """SQL true when the column matches like frictionless-py, or None (use Python)."""
    translated = to_re2(pattern)
    if translated is None:
        return None
    return f"regexp_matches({column}, {sql_literal(translated)})"
