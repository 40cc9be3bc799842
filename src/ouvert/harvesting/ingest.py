"""Optional ingestion of harvested CSV resources: the remote file is downloaded through the
outbound client into a new version of the resource, which the processing pipeline reads into a
table, so that it gets the tabular API like an uploaded file."""

from __future__ import annotations

import hashlib
import tempfile
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError

from ouvert.accounts.permissions import AnyUser
from ouvert.catalog.models import Resource
from ouvert.harvesting.outbound import OutboundClient, OutboundError
from ouvert.publishing import services as publishing

if TYPE_CHECKING:
    from ouvert.harvesting.services import Report


def ingest_csv_resources(
    actor: AnyUser, client: OutboundClient, resources: list[Resource], report: Report
) -> None:
    """Download each CSV resource into a new version of it, unless its bytes are those of the
    version online; a failure is reported, not raised."""
    for resource in resources:
        if resource.format.upper() != "CSV" or not resource.url:
            continue
        filename = resource.url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or "donnees"
        if not filename.lower().endswith(".csv"):
            filename += ".csv"
        try:
            with tempfile.TemporaryFile(prefix="ouvert-harvest-") as spool:
                client.download(resource.url, spool, settings.OUVERT_MAX_UPLOAD_SIZE)
                spool.seek(0)
                digest = hashlib.file_digest(spool, "sha256").hexdigest()
                current = resource.current_version
                if current is not None and current.sha256 == digest:
                    continue
                spool.seek(0)
                publishing.upload_version(actor, resource, spool, filename)
        except (OutboundError, ValidationError) as error:
            reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            report.items.append(
                {
                    "outcome": "failed",
                    "remote_id": resource.url,
                    "title": resource.title,
                    "reason": f"Fichier CSV non importé : {reason}",
                    "dataset": resource.dataset.slug,
                }
            )
