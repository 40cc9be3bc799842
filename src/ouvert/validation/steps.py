"""The pipeline step: a version of a resource with a declared schema is validated against it."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ouvert.catalog.models import ResourceVersion
from ouvert.publishing.pipeline import Progress
from ouvert.publishing.reading import original_file, scratch
from ouvert.validation import services


def validate_version(version: ResourceVersion, progress: Progress) -> None:
    resource = version.resource
    schema = resource.schema or resource.dataset.schema
    if schema is None or not schema.descriptor or not version.storage_path:
        return
    with (
        tempfile.TemporaryDirectory(dir=scratch()) as folder,
        original_file(version, Path(folder)) as source,
    ):
        services.record(version, schema, source)
    progress(85)
