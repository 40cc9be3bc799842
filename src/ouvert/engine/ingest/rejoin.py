"""Decimal commas in a comma-separated file, left unquoted (`Asso,27 000,00,aide`): each such
amount splits its row into one field too many. The columns where this happens are found on the
sampled rows; the reading then joins the two pieces back (`27 000,00`) in every longer row."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

import pyarrow as pa

_WHOLE = re.compile(r"[+-]?(\d{1,3}([ \u00a0\u202f]\d{3})+|\d+)")
_FRACTION = re.compile(r"\d{1,2}( ?€)?")
FUNCTION = "ouvert_rejoin"


def _joinable(fields: Sequence[str | None], position: int) -> bool:
    if position + 1 >= len(fields):
        return False
    whole, fraction = fields[position], fields[position + 1]
    return (
        whole is not None
        and fraction is not None
        and _WHOLE.fullmatch(whole.strip()) is not None
        and _FRACTION.fullmatch(fraction.strip()) is not None
    )


def find_columns(rows: list[list[str]], width: int) -> list[int]:
    """Header positions where a longer row's split amount is rejoined: those where the sampled
    rows with exactly one field too many can be joined, and only there."""
    votes: Counter[int] = Counter()
    longer = [r for r in rows if len(_trimmed(r)) == width + 1]
    for row in longer:
        fields = _trimmed(row)
        places = [p for p in range(width) if _joinable(fields, p)]
        if len(places) == 1:
            votes[places[0]] += 1
    if not longer or not votes:
        return []
    # A column is taken when rows vote for it, and every longer row can be joined somewhere.
    columns = sorted(p for p, count in votes.items() if count >= max(1, len(longer) // 20))
    every = all(any(_joinable(_trimmed(r), p) for p in columns) for r in longer)
    return columns if every else []


def _trimmed(row: Sequence[str | None]) -> list[str | None]:
    fields = list(row)
    while fields and (fields[-1] is None or not fields[-1].strip()):
        fields.pop()
    return fields


def rejoin(fields: Sequence[str | None], width: int, columns: list[int]) -> list[str | None]:
    """The row's fields with each split amount joined back, padded to its original length."""
    present = _trimmed(fields)
    result = list(present)
    extra = len(present) - width
    for column in columns:  # after a join, the fields that follow are where the header says
        if extra <= 0:
            break
        if _joinable(result, column):
            result[column : column + 2] = [f"{result[column]},{result[column + 1]}"]
            extra -= 1
    return result + [None] * (len(fields) - len(result))


def function(width: int, columns: list[int]) -> Callable[[pa.Array], pa.Array]:
    """The DuckDB (arrow) function joining the split amounts of a list of fields."""

    def apply(lists: pa.Array) -> pa.Array:
        return pa.array(
            [None if row is None else rejoin(row, width, columns) for row in lists.to_pylist()],
            type=pa.list_(pa.string()),
        )

    return apply
