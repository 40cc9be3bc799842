"""Validating versions and files against the schemas of the registry."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.db import transaction

from ouvert.catalog.models import ResourceVersion, Schema
from ouvert.catalog.storage import scratch_folder
from ouvert.engine.validation import Report, SchemaError, validate
from ouvert.engine.validation.repairs import repair
from ouvert.engine.validation.summary import summarise
from ouvert.engine.validation.workbook import NotValidatable, as_csv
from ouvert.validation.models import Validation


def validate_file(path: Path, filename: str, schema: Any) -> Report:
    """The report of one file (CSV or spreadsheet) against a schema: a catalogue Schema, a
    registry reference, a descriptor or a path. `NotValidatable` or `SchemaError` otherwise."""
    descriptor = schema.descriptor if isinstance(schema, Schema) else schema
    with tempfile.TemporaryDirectory(dir=scratch_folder()) as folder:
        source = as_csv(path, filename, Path(folder))
        return validate(source, descriptor, name=Path(filename).stem)


def _repairs(path: Path, filename: str, schema: Schema) -> dict[str, Any]:
    """What the automatic corrections would change (nothing is written)."""
    with tempfile.TemporaryDirectory(dir=scratch_folder()) as folder:
        source = as_csv(path, filename, Path(folder))
        try:
            result = repair(source, schema.descriptor)
        except (SchemaError, ValueError, OSError):
            return {}
    return result.to_dict() if hasattr(result, "to_dict") else {}


def record(version: ResourceVersion, schema: Schema, path: Path) -> Validation | None:
    """Validates a version's original and keeps the report."""
    filename = version.filename or "fichier.csv"
    try:
        report = validate_file(path, filename, schema)
    except (NotValidatable, SchemaError):
        return None
    repairs = _repairs(path, filename, schema) if not report.valid else {}
    with transaction.atomic():
        validation, _ = Validation.objects.update_or_create(
            version=version,
            defaults={
                "schema": schema,
                "valid": report.valid,
                "error_count": report.error_count,
                "report": report.to_dict(),
                "summary": [group.to_dict() for group in summarise(report)],
                "repairs": repairs,
            },
        )
    return validation
