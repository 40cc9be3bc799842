"""The processing of one version, from stored original to online: steps run in order; each may
refuse the file (failed, with a French reason) or hold it back (personal data). A failure leaves
the previous version serving."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ouvert.catalog import services as catalog_services
from ouvert.catalog.models import ResourceVersion

logger = logging.getLogger(__name__)


class Refused(Exception):
    """The file cannot be published as it is; the message says why, in French."""


class Held(Exception):
    """The file may hold personal data: kept from the public until released or remedied."""


@dataclass
class Progress:
    """Reports how far processing went, at most once a second (each report is a write)."""

    version_id: int
    last: float = 0.0
    percent: int = 0
    notes: list[str] = field(default_factory=list)

    def __call__(self, percent: float) -> None:
        self.percent = max(self.percent, min(99, int(percent)))
        now = time.monotonic()
        if now - self.last >= 1.0:
            self.last = now
            ResourceVersion.objects.filter(pk=self.version_id).update(
                progress=self.percent, heartbeat_at=timezone.now()
            )


Step = Callable[[ResourceVersion, Progress], None]

# Filled by the capabilities that process files (reading into a table, the personal-data guard,
# schema validation), in the order they must run.
STEPS: list[Step] = []


def process(version_id: int) -> ResourceVersion | None:
    """Process a received version once; a version already claimed by another worker is skipped."""
    claimed = ResourceVersion.objects.filter(
        pk=version_id, status=ResourceVersion.Status.RECEIVED
    ).update(
        status=ResourceVersion.Status.PROCESSING,
        progress=0,
        heartbeat_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return None
    version = ResourceVersion.objects.select_related("resource__dataset").get(pk=version_id)
    progress = Progress(version_id)
    status, message = ResourceVersion.Status.READY, ""
    try:
        for step in STEPS:
            step(version, progress)
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
        ResourceVersion.objects.filter(pk=version_id).update(
            status=status,
            status_message=message,
            progress=100,
            processed_at=timezone.now(),
        )
        version.refresh_from_db()
        if status == ResourceVersion.Status.READY:
            catalog_services.activate_version(version)
    return version


# A version whose processing gave no sign of life for this long was interrupted (the worker
# stopped, the machine restarted); it is processed again, at most MAX_ATTEMPTS times in all.
SILENCE = timedelta(minutes=30)
MAX_ATTEMPTS = 3


def recover_interrupted(silence: timedelta = SILENCE) -> list[int]:
    """Requeues versions whose processing was interrupted; after MAX_ATTEMPTS, fails them with
    the reason. The previous version kept serving all along. Returns the requeued ids."""
    from ouvert.publishing.tasks import process_version

    stale = ResourceVersion.objects.filter(
        status=ResourceVersion.Status.PROCESSING, heartbeat_at__lt=timezone.now() - silence
    )
    requeued = []
    for version_id, attempts in stale.values_list("pk", "attempts"):
        if attempts >= MAX_ATTEMPTS:
            ResourceVersion.objects.filter(
                pk=version_id, status=ResourceVersion.Status.PROCESSING
            ).update(
                status=ResourceVersion.Status.FAILED,
                progress=100,
                processed_at=timezone.now(),
                status_message=(
                    f"Le traitement de ce fichier a été interrompu {attempts} fois (le serveur "
                    "s'est arrêté pendant la lecture, peut-être faute de mémoire). La version "
                    "précédente reste en ligne ; l'équipe de la plateforme peut consulter le "
                    "journal."
                ),
            )
            continue
        reset = ResourceVersion.objects.filter(
            pk=version_id, status=ResourceVersion.Status.PROCESSING
        ).update(status=ResourceVersion.Status.RECEIVED, progress=0)
        if reset:
            transaction.on_commit(functools.partial(process_version.enqueue, version_id))
            requeued.append(version_id)
    return requeued
