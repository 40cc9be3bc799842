"""Scheduled harvesting (Django Tasks, run by `ouvert worker`).

`run_due_sources` is the periodic trigger: `ouvert harvest run --due`, called by cron (every
hour, say), queues `run_source` for every active source whose daily or weekly run is due; the
worker runs them. No broker, no second scheduler process.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from ouvert.harvesting.models import HarvestSource

INTERVALS: dict[str, timedelta] = {
    HarvestSource.Schedule.DAILY: timedelta(days=1),
    HarvestSource.Schedule.WEEKLY: timedelta(days=7),
}


@task()
def run_source(source_id: int, user_id: int | None = None) -> None:
    """Run one source, acting as the person who asked (a scheduled run: who added it)."""
    from ouvert.accounts.models import User
    from ouvert.harvesting.services import run_source as run

    source = HarvestSource.objects.select_related("organisation", "created_by").get(pk=source_id)
    if user_id is not None:
        run(User.objects.get(pk=user_id), source)
        return
    if source.created_by is None:
        from ouvert.harvesting.models import HarvestRun

        HarvestRun.objects.create(
            source=source,
            status=HarvestRun.Status.FAILED,
            finished_at=timezone.now(),
            error="Moissonnage programmé impossible : la personne qui a ajouté la source "
            "n'existe plus. Lancez-le depuis l'espace de moissonnage.",
        )
        return
    run(source.created_by, source)


def due_sources() -> list[HarvestSource]:
    """Active scheduled sources whose last run started longer ago than their interval."""
    now = timezone.now()
    due = []
    for source in HarvestSource.objects.filter(is_active=True).exclude(
        schedule=HarvestSource.Schedule.MANUAL
    ):
        last = source.runs.order_by("-started_at").values_list("started_at", flat=True).first()
        # A little slack, so that an hourly cron does not drift a run a day later.
        if last is None or now - last >= INTERVALS[source.schedule] - timedelta(minutes=30):
            due.append(source)
    return due


def queue_due_sources() -> list[HarvestSource]:
    """Queue a run of every due source; returns them."""
    sources = due_sources()
    for source in sources:
        run_source.enqueue(source.pk)
    return sources
