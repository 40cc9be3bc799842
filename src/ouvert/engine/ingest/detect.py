"""The type of each column, decided on a sample and verified on every row, and the SQL that
converts the raw text to it.

French conventions first: decimal comma, spaces (also no-break) between thousands, dd/mm/yyyy
dates, oui/non booleans. A value with leading zeros is a code, never a number; a column whose
values are codes (INSEE, postcode, SIRET…) stays text whatever its digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ouvert.engine.ingest import formats
from ouvert.engine.ingest.formats import Referential
from ouvert.engine.sql import quote_identifier

SAMPLE_ROWS = 20_000
SAMPLE_DISTINCT = 5_000
MISSING = (
    "",
    "na",
    "n/a",
    "null",
    "-",
    "--",
    "nd",
    "n.d.",
    "nc",
    "n.c.",
    "#n/a",
    "none",
    "nan",
    "00000000",
)  # the last: an empty dBase date
TRUE = ("oui", "vrai", "true", "yes", "o", "v", "x")
FALSE = ("non", "faux", "false", "no", "n", "f")
_SPACE_CLASS = "[ \u00a0\u202f\u2009]"
_INTEGER = re.compile(r"[+-]?(0|[1-9]\d{0,17}|[1-9]\d{0,2}(" + _SPACE_CLASS + r"\d{3})+)")
_LEADING_ZERO = re.compile(r"[+-]?0\d")
_CURRENCY = re.compile(r"\s*(€|eur|euros)$", re.IGNORECASE)
_NUMBER_COMMA = re.compile(
    r"[+-]?((\d+|\d{1,3}(" + _SPACE_CLASS + r"\d{3})+|\d{1,3}(\.\d{3})+)(,\d+)?|,\d+)"
)
_NUMBER_DOT = re.compile(
    r"[+-]?((\d+|\d{1,3}(" + _SPACE_CLASS + r"\d{3})+|\d{1,3}(,\d{3})+)(\.\d+)?|\.\d+)"
)
_SCIENTIFIC = re.compile(r"[+-]?\d+([.,]\d+)?[eE][+-]?\d+")
_ZERO_FRACTION = re.compile(r"(\d+)[.,]0+")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d", "%Y.%m.%d")
_DATE_SHAPES = {
    "%Y-%m-%d": re.compile(r"\d{4}-\d{1,2}-\d{1,2}"),
    "%d/%m/%Y": re.compile(r"\d{1,2}/\d{1,2}/\d{4}"),
    "%d/%m/%y": re.compile(r"\d{1,2}/\d{1,2}/\d{2}"),
    "%d-%m-%Y": re.compile(r"\d{1,2}-\d{1,2}-\d{4}"),
    "%d.%m.%Y": re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}"),
    "%Y/%m/%d": re.compile(r"\d{4}/\d{1,2}/\d{1,2}"),
    "%Y.%m.%d": re.compile(r"\d{4}\.\d{1,2}\.\d{1,2}"),
}
COMPACT_DATE = "%Y%m%d"  # dBase's dates (a Shapefile's DBF), only where the file declares dates
_COMPACT_SHAPE = re.compile(r"\d{8}")
_TIME = re.compile(r"([ T])\d{1,2}[:h]\d{2}(:\d{2})?(\.\d+)?")
_ISO_AWARE = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})")


@dataclass
class ColumnPlan:
    """What a raw text column becomes."""

    name: str
    label: str
    type: str = "string"  # string, integer, number, boolean, date, datetime
    format: str | None = None
    decimal: str = "."  # for numbers
    date_formats: tuple[str, ...] = ()
    aware: bool = False  # datetimes with an offset
    notes: list[str] = field(default_factory=list)
    decimals: frozenset[str] = frozenset()  # the decimal marks its values allow (numbers)
    zero_fraction: bool = False  # codes a spreadsheet wrote as decimals (72390.0): cut ".0"

    def sql(self, raw: str | None = None) -> str:
        """DuckDB expression from the raw VARCHAR column (by default the column of the same
        name) to the typed value. A fast cast first; the French forms only for what it missed."""
        raw = raw or quote_identifier(self.name)
        text = f"trim({raw})"
        if self.type == "string" and self.zero_fraction:
            return f"NULLIF(regexp_replace({text}, '^([0-9]+)[.,]0+$', '\\1'), '')"
        if self.type == "string":
            # line breaks and tabs around a text are no part of it (a cell ending in blank lines)
            return f"NULLIF(trim({raw}, ' \t\r\n'), '')"
        if self.type == "boolean":
            return (
                f"CASE WHEN lower({text}) IN ({', '.join(repr(t) for t in TRUE)}) THEN true "
                f"WHEN lower({text}) IN ({', '.join(repr(f) for f in FALSE)}) THEN false END"
            )
        missing = f"lower({text}) IN ({', '.join(repr(m) for m in MISSING)})"
        # Each fast cast is guarded: DuckDB would round "12.5" to 13, read "0x1F" as 31, cut
        # "2024-01-05 10:00" to a day and take "nan" or "infinity" as numbers.
        if self.type == "integer":
            guard = f"regexp_full_match({raw}, '\\s*[+-]?[0-9]{{1,18}}\\s*')"
            fast = f"CASE WHEN {guard} THEN TRY_CAST({raw} AS BIGINT) END"
            slow = f"TRY_CAST({_strip_spaces(text)} AS BIGINT)"
        elif self.type == "number":
            mark = "," if self.decimal == "," else "\\."
            guard = (
                f"regexp_full_match({raw}, '\\s*[+-]?[0-9]*{mark}?[0-9]+([eE][+-]?[0-9]+)?\\s*')"
            )
            cast = f"replace({raw}, ',', '.')" if self.decimal == "," else raw
            fast = f"CASE WHEN {guard} THEN TRY_CAST({cast} AS DOUBLE) END"
            slow = f"TRY_CAST({_decimal(text, self.decimal)} AS DOUBLE)"
        elif self.type == "date":
            formats_sql = "[" + ", ".join(repr(f) for f in self.date_formats) + "]"
            parsed = f"CAST(try_strptime({text}, {formats_sql}) AS DATE)"
            if self.date_formats == ("%Y-%m-%d",):
                guard = f"regexp_full_match({raw}, '\\s*[0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}}\\s*')"
                fast, slow = f"CASE WHEN {guard} THEN TRY_CAST({raw} AS DATE) END", parsed
            else:
                fast, slow = parsed, "NULL"
        elif self.type == "datetime":
            if self.aware:
                fast, slow = f"TRY_CAST({text} AS TIMESTAMPTZ)", "NULL"
            else:
                formats_sql = "[" + ", ".join(repr(f) for f in self.date_formats) + "]"
                normalised = f"regexp_replace({text}, '(\\d)h(\\d)', '\\1:\\2')"
                fast = f"try_strptime({text}, {formats_sql})"
                slow = f"try_strptime({normalised}, {formats_sql})"
        else:
            raise ValueError(self.type)
        if slow == "NULL":
            return fast
        return f"coalesce({fast}, CASE WHEN {missing} THEN NULL ELSE {slow} END)"

    def failed(self, raw: str | None = None, value: str | None = None) -> str:
        """SQL true for a raw value that is present but does not convert (or, for integers,
        converts only by losing leading zeros)."""
        raw = raw or quote_identifier(self.name)
        value = value or f"({self.sql(raw)})"
        text = f"trim({raw})"
        missing = f"lower({text}) IN ({', '.join(repr(m) for m in MISSING)})"
        if self.type == "string":
            return "false"
        failed = f"({value} IS NULL AND {raw} IS NOT NULL AND {text} <> '' AND NOT {missing})"
        if self.type == "integer":
            digits = f"ltrim({text}, '+-')"
            leading = (
                f"(prefix({digits}, '0') AND length({digits}) > 1 "
                f"AND substr({digits}, 2, 1) BETWEEN '0' AND '9')"
            )
            failed = f"({failed} OR ({value} IS NOT NULL AND {leading}))"
        return failed

    def as_column(self) -> dict[str, object]:
        column: dict[str, object] = {"name": self.name, "label": self.label, "type": self.type}
        if self.format:
            column["format"] = self.format
        return column


def _strip_spaces(sql: str) -> str:
    return f"regexp_replace({sql}, '[ \u00a0\u202f\u2009]|€|(?i:eur(os)?)$', '', 'g')"


def _decimal(sql: str, decimal: str) -> str:
    compact = _strip_spaces(sql)
    if decimal == ",":
        # Dots are thousands separators only in "1.234.567,89"; then the comma is the decimal.
        grouped, group = "[+-]?\\d{1,3}(\\.\\d{3})+(,\\d*)?", "."
    else:
        grouped, group = "[+-]?\\d{1,3}(,\\d{3})+(\\.\\d*)?", ","
    ungrouped = (
        f"CASE WHEN regexp_full_match({compact}, '{grouped}') "
        f"THEN replace({compact}, '{group}', '') ELSE {compact} END"
    )
    return f"replace({ungrouped}, ',', '.')" if decimal == "," else ungrouped


def _parses(values: list[str], fmt: str) -> bool:
    for value in values:
        try:
            datetime.strptime(value, fmt)
        except ValueError:
            return False
    return True


def _day_format(value: str, compact: bool = False) -> str | None:
    if compact and _COMPACT_SHAPE.fullmatch(value):
        try:
            datetime.strptime(value, COMPACT_DATE)
        except ValueError:
            return None
        return COMPACT_DATE
    for fmt in DATE_FORMATS:
        if _DATE_SHAPES[fmt].fullmatch(value):
            try:
                datetime.strptime(value, fmt)
            except ValueError:
                continue
            return fmt
    return None


def _date_plan(
    values: list[str], compact: bool = False
) -> tuple[str, tuple[str, ...], bool] | None:
    """("date" | "datetime", formats, aware) when every value is a date, in one or several
    unambiguous forms (2013-01-26 and 2013.01.26 in one column)."""
    if all(_ISO_AWARE.fullmatch(v) for v in values):
        return "datetime", (), True
    used: dict[str, int] = {}
    has_time = False
    for value in values:
        match = _TIME.search(value)
        day = value[: match.start()] if match else value
        if match and match.end() != len(value):
            return None
        fmt = _day_format(day, compact)
        if fmt is None:
            return None
        if match:
            has_time = True
            time_text = match.group(0).replace("h", ":")
            fmt += (
                ("T" if time_text[0] == "T" else " ")
                + "%H:%M"
                + (":%S" if time_text.count(":") == 2 else "")
                + (".%f" if "." in time_text else "")
            )
        used[fmt] = used.get(fmt, 0) + 1
    days = {f.split(" ")[0].split("T")[0] for f in used}
    day_first = {f for f in days if f.startswith("%d")}
    if day_first and len({f.replace("%y", "%Y") for f in day_first}) > 1:
        return None  # dd/mm/yyyy mixed with dd-mm-yyyy: too unsure
    ordered = tuple(sorted(used, key=lambda f: -used[f]))
    return ("datetime" if has_time else "date"), ordered, False


def plan_column(
    name: str,
    label: str,
    values: list[str],
    referential: Referential | None,
    *,
    decimal: str | None = None,
    is_date: bool = False,
) -> ColumnPlan:
    """The type of a column from distinct, stripped, non-missing sample values. `decimal`:
    the mark that values fitting both forms take ("1,234"); `is_date`: the file declares the
    column a date (a DBF date field, read as its text)."""
    plan = ColumnPlan(name, label)
    if is_date and values:
        dated = _date_plan(values, compact=True)
        if dated is not None:
            plan.type, plan.date_formats, plan.aware = dated
            plan.format = "date" if plan.type == "date" else "datetime_naive"
            return plan
    destroyed = formats.scientific_codes(label, values)
    if destroyed:
        plan.format = None
        plan.notes.append(
            f"Colonne « {label} » : des valeurs sont écrites en notation scientifique "
            f"(« {destroyed[0]} ») : un tableur a converti ces identifiants en nombres et leurs "
            "derniers chiffres sont perdus. Elles sont gardées telles quelles ; corrigez le "
            "fichier source (colonne au format texte) pour les retrouver."
        )
        return plan
    if not values:
        return plan
    whole = [m.group(1) for v in values if (m := _ZERO_FRACTION.fullmatch(v))]
    if len(whole) == len(values) and (
        formats.text_format(label, whole, referential) or formats.is_identifier(label, whole)
    ):
        plan.zero_fraction = True
        plan.notes.append(
            f"Colonne « {label} » : des codes sont écrits comme des nombres décimaux "
            f"(« {values[0]} ») : la partie décimale nulle a été retirée."
        )
        values = whole
    text_format = formats.text_format(label, values, referential)
    if text_format is None and plan.zero_fraction:
        return plan
    if text_format is not None:
        plan.format = text_format
        short = [v for v in values if len(v) == 4] if text_format == "code_postal" else []
        if short:
            plan.notes.append(
                f"Colonne « {label} » : des codes postaux n'ont que 4 chiffres (« {short[0]} ») : "
                "un tableur a sans doute supprimé leur zéro initial (04400 devenu 4400)."
            )
        return plan
    lowered = {v.lower() for v in values}
    if lowered <= set(TRUE + FALSE) and lowered & {
        "oui",
        "non",
        "vrai",
        "faux",
        "true",
        "false",
        "yes",
        "no",
    }:
        plan.type, plan.format = "boolean", "booleen"
        return plan
    if any(_LEADING_ZERO.match(v) for v in values) and all(v.isdigit() for v in values):
        return plan  # a code: 01, 026, 00000148
    stripped = [_CURRENCY.sub("", v) for v in values]
    comma = all(
        _NUMBER_COMMA.fullmatch(v) or _SCIENTIFIC.fullmatch(v.replace(",", ".")) for v in stripped
    )
    dot = all(_NUMBER_DOT.fullmatch(v) or _SCIENTIFIC.fullmatch(v) for v in stripped)
    if all(_INTEGER.fullmatch(v) for v in stripped):
        if formats.is_identifier(label, values):
            return plan  # digits that are a code: kept as text
        plan.type = "integer"
    elif comma or dot:
        plan.type = "number"
        plan.decimals = frozenset(m for m, ok in ((",", comma), (".", dot)) if ok)
        if decimal is not None and decimal in plan.decimals:
            plan.decimal = decimal
        elif comma and (not dot or any("," in v for v in stripped)):
            plan.decimal = ","
        else:
            plan.decimal = "."
    else:
        dated = _date_plan(values)
        if dated is not None:
            plan.type, plan.date_formats, plan.aware = dated
            plan.format = (
                "date"
                if plan.type == "date"
                else ("datetime_aware" if plan.aware else "datetime_naive")
            )
    if plan.type in ("integer", "number") and any(_LEADING_ZERO.match(v) for v in stripped):
        plan.type = "string"
    return plan


def decided_decimal(plans: list[ColumnPlan]) -> str | None:
    """The decimal mark to record in the reading settings: the one that, given, reads every
    number column as it was read (the commonest when no mark does)."""
    numbers = [p for p in plans if p.type == "number" and p.decimals]
    if not numbers:
        return None
    fits = {
        mark: sum(1 for p in numbers if p.decimal == mark or mark not in p.decimals)
        for mark in (",", ".")
    }
    return max((",", "."), key=lambda mark: (fits[mark], mark == ","))


def plan_sample(
    names: list[str],
    labels: list[str],
    rows: list[tuple[Any, ...]],
    referential: Referential | None,
    *,
    decimal: str | None = None,
    dates: frozenset[str] = frozenset(),
) -> list[ColumnPlan]:
    """Plans for every column, from the first rows of the file."""
    plans = []
    missing = set(MISSING)
    for index, (name, label) in enumerate(zip(names, labels, strict=True)):
        distinct: dict[str, None] = {}
        for row in rows:
            value = row[index]
            if value is None:
                continue
            value = value.strip()
            if value.lower() in missing:
                continue
            distinct[value] = None
            if len(distinct) >= SAMPLE_DISTINCT:
                break
        plans.append(
            plan_column(
                name, label, list(distinct), referential, decimal=decimal, is_date=name in dates
            )
        )
    return plans
