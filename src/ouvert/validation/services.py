"""Validating versions and files against the schemas of the registry."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction

from ouvert.accounts import permissions
from ouvert.accounts.permissions import Action, AnyUser
from ouvert.catalog import services as catalog_services
from ouvert.catalog.models import ResourceVersion, Schema
from ouvert.engine.validation import Report, SchemaError, validate
from ouvert.engine.validation.repairs import repair
from ouvert.engine.validation.summary import summarise
from ouvert.publishing.reading import original_file, scratch
from ouvert.validation.files import NotValidatable, as_csv
from ouvert.validation.models import Validation


def validate_file(path: Path, filename: str, schema: Any) -> Report:
    """The report of one file (CSV or spreadsheet) against a schema: a catalogue Schema, a
    registry reference, a descriptor or a path. `NotValidatable` or `SchemaError` otherwise."""
    descriptor = schema.descriptor if isinstance(schema, Schema) else schema
    with tempfile.TemporaryDirectory(dir=scratch()) as folder:
        source = as_csv(path, filename, Path(folder))
        return validate(source, descriptor, name=Path(filename).stem)


def _repairs(path: Path, filename: str, schema: Schema) -> dict[str, Any]:
    """What the automatic corrections would change (nothing is written)."""
    with tempfile.TemporaryDirectory(dir=scratch()) as folder:
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


def apply_repairs(actor: AnyUser, version: ResourceVersion) -> ResourceVersion:
    """The automatic corrections of a non-conforming version, as a new version saying where it
    comes from (processed and validated again like any other)."""
    permissions.require(actor, Action.EDIT_DATASET, version.resource.dataset.organisation)
    validation = Validation.objects.filter(version=version).select_related("schema").first()
    if validation is None or validation.valid or not validation.repairs.get("repairs"):
        raise DjangoValidationError("Cette version n'a pas de correction automatique à appliquer.")
    stem = (version.filename or "donnees").rsplit(".", 1)[0]
    with (
        tempfile.TemporaryDirectory(dir=scratch()) as folder,
        original_file(version, Path(folder)) as original,
    ):
        source = as_csv(original, version.filename or "fichier.csv", Path(folder))
        target = Path(folder) / "corrige.csv"
        result = repair(source, validation.schema.descriptor, target)
        kinds = sorted({r.kind for r in result.repairs})
        provenance = (
            f"Version {version.number} corrigée automatiquement pour le schéma "
            f"{validation.schema.reference} : {result.cells_changed} cellule(s) "
            f"({', '.join(kinds)})."
        )
        with target.open("rb") as handle:
            return catalog_services.add_version(
                actor, version.resource, handle, f"{stem}-corrige.csv", provenance=provenance
            )
