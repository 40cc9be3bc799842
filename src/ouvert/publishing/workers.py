"""Worker liveness: a processing interrupted by the death of its worker is found within a minute.

Each `ouvert worker` process registers a `Worker` row that a thread refreshes every few seconds,
whatever the step the process is running (a slow step is not a dead worker). A version being
processed records its worker; so does the django-tasks-db task row (`worker_ids`). Any worker, at
its start and then every few seconds, and the status page of a version being processed, look for
work held by a dead worker: the version is queued again (at most MAX_ATTEMPTS processings in
all, then failed with the reason), the orphan task row is marked failed, the dead worker's
scratch folder is removed. The previous version keeps serving all along.

django-tasks-db's `db_worker` claims a task by setting its row RUNNING and appending its worker
id; a process killed there leaves the row RUNNING for ever: nothing in the library reclaims it.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ouvert.catalog import storage
from ouvert.catalog.models import ResourceVersion
from ouvert.publishing.models import Worker

logger = logging.getLogger(__name__)

# Seconds between two signs of life of a worker.
BEAT = 5.0
# A worker of another machine is dead after this long without a sign of life: eight beats
# missed, more than a busy database delays one write (SQLite waits 20 s at most for its lock).
# On the same machine the process table answers at once.
STALE = timedelta(seconds=40)
# Seconds between two searches for dead workers by a live one: with STALE, a dead worker's work
# is queued again within a minute.
SWEEP = 10.0
# A version processed outside any registered worker (in a web process, or claimed before
# workers registered) is recovered after this long without a sign of its processing.
SILENCE = timedelta(minutes=30)
MAX_ATTEMPTS = 3
# Worker ids of ours; task rows claimed by another `db_worker` (no row here) are left alone.
PREFIX = "ouvert-"
PROCESS_VERSION_TASK = "ouvert.publishing.tasks.process_version"


@dataclass
class Recovery:
    """What one search for dead workers did."""

    requeued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    dead_workers: list[str] = field(default_factory=list)
    orphan_tasks: int = 0


@dataclass
class _Running:
    worker: Worker
    stop: threading.Event
    thread: threading.Thread | None


_running: _Running | None = None


def current_id() -> str:
    """This process's worker id, or "" outside `ouvert worker`."""
    return _running.worker.id if _running else ""


@functools.cache
def host_key() -> str:
    """This machine and its process namespace: where a pid means the same process."""
    try:
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        namespace = ""
    return f"{socket.gethostname()} {namespace}".strip()[:300]


def process_start(pid: int) -> int | None:
    """When the process started (clock ticks since boot, Linux), to tell a reused pid apart."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (OSError, ValueError):
        return None
    # Fields after the command name (which may hold spaces or parentheses): the 3rd field is
    # first, so the 22nd, starttime, is at index 19 (proc(5)).
    return int(stat.rsplit(")", 1)[1].split()[19])


def is_alive(worker: Worker, now: datetime) -> bool:
    """A worker of this machine is alive while its process is; another one while it beats."""
    if worker.host_key == host_key() and worker.process_start is not None:
        started = process_start(worker.pid)
        if started is not None:
            return started == worker.process_start
        try:
            os.kill(worker.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass  # alive, someone else's: /proc hides it (hidepid); the heartbeat tells
    return worker.beat_at >= now - STALE


def scratch_root() -> Path:
    return Path(settings.DATA_DIR) / "tmp"


def register(*, beat: bool = True) -> Worker:
    """Registers this process as a worker and starts its heartbeat thread."""
    global _running
    pid = os.getpid()
    worker = Worker.objects.create(
        id=PREFIX + get_random_string(24),
        host=socket.gethostname()[:255],
        host_key=host_key(),
        pid=pid,
        process_start=process_start(pid),
        beat_at=timezone.now(),
    )
    stop = threading.Event()
    thread = None
    if beat:
        thread = threading.Thread(
            target=_beat, args=(worker.id, stop), name="ouvert-heartbeat", daemon=True
        )
    _running = _Running(worker, stop, thread)
    storage.set_scratch_owner(worker.id)
    if thread:
        thread.start()
    return worker


def unregister() -> None:
    """A worker stopping cleanly: its row and its scratch folder go (its task was finished)."""
    global _running
    if _running is None:
        return
    running, _running = _running, None
    storage.set_scratch_owner("")
    running.stop.set()
    if running.thread:
        running.thread.join(timeout=BEAT * 2)
    Worker.objects.filter(pk=running.worker.id).delete()
    shutil.rmtree(scratch_root() / running.worker.id, ignore_errors=True)


def _beat(worker_id: str, stop: threading.Event) -> None:
    """The heartbeat thread: a sign of life every BEAT seconds, a search every SWEEP seconds."""
    last_sweep = time.monotonic()
    while not stop.wait(BEAT):
        try:
            if not Worker.objects.filter(pk=worker_id).update(beat_at=timezone.now()):
                # Another worker found this one silent for too long and queued its work again:
                # stop now rather than process the same version twice.
                logger.error("worker %s was declared dead by another one: stopping", worker_id)
                os._exit(75)
            if time.monotonic() - last_sweep >= SWEEP:
                last_sweep = time.monotonic()
                recovery = recover()
                if recovery.requeued or recovery.failed:
                    logger.warning("recovered from dead workers: %s", recovery)
        except DatabaseError:
            logger.warning("worker heartbeat: database unavailable", exc_info=True)
            connection.close()
    connection.close()


def recover() -> Recovery:
    """Finds the work of dead workers: queues its versions again, fails its task rows, removes
    the dead workers and their scratch folders. Safe to run from several processes at once."""
    recovery = Recovery()
    now = timezone.now()
    # Versions and tasks first, workers after: a worker registers before it claims anything, so
    # every holder seen here is either in the list below or gone.
    held = list(
        ResourceVersion.objects.filter(status=ResourceVersion.Status.PROCESSING)
        .exclude(worker="")
        .values_list("pk", "worker", "attempts")
    )
    running_tasks = [
        (task.pk, task.task_path, task.args_kwargs, task.worker_ids[-1])
        for task in DBTaskResult.objects.running()
        if task.worker_ids and str(task.worker_ids[-1]).startswith(PREFIX)
    ]
    workers = {worker.id: worker for worker in Worker.objects.all()}
    dead = {worker_id for worker_id, worker in workers.items() if not is_alive(worker, now)}

    def is_dead(worker_id: str) -> bool:
        return worker_id in dead or worker_id not in workers

    for version_id, worker_id, attempts in held:
        if is_dead(worker_id):
            _requeue(version_id, attempts, worker_id, recovery)
    for task_id, task_path, args_kwargs, worker_id in running_tasks:
        if not is_dead(worker_id):
            continue
        orphan = DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=f"{__name__}.WorkerLost",
            traceback=f"The worker {worker_id} stopped while running this task (no sign of "
            "life); its work was queued again if it was the processing of a version.",
        )
        recovery.orphan_tasks += orphan
        if orphan and task_path == PROCESS_VERSION_TASK:
            # Killed between claiming the task and claiming the version: queue it again.
            version_id = int(args_kwargs["args"][0])
            if version_id in recovery.requeued or version_id in recovery.failed:
                continue
            # (Two sweeps at once may both queue it: harmless, a version is claimed once.)
            if ResourceVersion.objects.filter(
                pk=version_id, status=ResourceVersion.Status.RECEIVED
            ).exists():
                _enqueue(version_id)
                recovery.requeued.append(version_id)
    for worker_id in sorted(dead):
        Worker.objects.filter(pk=worker_id).delete()
        recovery.dead_workers.append(worker_id)
    # Versions processed without a registered worker: the slow, old rule.
    for version_id, attempts in ResourceVersion.objects.filter(
        status=ResourceVersion.Status.PROCESSING, worker="", heartbeat_at__lt=now - SILENCE
    ).values_list("pk", "attempts"):
        _requeue(version_id, attempts, "", recovery)
    _remove_scratch_of_the_dead()
    return recovery


def recover_if_orphaned(version: ResourceVersion) -> bool:
    """For the status page: recovers a version whose processing has no live worker (one or two
    queries). Returns whether the version changed."""
    if version.status != ResourceVersion.Status.PROCESSING:
        return False
    now = timezone.now()
    if version.worker:
        worker = Worker.objects.filter(pk=version.worker).first()
        if worker is not None and is_alive(worker, now):
            return False
    elif version.heartbeat_at is None or version.heartbeat_at >= now - SILENCE:
        return False
    recovery = recover()
    return version.pk in recovery.requeued or version.pk in recovery.failed


def _requeue(version_id: int, attempts: int, worker_id: str, recovery: Recovery) -> None:
    interrupted = ResourceVersion.objects.filter(
        pk=version_id, status=ResourceVersion.Status.PROCESSING, worker=worker_id
    )
    if attempts >= MAX_ATTEMPTS:
        if interrupted.update(
            status=ResourceVersion.Status.FAILED,
            progress=100,
            processed_at=timezone.now(),
            worker="",
            status_message=(
                f"Le traitement de ce fichier a été interrompu {attempts} fois (le serveur "
                "s'est arrêté pendant la lecture, peut-être faute de mémoire). La version "
                "précédente reste en ligne ; l'équipe de la plateforme peut consulter le "
                "journal."
            ),
        ):
            recovery.failed.append(version_id)
        return
    if interrupted.update(status=ResourceVersion.Status.RECEIVED, progress=0, worker=""):
        _enqueue(version_id)
        recovery.requeued.append(version_id)


def _enqueue(version_id: int) -> None:
    from ouvert.publishing.tasks import process_version

    transaction.on_commit(functools.partial(process_version.enqueue, version_id))


def _remove_scratch_of_the_dead() -> None:
    """Removes the scratch folders of workers that have no row any more."""
    root = scratch_root()
    try:
        names = [p.name for p in root.iterdir() if p.is_dir() and p.name.startswith(PREFIX)]
    except FileNotFoundError:
        return
    # Listed before the query: a worker registers before it creates its folder.
    known = set(Worker.objects.filter(pk__in=names).values_list("pk", flat=True))
    for name in names:
        if name not in known:
            shutil.rmtree(root / name, ignore_errors=True)
