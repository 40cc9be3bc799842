"""Background tasks of the pipeline (Django Tasks; run by `ouvert worker`)."""

from __future__ import annotations

from django_tasks import task

from ouvert.publishing import pipeline


@task()
def process_version(version_id: int) -> None:
    """Process a newly uploaded version (see pipeline.py)."""
    pipeline.process(version_id)
