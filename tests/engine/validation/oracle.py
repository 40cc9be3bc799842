"""frictionless-py as the test oracle: the (rowNumber, fieldName, type) set it reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import frictionless

from ouvert.engine.validation import Report

FRICTIONLESS_TYPES = {
    "type-error",
    "constraint-error",
    "missing-label",
    "extra-label",
    "incorrect-label",
    "duplicate-label",
    "blank-label",
    "blank-header",
    "blank-row",
    "primary-key",
    "unique-error",
    "missing-cell",
    "extra-cell",
}


def oracle(path: str | Path, schema: dict[str, Any] | str | Path) -> set[tuple[Any, Any, str]]:
    """Errors frictionless-py reports, custom checks excluded (it does not know them)."""
    with frictionless.system.use_context(trusted=True):
        if isinstance(schema, dict):
            descriptor = {k: v for k, v in schema.items() if k != "custom_checks"}
            schema_obj = frictionless.Schema.from_descriptor(descriptor)
        else:
            schema_obj = frictionless.Schema(str(schema))
        resource = frictionless.Resource(path=str(path), schema=schema_obj)
        report = frictionless.validate(resource, limit_errors=10**9)
    task = report.tasks[0]
    return {
        (e.get("rowNumber"), e.get("fieldName") or None, e["type"])
        for e in (err.to_dict() for err in task.errors)
    }


def ours(report: Report) -> set[tuple[Any, Any, str]]:
    """Our errors in the same shape, limited to the types frictionless-py knows."""
    return {
        (d.get("rowNumber"), d.get("fieldName") or None, d["type"])
        for d in (e.to_dict() for e in report.errors)
        if d["type"] in FRICTIONLESS_TYPES
    }
