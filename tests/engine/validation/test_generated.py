"""Parity on files from ../shared/bench/gen_subventions.py, and its ground truth of injected errors.

The files are kept in generated/ (see its README) so that a fresh clone runs these tests; when
the generator is there, they are checked to be still what it writes."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ouvert.engine.identifiers import luhn_is_valid
from ouvert.engine.validation import Limits, load_schema, validate

from .oracle import oracle, ours

GENERATOR = Path(__file__).resolve().parents[3].parent / "shared" / "bench" / "gen_subventions.py"
GENERATED = Path(__file__).resolve().parent / "generated"
UNLIMITED = Limits(errors_per_type=10**9)
FILES = {
    ((), 1500): "plain.csv",
    (("--french",), 1500): "french.csv",
    (("--encoding", "cp1252"), 1500): "cp1252.csv",
    (("--french", "--encoding", "cp1252", "--seed", "7"), 1500): "french-cp1252.csv",
    (("--french",), 200): "french-200.csv",
}


def generate(tmp_path: Path, *options: str, rows: int = 1500) -> Path:
    """The generator's file for these options (a kept copy), with its ground truth beside it."""
    name = FILES[(options, rows)]
    out = tmp_path / "subventions.csv"
    shutil.copy(GENERATED / name, out)
    shutil.copy(GENERATED / f"{name}.errors.csv", Path(f"{out}.errors.csv"))
    return out


@pytest.mark.skipif(not GENERATOR.exists(), reason="gen_subventions.py absent: the copies serve")
@pytest.mark.parametrize(("options", "rows"), sorted(FILES), ids=sorted(FILES.values()))
def test_the_kept_files_are_the_generators(
    tmp_path: Path, options: tuple[str, ...], rows: int
) -> None:
    out = tmp_path / "fresh.csv"
    subprocess.run(
        [sys.executable, str(GENERATOR), str(rows), str(out), "--error-rate", "0.05", *options],
        check=True,
        capture_output=True,
    )
    name = FILES[(options, rows)]
    assert out.read_bytes() == (GENERATED / name).read_bytes()


def stdnum_siret(value: str) -> bool:
    """python-stdnum's reading, written independently of the SQL."""
    value = value.replace(" ", "").replace(".", "")
    if len(value) != 14 or not value.isdigit():
        return False
    if value.startswith("356000000") and value != "35600000000048":
        return sum(int(c) for c in value) % 5 == 0
    return luhn_is_valid(value) and luhn_is_valid(value[:9])


@pytest.mark.parametrize(
    "options",
    [
        (),
        ("--french",),
        ("--encoding", "cp1252"),
        ("--french", "--encoding", "cp1252", "--seed", "7"),
    ],
    ids=["plain", "french", "cp1252", "french-cp1252"],
)
def test_generated_file_same_errors_as_frictionless(
    tmp_path: Path, options: tuple[str, ...]
) -> None:
    path = generate(tmp_path, *options)
    schema = load_schema("scdl/subventions@2.1.1")
    report = validate(path, schema, limits=UNLIMITED)
    assert ours(report) == oracle(path, schema.descriptor)
    assert report.rows == 1500
    assert report.delimiter == ";"
    assert report.encoding == ("cp1252" if "cp1252" in options else "utf-8")


def test_ground_truth_and_custom_checks(tmp_path: Path) -> None:
    path = generate(tmp_path)
    report = validate(path, "scdl/subventions@2.1.1", limits=UNLIMITED)
    with Path(str(path) + ".errors.csv").open(encoding="utf-8") as handle:
        truth = {(int(row["row"]) + 1, row["field"], row["kind"]) for row in csv.DictReader(handle)}
    found = {
        (e.row_number, e.field_name, e.constraint)
        for e in report.errors
        if e.type == "constraint-error"
    }
    assert truth and found == truth
    assert not [e for e in report.errors if e.type == "type-error"]
    # french-siret-value: exactly the SIRETs python-stdnum rejects
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    expected = {
        (number, column)
        for number, row in enumerate(rows, start=2)
        for column in ("idAttribuant", "idBeneficiaire")
        if row[column] and not stdnum_siret(row[column])
    }
    siret = {(e.row_number, e.field_name) for e in report.errors if e.type == "french-siret-value"}
    assert siret == expected
    one_of = {e.row_number for e in report.errors if e.type == "one-of-required"}
    assert one_of == {
        n
        for n, row in enumerate(rows, start=2)
        if not row["idBeneficiaire"] and not row["rnaBeneficiaire"]
    }


def test_french_numbers_are_type_errors(tmp_path: Path) -> None:
    path = generate(tmp_path, "--french", rows=200)
    report = validate(path, "subventions")
    fields = {e.field_name for e in report.errors if e.type == "type-error"}
    assert fields == {"montant", "pourcentageSubvention"}
    assert report.error_counts["type-error"] >= 200
