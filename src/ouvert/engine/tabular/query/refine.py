"""`refine=field:value` and `exclude=field:value`, OpenDataSoft's facet filters.

Dates are hierarchical, as in OpenDataSoft: `refine=date:2019`, `date:2019/12`, `date:2019/12/25`
select a year, a month or a day in the query's time zone.
"""

from __future__ import annotations

from datetime import date, datetime

from ouvert.engine.tabular.query.compiler import Compiler, convert
from ouvert.engine.tabular.query.errors import ODSQLError
from ouvert.engine.tabular.query.schema import Column


def split_facet_filter(text: str, clause: str) -> tuple[str, str]:
    """`field:value` → (field, value)."""
    name, sep, value = text.partition(":")
    if not sep or not name.strip():
        raise ODSQLError("« champ:valeur » attendu", clause=clause, position=0)
    return name.strip(), value


def date_bounds(value: str, clause: str) -> tuple[date, date]:
    """`2019`, `2019/12` or `2019/12/25` (or with dashes) → [start, end) dates."""
    parts = value.strip().replace("-", "/").split("/")
    try:
        numbers = [int(part) for part in parts]
        if len(numbers) == 1:
            return date(numbers[0], 1, 1), date(numbers[0] + 1, 1, 1)
        if len(numbers) == 2:
            year, month = numbers
            start = date(year, month, 1)
            return start, date(year + month // 12, month % 12 + 1, 1)
        if len(numbers) == 3:
            start = date(*numbers)
            return start, date.fromordinal(start.toordinal() + 1)
    except (ValueError, OverflowError):
        pass
    raise ODSQLError(f"date invalide « {value} »", clause=clause, position=0)


def facet_condition(compiler: Compiler, column: Column, value: str, clause: str) -> str:
    """The SQL selecting the records whose `column` has the facet value `value`."""
    if column.is_temporal:
        start, end = date_bounds(value, clause)
        if column.ods_type == "date":
            low, high = compiler.params.add(start), compiler.params.add(end)
        else:
            tz = compiler.tz
            low = f"timezone({tz}, CAST({compiler.params.add(as_datetime(start))} AS TIMESTAMP))"
            high = f"timezone({tz}, CAST({compiler.params.add(as_datetime(end))} AS TIMESTAMP))"
        return f"({column.sql} >= {low} AND {column.sql} < {high})"
    if column.ods_type not in ("text", "int", "double", "boolean"):
        raise ODSQLError(f"« {column.name} » ne peut servir de facette", clause=clause)
    try:
        converted = convert(value, column.ods_type)
    except (ValueError, TypeError, OverflowError):
        raise ODSQLError(
            f"la valeur « {value} » ne convient pas au champ « {column.name} »", clause=clause
        ) from None
    return f"({column.sql} = {compiler.params.add(converted)})"


def as_datetime(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def facet_filters(
    compiler: Compiler,
    refine: list[str],
    exclude: list[str],
    skip_excluded: str | None = None,
    skip_refined: str | None = None,
) -> list[str]:
    """SQL conditions for every refine and exclude. A facet lists its own excluded values
    (`skip_excluded`), and a disjunctive facet its values besides the refined ones
    (`skip_refined`)."""
    conditions = []
    for clause, items in (("refine", refine), ("exclude", exclude)):
        for text in items:
            name, value = split_facet_filter(text, clause)
            try:
                column = compiler.schema.field(name)
            except ODSQLError as error:
                raise error.in_clause(clause) from None
            if name == (skip_excluded if clause == "exclude" else skip_refined):
                continue
            condition = facet_condition(compiler, column, value, clause)
            conditions.append(condition if clause == "refine" else f"({condition} IS NOT TRUE)")
    return conditions
