"""ODSQL text to tokens, each with its position, so that errors can point at the fault."""

from __future__ import annotations

from dataclasses import dataclass

from ouvert.engine.tabular.query.errors import ODSQLError

OPERATORS = ("<=", ">=", "!=", "<>", "=", "<", ">", "(", ")", ",", "*", "+", "-", "/", "%")
UNITS = {
    "mm": 0.001,
    "cm": 0.01,
    "m": 1.0,
    "km": 1000.0,
    "mi": 1609.344,
    "yd": 0.9144,
    "ft": 0.3048,
}
ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}
DIGITS = frozenset("0123456789")  # str.isdigit() also accepts "¹" and "٣"


@dataclass(frozen=True)
class Token:
    kind: str  # ident, qident, string, number, distance, date, geom, op, eof
    text: str  # identifier, unescaped string, operator, number as written (distance: metres)
    pos: int
    end: int  # the index just after the token in the source


def tokenize(source: str) -> list[Token]:
    """Every token of `source`, ending with an `eof` token."""
    tokens: list[Token] = []
    i, n = 0, len(source)
    while i < n:
        char = source[i]
        start = i
        if char.isspace():
            i += 1
            continue
        if char in "'\"":
            text, i = read_string(source, i)
            tokens.append(Token("string", text, start, i))
        elif char == "`":
            end = source.find("`", i + 1)
            if end < 0:
                raise ODSQLError("nom de champ entre accents graves non terminé", position=i)
            if end == i + 1:
                raise ODSQLError("nom de champ vide", position=i)
            tokens.append(Token("qident", source[i + 1 : end], start, end + 1))
            i = end + 1
        elif char in DIGITS or (char == "." and i + 1 < n and source[i + 1] in DIGITS):
            token, i = read_number(source, i)
            tokens.append(token)
        elif char.isalpha() or char == "_":
            while i < n and (source[i].isalnum() or source[i] == "_"):
                i += 1
            word = source[start:i]
            if word.lower() in ("date", "geom") and i < n and source[i] in "'\"":
                text, i = read_string(source, i)
                tokens.append(Token(word.lower(), text, start, i))
            else:
                tokens.append(Token("ident", word, start, i))
        else:
            op = next((o for o in OPERATORS if source.startswith(o, i)), None)
            if op is None:
                raise ODSQLError(f"caractère inattendu « {char} »", position=i)
            tokens.append(Token("op", op, start, i + len(op)))
            i += len(op)
    tokens.append(Token("eof", "", n, n))
    return tokens


def read_string(source: str, start: int) -> tuple[str, int]:
    """The unescaped value of the quoted string opening at `start`, and the index after it."""
    quote = source[start]
    out: list[str] = []
    i = start + 1
    while i < len(source):
        char = source[i]
        if char == "\\" and i + 1 < len(source):
            out.append(ESCAPES.get(source[i + 1], source[i + 1]))
            i += 2
        elif char == quote:
            if i + 1 < len(source) and source[i + 1] == quote:  # SQL-style doubled quote
                out.append(quote)
                i += 2
                continue
            return "".join(out), i + 1
        else:
            out.append(char)
            i += 1
    raise ODSQLError("chaîne de caractères non terminée", position=start)


def read_number(source: str, start: int) -> tuple[Token, int]:
    """A number (or a distance such as `10km`) starting at `start`, and the index after it."""
    i, n = start, len(source)
    while i < n and source[i] in DIGITS:
        i += 1
    if i < n and source[i] == "." and i + 1 < n and source[i + 1] in DIGITS:
        i += 1
        while i < n and source[i] in DIGITS:
            i += 1
    if i + 1 < n and source[i] in "eE" and (source[i + 1] in DIGITS or source[i + 1] in "+-"):
        j = i + 1 + (source[i + 1] in "+-")
        if j < n and source[j] in DIGITS:
            i = j
            while i < n and source[i] in DIGITS:
                i += 1
    number = source[start:i]
    end = i
    while end < n and (source[end].isalnum() or source[end] == "_"):
        end += 1
    if end == i:
        return Token("number", number, start, i), i
    unit = source[i:end].lower()
    if unit not in UNITS:
        raise ODSQLError(f"nombre mal formé « {source[start:end]} »", position=start)
    return Token("distance", repr(float(number) * UNITS[unit]), start, end), end
