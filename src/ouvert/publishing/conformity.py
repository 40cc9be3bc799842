"""Conformity to the declared schema in the life of a version: the pipeline step validating
each version of a resource with a schema (ouvert.validation), and the automatic repairs of a
non-conforming version, applied as a new version."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError as DjangoValidationError

from ouvert.accounts import permissions
from ouvert.accounts.permissions import Action, AnyUser
from ouvert.catalog.models import ResourceVersion
from ouvert.catalog.storage import local_original, scratch_folder
from ouvert.engine.validation.repairs import repair
from ouvert.engine.validation.workbook import as_csv
from ouvert.publishing import services
from ouvert.publishing.work import Work
from ouvert.validation import services as validation_services
from ouvert.validation.models import Validation


def validate_version(work: Work) -> None:
    """The pipeline step: a version of a resource with a declared schema is validated."""
    version = work.version
    resource = version.resource
    schema = resource.schema or resource.dataset.schema
    if schema is None or not schema.descriptor or not version.storage_path:
        return
    with local_original(version.storage_path, work.folder) as source:
        validation_services.record(version, schema, source)
    work.progress(85)


def apply_repairs(actor: AnyUser, version: ResourceVersion) -> ResourceVersion:
    """The automatic corrections of a non-conforming version, as a new version saying where it
    comes from (processed and validated again like any other)."""
    permissions.require(actor, Action.EDIT_DATASET, version.resource.dataset.organisation)
    validation = Validation.objects.filter(version=version).select_related("schema").first()
    if validation is None or validation.valid or not validation.repairs.get("repairs"):
        raise DjangoValidationError("Cette version n'a pas de correction automatique à appliquer.")
    stem = (version.filename or "donnees").rsplit(".", 1)[0]
    with tempfile.TemporaryDirectory(dir=scratch_folder()) as folder:
        with local_original(version.storage_path, Path(folder)) as original:
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
            return services.upload_version(
                actor, version.resource, handle, f"{stem}-corrige.csv", provenance=provenance
            )
