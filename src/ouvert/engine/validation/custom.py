"""Validata's `custom_checks` (not part of Table Schema), each as a SQL condition on a row.

Each check is a `RowCheck`: a condition on one row's cells (columns c1…cN), true when the row
breaks it, evaluated while the file is read (one pass, see engine.py), and the 1-based column `pos`
the error is reported on. Checks whose columns are absent from the file are skipped (the header
errors already say the column is missing). Two checks need Python and run once per distinct value
afterwards (`PYTHON_CHECKS`).
Semantics follow validata-core (python-stdnum for SIRET and SIREN); they are listed in
docs/validation.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ACTES_MATIERES = (
    "Commande Publique",
    "Urbanisme",
    "Domaine et patrimoine",
    "Fonction publique",
    "Institutions et vie politique",
    "Libertés publiques et pouvoirs de police",
    "Finances locales",
    "Domaines de compétences par thèmes",
    "Autres domaines de compétences",
)


@dataclass
class Columns:
    """What a check needs to know about the file's columns."""

    position: dict[str, int]  # field name -> 1-based column
    missing: Callable[[str], str]  # field name -> SQL true when the cell is missing

    def col(self, name: str) -> str:
        return f"c{self.position[name]}"


@dataclass(frozen=True)
class RowCheck:
    type: str
    note: str
    pos: int
    error: str  # SQL true when the row breaks the check, over c1…cN and the helpers' names
    helpers: dict[str, str] = field(default_factory=dict)  # name -> SQL computed once per row


def fold(text: str) -> str:
    """Lower case, no accents, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", plain).strip().lower()


def _digit(n: str, i: int) -> str:
    """SQL: the i-th decimal digit (0 = units) of the BIGINT n."""
    return f"(({n} // {10**i}) % 10)"


def _luhn_sql(n: str, length: int) -> str:
    """SQL true when the `length`-digit number n (BIGINT) carries a valid Luhn key. Integer
    arithmetic: twice as fast as reading the digits as characters."""
    terms = []
    for i in range(length):  # from the units: every second digit is doubled
        d = _digit(n, i)
        terms.append(d if i % 2 == 0 else f"(2 * {d} - 9 * ({d} >= 5)::INT)")
    return f"(({' + '.join(terms)}) % 10 = 0)"


def _compact(x: str) -> str:
    return f"replace(replace(trim({x}), ' ', ''), '.', '')"


def digits_sql(x: str, length: int) -> str:
    """SQL: x compacted (no spaces nor dots) as a BIGINT when it is `length` ASCII digits."""
    v = _compact(x)
    return f"CASE WHEN regexp_full_match({v}, '[0-9]{{{length}}}') THEN CAST({v} AS BIGINT) END"


def siren_valid_sql(n: str) -> str:
    """SQL true when n (from digits_sql(…, 9)) is a valid SIREN."""
    return f"({n} IS NOT NULL AND {_luhn_sql(n, 9)})"


def siret_valid_sql(n: str) -> str:
    """SQL true when n (from digits_sql(…, 14)) is a valid SIRET, as python-stdnum reads it:
    La Poste's establishments (SIREN 356000000) have digits summing to a multiple of 5."""
    digit_sum = " + ".join(_digit(n, i) for i in range(14))
    return (
        f"({n} IS NOT NULL AND CASE "
        f"WHEN {n} // 100000 = 356000000 AND {n} <> 35600000000048 "
        f"THEN ({digit_sum}) % 5 = 0 "
        f"ELSE {_luhn_sql(n, 14)} AND {_luhn_sql(f'({n} // 100000)', 9)} END)"
    )


def _filled(cols: Columns, name: str) -> str:
    return f"NOT ({cols.missing(name)})"


def _number(cols: Columns, name: str) -> str:
    return f"TRY_CAST(replace(trim({cols.col(name)}), ',', '.') AS DOUBLE)"


def row_checks(check: dict[str, Any], cols: Columns, prefix: str) -> list[RowCheck]:
    """The row conditions of one custom check; [] when it is unknown, needs Python, or its
    columns are absent. Helper names start with `prefix`."""
    name = str(check.get("name", ""))
    params: Any = check.get("params") or {}
    known = cols.position

    def have(*names: str) -> bool:
        return all(isinstance(n, str) and n in known for n in names)

    if name in ("french-siret-value", "french-siren-value"):
        column = params.get("column")
        if not have(column):
            return []
        n = f"{prefix}n"
        siret = name == "french-siret-value"
        test = siret_valid_sql(n) if siret else siren_valid_sql(n)
        what = "SIRET" if siret else "SIREN"
        return [
            RowCheck(
                name,
                f"la valeur n’est pas un {what} valide",
                known[column],
                f"({_filled(cols, column)} AND NOT {test})",
                {n: digits_sql(cols.col(column), 14 if siret else 9)},
            )
        ]
    if name == "one-of-required":
        first, second = params.get("column1"), params.get("column2")
        if not have(first, second):
            return []
        note = f"une des colonnes « {first} » ou « {second} » doit être remplie"
        error = f"(({cols.missing(first)}) AND ({cols.missing(second)}))"
        return [RowCheck(name, note, known[first], error)]
    if name == "cohesive-columns-value":
        column = params.get("column")
        others = params.get("othercolumns") or []
        if not have(column, *others):
            return []
        names = [column, *others]
        filled = " + ".join(f"({_filled(cols, n)})::INT" for n in names)
        note = (
            "les colonnes « "
            + " », « ".join(names)
            + " » doivent être toutes remplies ou toutes vides"
        )
        return [RowCheck(name, note, known[column], f"(({filled}) NOT IN (0, {len(names)}))")]
    if name == "compare-columns-value":
        column, other, op = params.get("column"), params.get("column2"), params.get("op")
        ops = {">": ">", ">=": ">=", "<": "<", "<=": "<=", "==": "=", "=": "=", "!=": "<>"}
        if not have(column, other) or op not in ops:
            return []
        a_num, b_num = _number(cols, column), _number(cols, other)
        a, b = cols.col(column), cols.col(other)
        test = (
            f"CASE WHEN {a_num} IS NOT NULL AND {b_num} IS NOT NULL "
            f"THEN {a_num} {ops[op]} {b_num} ELSE trim({a}) {ops[op]} trim({b}) END"
        )
        note = f"la valeur doit être {op} à celle de « {other} »"
        error = f"({_filled(cols, column)} AND {_filled(cols, other)} AND NOT ({test}))"
        return [RowCheck(name, note, known[column], error)]
    if name == "sum-columns-value":
        column = params.get("column")
        parts = params.get("columns") or []
        if not have(column, *parts) or not parts:
            return []
        total = " + ".join(_number(cols, p) for p in parts)
        numbers = " AND ".join(f"{_number(cols, n)} IS NOT NULL" for n in [column, *parts])
        note = "la valeur doit être la somme de « " + " », « ".join(parts) + " »"
        error = f"({numbers} AND abs({_number(cols, column)} - ({total})) > 1e-9)"
        return [RowCheck(name, note, known[column], error)]
    if name == "year-interval-value":
        column = params.get("column")
        if not have(column):
            return []
        x = f"trim({cols.col(column)})"
        year_only = str(params.get("allow-year-only", "")).lower() in ("yes", "true", "oui", "1")
        interval = (
            f"(regexp_full_match({x}, '[0-9]{{4}}/[0-9]{{4}}') "
            f"AND TRY_CAST(substr({x}, 1, 4) AS INTEGER) < TRY_CAST(substr({x}, 6, 4) AS INTEGER))"
        )
        ok = f"({interval} OR regexp_full_match({x}, '[0-9]{{4}}'))" if year_only else interval
        note = (
            "la valeur doit être une année « AAAA » ou un intervalle « AAAA/AAAA »"
            if year_only
            else ("la valeur doit être un intervalle d’années « AAAA/AAAA »")
        )
        error = f"({_filled(cols, column)} AND NOT {ok})"
        return [RowCheck(name, note, known[column], error)]
    return []


# Python-side checks, run once per distinct value: name -> (column parameter, test)
def actes_ok(value: str) -> bool:
    if "/" not in value:
        return False
    head = fold(value.split("/", 1)[0])
    return head in {fold(m) for m in ACTES_MATIERES}


_DAYS = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)"
_DAY_RANGE = rf"{_DAYS}(?:-{_DAYS})?(?:\[-?[1-5](?:-[1-5])?\])?"
_HOLIDAY = r"(?:PH|SH)(?: ?[+-][0-9]+ days?)?"
_DAY_SEL = rf"(?:{_DAY_RANGE}|{_HOLIDAY})(?:,(?:{_DAY_RANGE}|{_HOLIDAY}))*"
_TIME = r"(?:[01]?[0-9]|2[0-4]):[0-5][0-9]"
_EVENT = r"(?:sunrise|sunset|dawn|dusk)"
_SPAN = (
    rf"(?:{_TIME}|{_EVENT})(?:(?:-(?:{_TIME}|{_EVENT}|[0-4][0-9]:[0-5][0-9])\+?)|\+)?(?:/[0-9]+)?"
)
_TIMES = rf"{_SPAN}(?:,{_SPAN})*"
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_MONTH_SEL = rf"(?:[0-9]{{4}} )?{_MONTHS}(?: [0-9]{{1,2}})?(?:-{_MONTHS}?(?: ?[0-9]{{1,2}})?)?"
_WEEK = r"week [0-9]{1,2}(?:-[0-9]{1,2})?(?:/[0-9]+)?"
_MODIFIER = r"(?:open|closed|off|unknown)(?: \"[^\"]*\")?|\"[^\"]*\""
_RULE = re.compile(
    rf"(?:24/7|(?:(?:{_MONTH_SEL}(?:,{_MONTH_SEL})*|{_WEEK}|[0-9]{{4}}(?:-[0-9]{{4}})?) ?:? ?)?"
    rf"(?:{_DAY_SEL})?(?: ?{_TIMES})?(?: ?(?:{_MODIFIER}))?)"
)


def opening_hours_ok(value: str) -> bool:
    text = value.strip()
    if not text:
        return True
    rules = re.split(r"\s*(?:;|\|\||,(?=\s*(?:Mo|Tu|We|Th|Fr|Sa|Su|PH|SH)\b))\s*", text)
    return all(rule and _RULE.fullmatch(rule.strip()) for rule in rules if rule.strip())


PYTHON_CHECKS: dict[str, tuple[Callable[[str], bool], str]] = {
    "nomenclature-actes-value": (
        actes_ok,
        "la valeur doit commencer par une matière de la nomenclature ACTES suivie de « / »",
    ),
    "opening-hours-value": (
        opening_hours_ok,
        "la valeur ne suit pas la syntaxe OpenStreetMap des horaires d’ouverture",
    ),
}
