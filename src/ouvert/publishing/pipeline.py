"""The processing of one version, from stored original to online, in one straight line: the
steps below run in order over one reading of the file; each may refuse the file (failed, with a
French reason) or hold it back (a doubtful reading, personal data). A failure or a hold leaves
the previous version serving; only a ready version goes online."""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ouvert.catalog import services as catalog_services
from ouvert.catalog.models import ResourceVersion
from ouvert.catalog.storage import scratch_folder
from ouvert.publishing import conformity, guard, reading, workers
from ouvert.publishing.work import Held, Progress, Refused, Step, Work

logger = logging.getLogger(__name__)

__all__ = ["STEPS", "Held", "Progress", "Refused", "process"]

# Every version goes through these steps, in this order. The reading is the only one that opens
# the file as a table: the steps after it consume what it produced.
STEPS: tuple[Step, ...] | list[Step] = (
    # the file into its typed table and text view, or refused with the reason
    reading.read_version,
    # a reading that may be wrong (one column where lines have several separators…) holds the
    # version with the reason, until a person checks the reading settings
    reading.judge_reading,
    # the declared schema, on the text view: a version held back still says if it conforms
    conformity.validate_version,
    # personal data, on the table: suspected columns hold the version
    guard.scan_version,
)


def process(version_id: int) -> ResourceVersion | None:
    """Process a received version once; a version already claimed by another worker is skipped."""
    claimed = ResourceVersion.objects.filter(
        pk=version_id, status=ResourceVersion.Status.RECEIVED
    ).update(
        status=ResourceVersion.Status.PROCESSING,
        progress=0,
        heartbeat_at=timezone.now(),
        attempts=F("attempts") + 1,
        worker=workers.current_id(),  # a dead worker's versions are recovered (workers.py)
    )
    if not claimed:
        return None
    version = ResourceVersion.objects.select_related("resource__dataset").get(pk=version_id)
    status, message = ResourceVersion.Status.READY, ""
    try:
        with tempfile.TemporaryDirectory(
            dir=scratch_folder(), prefix=f"version-{version_id}-"
        ) as folder:
            work = Work(version, Progress(version_id), Path(folder))
            for step in STEPS:
                started = time.perf_counter()
                try:
                    step(work)
                finally:
                    logger.info(
                        "step %s of version %s: %.2f s",
                        getattr(step, "__name__", step),
                        version_id,
                        time.perf_counter() - started,
                    )
    except Refused as refusal:
        status, message = ResourceVersion.Status.FAILED, str(refusal)
    except Held as hold:
        status, message = ResourceVersion.Status.HELD, str(hold)
    except Exception:
        logger.exception("processing of version %s failed", version_id)
        status = ResourceVersion.Status.FAILED
        message = (
            "Une erreur inattendue a interrompu le traitement du fichier. La version précédente "
            "reste en ligne ; l'équipe de la plateforme peut consulter le journal."
        )
    with transaction.atomic():
        finished = ResourceVersion.objects.filter(
            pk=version_id, status=ResourceVersion.Status.PROCESSING, worker=workers.current_id()
        ).update(
            status=status,
            status_message=message,
            progress=100,
            processed_at=timezone.now(),
            worker="",
        )
        if not finished:  # taken back meanwhile by workers.recover: this processing is void
            return None
        version.refresh_from_db()
        if status == ResourceVersion.Status.READY:
            catalog_services.activate_version(version)
    return version
