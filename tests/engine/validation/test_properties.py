"""Property-based parity: random schemas, headers and cells, same errors as frictionless-py."""

from __future__ import annotations

import csv
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ouvert.engine.validation import Limits, validate

from .oracle import oracle, ours

UNLIMITED = Limits(errors_per_type=10**9)
TYPES = [
    "string",
    "integer",
    "number",
    "boolean",
    "date",
    "year",
    "yearmonth",
    "any",
    "time",
    "datetime",
    "array",
    "object",
    "geopoint",
    "duration",
]
PATTERNS = [
    r"\d{3}",
    r"[A-Z]\w*",
    r"^W\d{2}$",
    r"a|b",
    r"[^\s]+",
    r"(ab)+c?",
    r"\w+@\w+\.fr",
    r".{2,4}",
]
CELLS = [
    "",
    " ",
    "0",
    "1",
    "-7",
    "+3",
    "12",
    " 42 ",
    "1_000",
    "3.5",
    "-0.25",
    "1e3",
    "1,5",
    "1 000",
    "1.000,5",
    "NaN",
    "inf",
    "-Infinity",
    "abc",
    "ABC1",
    "W12",
    "ab",
    "ababc",
    "x@y.fr",
    "été",
    "true",
    "False",
    "oui",
    "non",
    "NA",
    "-",
    "2020-01-05",
    "2020-1-5",
    "2020-02-30",
    "0000-01-01",
    "05/01/2020",
    "2024",
    "999",
    "20245",
    "2020-12",
    "2020-13",
    "12:30:00",
    "12:30",
    "2020-01-05T10:00:00Z",
    "2020-01-05T10:00:00+01:00",
    "2020-01-05 10:00:00",
    "[1, 2]",
    "[]",
    '{"a": 1}',
    "7.5, 48.1",
    "200, 10",
    "P1Y2M",
    "PT3H",
    "P",
    "a,b",
    "€12",
    "12%",
    "١٢",
    "2020-01-05T24:00:00",
]
UNHASHABLE = ("array", "object")  # frictionless-py crashes on unique/primary keys of these
BOUNDS = {
    "integer": [-5, 0, 10, 100],
    "number": [-1.5, 0, 1, 10.25],
    "year": [1900, 2000, 2030],
    "date": ["2000-01-01", "2020-06-30"],
}


@st.composite
def fields(draw: Any, index: int) -> dict[str, Any]:
    kind = draw(st.sampled_from(TYPES))
    field: dict[str, Any] = {"name": f"f{index}", "type": kind}
    constraints: dict[str, Any] = {}
    if draw(st.booleans()):
        constraints["required"] = True
    if kind == "string":
        if draw(st.booleans()):
            constraints["pattern"] = draw(st.sampled_from(PATTERNS))
        if draw(st.booleans()):
            constraints["minLength"] = draw(st.integers(0, 3))
        if draw(st.booleans()):
            constraints["maxLength"] = draw(st.integers(1, 6))
        if draw(st.booleans()):
            constraints["enum"] = draw(st.lists(st.sampled_from(CELLS), min_size=1, max_size=4))
    if kind == "date" and draw(st.booleans()):
        field["format"] = draw(st.sampled_from(["%d/%m/%Y", "%Y-%m-%d", "%Y%m%d"]))
    if kind in BOUNDS:
        # Bounds are written as the field's values are (a date in its format).
        def bound() -> Any:
            value = draw(st.sampled_from(BOUNDS[kind]))
            if kind == "date" and "format" in field:
                return datetime.strptime(value, "%Y-%m-%d").strftime(field["format"])
            return value

        if draw(st.booleans()):
            constraints["minimum"] = bound()
        if draw(st.booleans()):
            constraints["maximum"] = bound()
        if kind in ("integer", "number") and draw(st.booleans()):
            constraints["enum"] = draw(
                st.lists(st.sampled_from(BOUNDS[kind]), min_size=1, max_size=3)
            )
    if kind == "boolean" and draw(st.booleans()):
        field["trueValues"], field["falseValues"] = ["oui"], ["non"]
    if kind == "number":
        if draw(st.booleans()):
            field["decimalChar"] = ","
        if draw(st.booleans()):
            field["groupChar"] = draw(st.sampled_from([" ", "."]))
        if draw(st.booleans()):
            field["bareNumber"] = False
    if kind == "integer" and draw(st.booleans()):
        field["bareNumber"] = False
    if draw(st.integers(0, 5)) == 0 and kind not in UNHASHABLE:
        constraints["unique"] = True
    if constraints:
        field["constraints"] = constraints
    return field


@st.composite
def cases(draw: Any) -> tuple[dict[str, Any], list[str], list[list[str]], list[int]]:
    count = draw(st.integers(1, 4))
    schema: dict[str, Any] = {"fields": [draw(fields(i)) for i in range(count)]}
    if draw(st.booleans()):
        schema["missingValues"] = draw(st.sampled_from([[""], ["", "NA", "-"], []]))
    keys = [[f["name"]] for f in schema["fields"] if f["type"] not in UNHASHABLE]
    if keys and draw(st.integers(0, 4)) == 0:
        schema["primaryKey"] = draw(st.sampled_from(keys))
    labels = [f["name"] for f in schema["fields"]]
    mutation = draw(st.integers(0, 6))
    if mutation == 1:
        labels = labels[:-1] or labels
    elif mutation == 2:
        labels = [*labels, "extra"]
    elif mutation == 3:
        labels[0] = "F0"
    elif mutation == 4 and len(labels) > 1:
        labels[1] = labels[0]
    width = len(labels)
    rows = draw(
        st.lists(
            st.lists(st.sampled_from(CELLS), min_size=max(0, width - 1), max_size=width + 1).filter(
                lambda r: any(c.strip() for c in r)
            ),
            min_size=1,
            max_size=12,
        )
    )
    blanks = draw(st.lists(st.integers(0, len(rows)), max_size=2))
    return schema, labels, rows, blanks


def write(path: Path, labels: list[str], rows: list[list[str]], blanks: list[int]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=",", lineterminator="\n")
        writer.writerow(labels)
        for index, row in enumerate(rows):
            if index in blanks:
                handle.write("\n")
            writer.writerow(row)


def header_is_first_row(path: Path) -> bool:
    """Leave out the two sniffing guesses we deliberately do not make (docs/validation.md).

    frictionless-py guesses the header row (the first whose width is near the average one) and
    whether spaces after a delimiter are to be skipped; we read the first row as the header
    and every cell as written.
    """
    text = path.read_text(encoding="utf-8")
    try:  # frictionless-py then drops spaces after each delimiter; we keep cells as written
        if csv.Sniffer().sniff("".join(text.splitlines(True)[:100]), ",\t;|").skipinitialspace:
            return False
    except csv.Error:
        pass
    with path.open(encoding="utf-8", newline="") as handle:
        widths = [len(row) for row in csv.reader(handle)][:100]
    width = round(sum(widths) / len(widths))
    drift = max(round(width * 0.1), 1)
    return width - drift <= widths[0] <= width + drift


# Derandomised: the same 120 cases on every run, so that CI never fails on a case nobody saw
# locally; explore with `--hypothesis-seed=random` (and HYPOTHESIS_PROFILE) when changing the engine.
@settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(cases())
def test_same_errors_as_frictionless(
    case: tuple[dict[str, Any], list[str], list[list[str]], list[int]],
) -> None:
    schema, labels, rows, blanks = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.csv"
        write(path, labels, rows, blanks)
        assume(header_is_first_row(path))
        expected = oracle(path, schema)
        assert ours(validate(path, schema, limits=UNLIMITED)) == expected


def test_nan_is_never_a_duplicate(tmp_path: Path) -> None:
    """Found by random exploration: frictionless-py compares Decimals, and NaN equals nothing."""
    schema = {
        "fields": [
            {"name": "a", "type": "number", "constraints": {"unique": True}},
            {"name": "b", "type": "number"},
        ],
        "primaryKey": ["b"],
    }
    path = tmp_path / "nan.csv"
    path.write_text("a,b\nNaN,NaN\nNaN,NaN\n1,1\n1,1\n", encoding="utf-8")
    expected = oracle(path, schema)
    assert ours(validate(path, schema, limits=UNLIMITED)) == expected
    assert {kind for _row, _field, kind in expected} == {"unique-error", "primary-key"}
