"""Writes of `publishing`, which owns a version's life: a file received (stored by `catalog`)
is processed, here queued for the worker or run at once by the command line."""

from __future__ import annotations

from typing import IO

from django.db import transaction

from ouvert.accounts.permissions import AnyUser
from ouvert.catalog import services as catalog
from ouvert.catalog.models import Dataset, Resource, ResourceVersion


def upload_resource(
    actor: AnyUser,
    dataset: Dataset,
    upload: IO[bytes],
    filename: str,
    *,
    title: str = "",
    description: str = "",
    schema: str = "",
    now: bool = False,
) -> Resource:
    """A new resource from an uploaded file: its first version stored, then processed."""
    with transaction.atomic():
        resource = catalog.add_resource(
            actor,
            dataset,
            title=title,
            description=description,
            upload=upload,
            filename=filename,
            schema=schema,
        )
        version = resource.versions.get()
        if not now:
            _queue(version)
    if now:
        process_now(version)
    return resource


def upload_version(
    actor: AnyUser,
    resource: Resource,
    upload: IO[bytes],
    filename: str,
    *,
    provenance: str = "",
    now: bool = False,
) -> ResourceVersion:
    """A new version of a resource from an uploaded file: stored, then processed."""
    with transaction.atomic():
        version = catalog.add_version(actor, resource, upload, filename, provenance=provenance)
        if not now:
            _queue(version)
    if now:
        process_now(version)
    return version


def process_now(version: ResourceVersion) -> ResourceVersion:
    """Process a received version in this process (the command line is its own worker)."""
    from ouvert.publishing import pipeline

    pipeline.process(version.pk)
    version.refresh_from_db()
    return version


def _queue(version: ResourceVersion) -> None:
    # Queued in the same transaction as the version: the database task queue commits both or
    # neither, and a worker picks the task up once committed.
    from ouvert.publishing.tasks import process_version

    process_version.enqueue(version.pk)
