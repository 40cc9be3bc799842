"""Parity with frictionless-py on every example CSV of the national schemas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ouvert.engine.validation import Limits, validate

from .oracle import oracle, ours

REFERENCE = Path(__file__).resolve().parent / "reference"  # copy of shared/reference/schemas
EXAMPLES = sorted(REFERENCE.glob("**/*.csv")) if REFERENCE.exists() else []
UNLIMITED = Limits(errors_per_type=10**9)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: str(p.relative_to(REFERENCE)))
def test_example_same_errors_as_frictionless(example: Path) -> None:
    schema_path = example.parent / "schema.json"
    descriptor = json.loads(schema_path.read_text(encoding="utf-8"))
    report = validate(example, descriptor, limits=UNLIMITED)
    assert ours(report) == oracle(example, descriptor)
    assert report.rows > 0


def test_example_valid_and_invalid_verdicts() -> None:
    for example in EXAMPLES:
        descriptor = json.loads((example.parent / "schema.json").read_text(encoding="utf-8"))
        report = validate(example, descriptor)
        frictionless_errors = oracle(example, descriptor)
        if "invalide" in example.name:
            assert frictionless_errors and not report.valid
        elif not frictionless_errors:
            # our report may only add Validata custom-check errors
            assert {e.type for e in report.errors} <= {
                "french-siret-value",
                "french-siren-value",
                "one-of-required",
            }
