"""`validate_table`: a table another reader already read (the ingestion's text view) validated
with the same checks and the same row numbers as the file itself (`validate`, whose parity with
frictionless-py the other tests check)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from ouvert.engine.validation import Limits, TableCells, validate, validate_table
from ouvert.engine.validation.reading import prepare

REFERENCE = Path(__file__).resolve().parent / "reference"
GENERATED = Path(__file__).resolve().parent / "generated"
EXAMPLES = sorted(REFERENCE.glob("**/*.csv")) if REFERENCE.exists() else []
UNLIMITED = Limits(errors_per_type=10**9)
NEVER = "\x01never\x01"


def text_view(source: Path, target: Path, *, skip: int = 0, width: int = 64) -> Path:
    """Every record from the header on as text, '' when empty, NULL when absent: what the
    ingestion's text view holds (read here by DuckDB alone, as the test's own reader)."""
    prepared = prepare(source)
    columns = "{" + ", ".join(f"'k{i}': 'VARCHAR'" for i in range(1, width + 1)) + "}"
    path = str(prepared.path).replace("'", "''")
    delimiter = prepared.delimiter.replace("'", "''")
    con = duckdb.connect()
    widest = con.execute(
        f"select max(greatest({', '.join(f'(k{i} IS NOT NULL)::INT * {i}' for i in range(1, width + 1))})) "
        f"from read_csv('{path}', header=false, auto_detect=false, skip={skip}, "
        f"delim='{delimiter}', quote='\"', escape='\"', columns={columns}, null_padding=true, "
        f"strict_mode=false, parallel=false, nullstr='{NEVER}')"
    ).fetchall()[0][0]
    selected = ", ".join(f'k{i} AS "colonne {i}"' for i in range(1, widest + 1))
    con.execute(
        f"copy (select {selected} from read_csv('{path}', header=false, auto_detect=false, "
        f"skip={skip}, delim='{delimiter}', quote='\"', escape='\"', columns={columns}, "
        f"null_padding=true, strict_mode=false, parallel=false, nullstr='{NEVER}')) "
        f"to '{target}' (format parquet)"
    )
    prepared.cleanup()
    return target


def errors(report) -> list[list]:
    return sorted(report.flatten(("rowNumber", "fieldName", "type")), key=str)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: str(p.relative_to(REFERENCE)))
def test_the_text_view_gives_the_file_s_report(example: Path, tmp_path: Path) -> None:
    descriptor = json.loads((example.parent / "schema.json").read_text(encoding="utf-8"))
    cells = TableCells(text_view(example, tmp_path / "texte.parquet"))
    table = validate_table(cells, descriptor, limits=UNLIMITED, place=example.name, size=12)
    direct = validate(example, descriptor, limits=UNLIMITED)
    assert errors(table) == errors(direct)
    assert (table.rows, table.labels, table.valid) == (direct.rows, direct.labels, direct.valid)
    assert (table.place, table.bytes) == (example.name, 12)


def test_rows_keep_the_file_s_numbers_below_titles_and_empty_lines(tmp_path: Path) -> None:
    descriptor = "scdl/subventions@2.1.1"
    original = (GENERATED / "french-200.csv").read_text(encoding="utf-8").splitlines()
    # two title lines above the header, an empty line after the tenth data row
    shaped = ["Subventions 2024", "Ville de Quimper", *original[:11], "", *original[11:]]
    path = tmp_path / "avec-titres.csv"
    path.write_text("\n".join(shaped) + "\n", encoding="utf-8")
    cells = TableCells(
        text_view(path, tmp_path / "texte.parquet", skip=2), first_row=3, empty_rows=(14,)
    )
    table = validate_table(cells, descriptor, limits=UNLIMITED)
    direct = validate(GENERATED / "french-200.csv", descriptor, limits=UNLIMITED)

    def moved(row: int | None) -> int | None:
        return None if row is None else row + 2 + (row >= 12)

    expected = sorted(
        [[moved(row), field, kind] for row, field, kind in errors(direct)]
        + [[14, None, "blank-row"]],
        key=str,
    )
    assert errors(table) == expected
    assert table.rows == direct.rows + 1
