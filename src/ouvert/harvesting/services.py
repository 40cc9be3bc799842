"""Writes of the harvesting app: adding a source and running it.

A run reads the remote catalogue through its backend and writes every change through
`ouvert.catalog.services`, like a person would: create, update, publish, archive. It is
idempotent: a remote dataset is found again by its source and identifier (or its URI when its
identifier changed), an unchanged one (same hash of the mapped fields) is not touched, and one
gone from the source is archived, never deleted. When the catalogue itself cannot be read
(refused address, hostile or oversized document, broken paging), the run fails with the reason
and changes nothing: a half-read catalogue must not archive the other half.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ouvert.accounts import permissions
from ouvert.accounts.permissions import Action, AnyUser
from ouvert.catalog import services as catalog
from ouvert.catalog.models import Dataset, Resource
from ouvert.catalog.vocabularies import licences
from ouvert.harvesting.backends import Query, get_backend
from ouvert.harvesting.documents import DocumentError
from ouvert.harvesting.models import HarvestedDataset, HarvestRun, HarvestSource
from ouvert.harvesting.outbound import OutboundClient, OutboundError
from ouvert.harvesting.remote import RemoteDataset, RemoteFailure
from ouvert.territory.models import Organisation, Territory

logger = logging.getLogger(__name__)

LICENCE_REASON = "Licence choisie par le producteur, reprise telle quelle du portail moissonné."
MAX_REPORT_ITEMS = 5000


def _codes(values: list[str] | tuple[str, ...] | str) -> list[str]:
    if isinstance(values, str):
        values = values.split(",")
    return sorted({value.strip() for value in values if value and value.strip()})


def create_source(
    actor: AnyUser,
    organisation: Organisation,
    *,
    url: str,
    protocol: str,
    name: str = "",
    insee_codes: list[str] | tuple[str, ...] | str = (),
    keywords: list[str] | tuple[str, ...] | str = (),
    remote_organisation: str = "",
    schedule: str = HarvestSource.Schedule.MANUAL,
    ingest_csv: bool = False,
) -> HarvestSource:
    """A new harvest source for the organisation (its admins, or a platform admin)."""
    permissions.require(actor, Action.MANAGE_HARVEST, organisation)
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        raise ValidationError({"url": "L'adresse doit commencer par http:// ou https://."})
    source = HarvestSource(
        name=(catalog.clean_text(name, 200) or url.split("://", 1)[-1].split("/", 1)[0])[:200],
        url=url,
        protocol=protocol,
        organisation=organisation,
        insee_codes=_codes(insee_codes),
        keywords=_codes(keywords),
        remote_organisation=catalog.clean_text(remote_organisation, 200),
        schedule=schedule,
        ingest_csv=ingest_csv,
        created_by=actor if actor.is_authenticated else None,
    )
    source.full_clean()
    source.save()
    return source


def set_source_active(actor: AnyUser, source: HarvestSource, is_active: bool) -> HarvestSource:
    """Pause or resume a source's scheduled runs."""
    permissions.require(actor, Action.MANAGE_HARVEST, source.organisation)
    source.is_active = is_active
    source.save(update_fields=["is_active"])
    return source


@dataclass
class Report:
    """What a run did, counted and itemised, before it is saved on the HarvestRun."""

    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            ("created", "updated", "unchanged", "archived", "failed", "skipped"), 0
        )
    )
    items: list[dict[str, str]] = field(default_factory=list)

    def add(
        self, outcome: str, remote_id: str, title: str, reason: str = "", slug: str = ""
    ) -> None:
        self.counts[outcome] += 1
        if len(self.items) < MAX_REPORT_ITEMS and outcome != "skipped":
            self.items.append(
                {
                    "outcome": outcome,
                    "remote_id": remote_id,
                    "title": title,
                    "reason": reason,
                    "dataset": slug,
                }
            )


def _matches_filters(source: HarvestSource, remote: RemoteDataset) -> bool:
    if source.keywords:
        wanted = {keyword.lower() for keyword in source.keywords}
        if not wanted & {keyword.lower() for keyword in remote.keywords}:
            return False
    if source.insee_codes and not set(source.insee_codes) & set(remote.insee_codes):
        return False
    if source.remote_organisation:
        wanted_org = source.remote_organisation.strip().lower()
        if wanted_org not in {remote.publisher.lower(), remote.publisher_id.lower()}:
            return False
    return True


def _territories(codes: tuple[str, ...]) -> list[Territory]:
    """The referential's entries for INSEE codes: 5 characters a commune, 9 an EPCI, 2 or 3 a
    département (a région only when no département has the code)."""
    found = []
    for code in codes:
        if len(code) == 5:
            kinds = [Territory.Kind.COMMUNE, Territory.Kind.COMMUNE_DELEGUEE]
        elif len(code) == 9:
            kinds = [Territory.Kind.EPCI]
        else:
            kinds = [Territory.Kind.DEPARTEMENT, Territory.Kind.REGION]
        for kind in kinds:
            territory = Territory.objects.filter(kind=kind, code=code).first()
            if territory is not None:
                found.append(territory)
                break
    return found


def _dataset_fields(remote: RemoteDataset) -> dict[str, Any]:
    licence = remote.licence or "notspecified"
    needs_reason = licences.LICENCES[licence].needs_reason
    start, end = remote.temporal_start, remote.temporal_end
    if start and end and end < start:
        start, end = end, start
    return {
        "title": remote.title,
        "description": remote.description,
        "licence": licence,
        "licence_reason": LICENCE_REASON if needs_reason else "",
        "frequency": remote.frequency or "UNKNOWN",
        "temporal_start": start,
        "temporal_end": end,
        "hvd_categories": list(remote.hvd_categories),
    }


def _sync_resources(actor: AnyUser, dataset: Dataset, remote: RemoteDataset) -> list[Resource]:
    """The dataset's resources made to match the remote ones, matched by URL; returns them all
    (for CSV ingestion)."""
    existing = {resource.url: resource for resource in dataset.resources.all()}
    # Only web links can be kept (an ftp:// file or an over-long URL is left out).
    wanted = {
        resource.url: resource
        for resource in remote.resources
        if resource.url.lower().startswith(("http://", "https://")) and len(resource.url) <= 2000
    }
    added = []
    for url, resource in existing.items():
        if url not in wanted:
            catalog.remove_resource(actor, resource)
    for url, item in wanted.items():
        current = existing.get(url)
        if current is None:
            added.append(
                catalog.add_resource(
                    actor,
                    dataset,
                    title=item.title,
                    description=item.description,
                    url=url,
                    format=item.format,
                )
            )
        else:
            if (current.title, current.description) != (item.title, item.description):
                catalog.update_resource_link(
                    actor,
                    current,
                    title=item.title,
                    description=item.description,
                    format=item.format,
                )
            added.append(current)
    return added


def _publish_if_possible(actor: AnyUser, dataset: Dataset) -> str:
    try:
        catalog.publish_dataset(actor, dataset)
    except ValidationError as error:
        return "Laissé en brouillon : " + " ".join(error.messages)
    return ""


def _find_record(source: HarvestSource, remote: RemoteDataset) -> HarvestedDataset | None:
    records = HarvestedDataset.objects.select_related("dataset").filter(source=source)
    record = records.filter(remote_id=remote.remote_id).first()
    if record is None and remote.uri:
        # The remote identifier changed but not the IRI: the same dataset (data.gouv.fr#680).
        record = records.filter(remote_uri=remote.uri).first()
    return record


def _harvest_one(
    actor: AnyUser, source: HarvestSource, remote: RemoteDataset, report: Report
) -> list[Resource]:
    """Create, update or leave one remote dataset; returns resources to ingest."""
    now = timezone.now()
    fingerprint = remote.fingerprint()
    record = _find_record(source, remote)
    fields = _dataset_fields(remote)
    territories = _territories(remote.insee_codes)
    if record is None:
        dataset = catalog.create_dataset(
            actor,
            source.organisation,
            keywords=remote.keywords,
            themes=remote.themes,
            spatial=territories,
            **fields,
        )
        added = _sync_resources(actor, dataset, remote)
        note = _publish_if_possible(actor, dataset)
        HarvestedDataset.objects.create(
            source=source,
            remote_id=remote.remote_id,
            remote_uri=remote.uri[:2000],
            remote_url=remote.remote_url[:2000],
            dataset=dataset,
            content_hash=fingerprint,
            remote_modified=remote.modified[:40],
            harvested_at=now,
        )
        report.add("created", remote.remote_id, remote.title, note, dataset.slug)
        return added
    dataset = record.dataset
    # Only an archived dataset (gone, now back) is republished: a draft stays a draft (it could
    # not be published, or someone here unpublished it).
    if record.content_hash == fingerprint and dataset.status != Dataset.Status.ARCHIVED:
        report.add("unchanged", remote.remote_id, remote.title, "", dataset.slug)
        return []
    if record.content_hash != fingerprint:
        catalog.update_dataset(
            actor,
            dataset,
            keywords=remote.keywords,
            themes=remote.themes,
            spatial=territories,
            **fields,
        )
        added = _sync_resources(actor, dataset, remote)
    else:
        added = []
    note = ""
    if dataset.status == Dataset.Status.ARCHIVED:
        note = _publish_if_possible(actor, dataset) or "De nouveau présent à la source : republié."
    HarvestedDataset.objects.filter(pk=record.pk).update(
        remote_id=remote.remote_id,
        remote_uri=remote.uri[:2000],
        remote_url=remote.remote_url[:2000],
        content_hash=fingerprint,
        remote_modified=remote.modified[:40],
        harvested_at=now,
    )
    report.add("updated", remote.remote_id, remote.title, note, dataset.slug)
    return added


def _archive_gone(actor: AnyUser, source: HarvestSource, seen: set[int], report: Report) -> None:
    gone = (
        HarvestedDataset.objects.filter(source=source)
        .exclude(pk__in=seen)
        .exclude(dataset__status=Dataset.Status.ARCHIVED)
        .select_related("dataset")
    )
    for record in gone:
        try:
            with transaction.atomic():
                catalog.archive_dataset(actor, record.dataset)
        except (ValidationError, PermissionDenied) as error:
            report.add("failed", record.remote_id, record.dataset.title, _reason(error))
            continue
        report.add(
            "archived",
            record.remote_id,
            record.dataset.title,
            "Absent de la source : archivé.",
            record.dataset.slug,
        )


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)[:500]
    return str(error)[:500] or error.__class__.__name__


def run_source(actor: AnyUser, source: HarvestSource) -> HarvestRun:
    """Harvest the source now; returns the finished run with its report."""
    permissions.require(actor, Action.MANAGE_HARVEST, source.organisation)
    run = HarvestRun.objects.create(source=source)
    report = Report()
    seen_records: set[int] = set()
    seen_ids: set[str] = set()
    to_ingest: list[Resource] = []
    query = Query(
        url=source.url,
        keywords=tuple(source.keywords),
        insee_codes=tuple(source.insee_codes),
        remote_organisation=source.remote_organisation,
    )
    error = ""
    try:
        with OutboundClient() as client:
            for remote in get_backend(source.protocol).datasets(query, client):
                if isinstance(remote, RemoteFailure):
                    report.add("failed", remote.remote_id, remote.title, remote.reason)
                    continue
                if not _matches_filters(source, remote):
                    report.add("skipped", remote.remote_id, remote.title)
                    continue
                if remote.remote_id in seen_ids:
                    report.add(
                        "failed",
                        remote.remote_id,
                        remote.title,
                        f"Identifiant « {remote.remote_id} » déjà rencontré dans ce moissonnage.",
                    )
                    continue
                seen_ids.add(remote.remote_id)
                try:
                    with transaction.atomic():
                        to_ingest += _harvest_one(actor, source, remote, report)
                except (ValidationError, PermissionDenied, ValueError) as failure:
                    report.add("failed", remote.remote_id, remote.title, _reason(failure))
                record_id = (
                    HarvestedDataset.objects.filter(source=source, remote_id=remote.remote_id)
                    .values_list("pk", flat=True)
                    .first()
                )
                if record_id is not None:
                    seen_records.add(record_id)
            _archive_gone(actor, source, seen_records, report)
            if source.ingest_csv and to_ingest:
                from ouvert.harvesting.ingest import ingest_csv_resources

                ingest_csv_resources(actor, client, to_ingest, report)
    except (OutboundError, DocumentError) as failure:
        error = str(failure)
    except PermissionDenied as failure:
        error = str(failure)
    except Exception as failure:  # a run must end with a report, whatever happened
        logger.exception("harvest run %s failed", run.pk)
        error = f"Erreur inattendue : {failure.__class__.__name__}: {str(failure)[:300]}"
    run.finished_at = timezone.now()
    run.items = report.items
    for name, value in report.counts.items():
        setattr(run, name, value)
    if error:
        run.status = HarvestRun.Status.FAILED
        run.error = f"Moissonnage interrompu, rien n'a été archivé : {error}"
    elif report.counts["failed"]:
        run.status = HarvestRun.Status.PARTIAL
    else:
        run.status = HarvestRun.Status.DONE
    run.save()
    return run
