"""Worker liveness: the work of a dead worker is queued again, a slow worker's is left alone."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ouvert.catalog import services, storage
from ouvert.catalog.models import ResourceVersion
from ouvert.publishing import pipeline, workers
from ouvert.publishing.models import Worker


@pytest.fixture
def steps(monkeypatch):
    installed: list = []
    monkeypatch.setattr(pipeline, "STEPS", installed)
    return installed


@pytest.fixture
def version(make_dataset, quimper_editor, steps) -> ResourceVersion:
    resource = make_dataset().resources.get()
    return services.add_version(quimper_editor, resource, io.BytesIO(b"a;b\n1;2\n"), "v.csv")


def a_worker(
    worker_id: str, *, pid: int | None = None, start: int | None = None, **fields
) -> Worker:
    pid = os.getpid() if pid is None else pid
    defaults = {
        "host": "ici",
        "host_key": workers.host_key(),
        "pid": pid,
        "process_start": workers.process_start(pid) if start is None else start,
        "beat_at": timezone.now(),
    }
    return Worker.objects.create(id=worker_id, **{**defaults, **fields})


def claimed_by(version: ResourceVersion, worker_id: str, attempts: int = 1) -> None:
    ResourceVersion.objects.filter(pk=version.pk).update(
        status=ResourceVersion.Status.PROCESSING,
        worker=worker_id,
        attempts=attempts,
        progress=36,
        heartbeat_at=timezone.now(),
    )


def running_task(version: ResourceVersion, worker_id: str) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [version.pk], "kwargs": {}},
        task_path=workers.PROCESS_VERSION_TASK,
        worker_ids=[worker_id],
        backend_name="default",
        run_after=timezone.now(),
        started_at=timezone.now(),
    )


def gone_pid() -> int:
    """The pid of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_killed_worker_s_version_is_processed_again(
    version, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:
    settings.DATA_DIR = tmp_path
    dead = a_worker("ouvert-mort", pid=gone_pid(), start=1)
    claimed_by(version, dead.id)
    task = running_task(version, dead.id)
    leftover = tmp_path / "tmp" / dead.id / f"version-{version.pk}-x"
    leftover.mkdir(parents=True)
    (leftover / "work.parquet").write_bytes(b"PAR1")
    with django_capture_on_commit_callbacks(execute=True):
        recovery = workers.recover()
    assert recovery.requeued == [version.pk] and recovery.dead_workers == [dead.id]
    version.refresh_from_db()
    assert version.status == ResourceVersion.Status.READY  # requeued, processed at once in tests
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED and dead.id in task.traceback
    assert not Worker.objects.filter(pk=dead.id).exists()
    assert not (tmp_path / "tmp" / dead.id).exists()


def test_a_reused_pid_does_not_keep_a_dead_worker_alive(version) -> None:
    # Same machine, a live pid, but another process than the one that registered.
    reused = a_worker("ouvert-reutilise", start=(workers.process_start(os.getpid()) or 0) - 1)
    claimed_by(version, reused.id)
    assert workers.recover().requeued == [version.pk]


def test_a_slow_worker_of_this_machine_is_left_alone(version) -> None:
    # Its last beat is old (a long step, a locked database), but its process runs.
    slow = a_worker("ouvert-lent", beat_at=timezone.now() - timedelta(minutes=10))
    claimed_by(version, slow.id)
    task = running_task(version, slow.id)
    assert workers.recover() == workers.Recovery()
    version.refresh_from_db()
    task.refresh_from_db()
    assert version.status == ResourceVersion.Status.PROCESSING and version.progress == 36
    assert task.status == TaskResultStatus.RUNNING


def test_a_worker_of_another_machine_is_dead_once_silent(version) -> None:
    elsewhere = {"host_key": "autre-machine pid:[1]", "pid": 4242, "start": 1}
    beating = a_worker("ouvert-vivant", **elsewhere)
    claimed_by(version, beating.id)
    assert workers.recover() == workers.Recovery()
    Worker.objects.filter(pk=beating.id).update(
        beat_at=timezone.now() - workers.STALE - timedelta(seconds=1)
    )
    assert workers.recover().requeued == [version.pk]


def test_a_version_whose_worker_vanished_is_requeued(version) -> None:
    # Its worker stopped (a second Ctrl+C in the middle of a step) and removed its row.
    claimed_by(version, "ouvert-parti")
    assert workers.recover().requeued == [version.pk]


def test_a_task_claimed_before_its_version_is_queued_again(version) -> None:
    # Killed between claiming the task row and claiming the version: still "Reçue".
    task = running_task(version, "ouvert-tue")
    recovery = workers.recover()
    assert recovery.requeued == [version.pk] and recovery.orphan_tasks == 1
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED


def test_tasks_of_other_workers_are_left_alone(version) -> None:
    # A plain `db_worker` started by hand registers no row: nothing tells whether it lives.
    task = running_task(version, "Xy7aK2")
    assert workers.recover().orphan_tasks == 0
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


def test_a_file_that_kills_every_worker_fails_after_three_attempts(version) -> None:
    claimed_by(version, "ouvert-parti", attempts=workers.MAX_ATTEMPTS)
    assert workers.recover().failed == [version.pk]
    version.refresh_from_db()
    assert version.status == ResourceVersion.Status.FAILED
    assert "interrompu 3 fois" in version.status_message and version.worker == ""


def test_a_processing_voided_by_recovery_does_not_write(version, steps) -> None:
    def recovered_meanwhile(work):
        ResourceVersion.objects.filter(pk=work.version.pk).update(
            status=ResourceVersion.Status.RECEIVED, worker=""
        )

    steps.append(recovered_meanwhile)
    assert pipeline.process(version.pk) is None
    version.refresh_from_db()
    assert version.status == ResourceVersion.Status.RECEIVED


def test_the_status_page_recovers_an_orphaned_version(
    version, quimper_editor, client, django_capture_on_commit_callbacks
) -> None:
    dead = a_worker("ouvert-mort", pid=gone_pid(), start=1)
    claimed_by(version, dead.id)
    client.force_login(quimper_editor)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(f"/espace/versions/{version.uid}/etat/").content.decode()
    assert "Reçue" in page and "En cours de traitement" not in page  # queued again
    version.refresh_from_db()
    assert version.status == ResourceVersion.Status.READY
    live = a_worker("ouvert-vivant")
    other = services.add_version(
        quimper_editor, version.resource, io.BytesIO(b"a;b\n3;4\n"), "v.csv"
    )
    claimed_by(other, live.id)
    page = client.get(f"/espace/versions/{other.uid}/etat/").content.decode()
    assert "En cours de traitement" in page


def test_scratch_folders_belong_to_their_worker(settings, tmp_path, db) -> None:
    settings.DATA_DIR = tmp_path
    worker = workers.register(beat=False)
    try:
        assert storage.scratch_folder() == tmp_path / "tmp" / worker.id
        # A folder left by a worker that no longer has a row is removed; this one's is kept.
        (tmp_path / "tmp" / worker.id).mkdir(parents=True, exist_ok=True)
        (tmp_path / "tmp" / "ouvert-ancien").mkdir()
        workers.recover()
        assert (tmp_path / "tmp" / worker.id).exists()
        assert not (tmp_path / "tmp" / "ouvert-ancien").exists()
    finally:
        workers.unregister()
    assert storage.scratch_folder() == tmp_path / "tmp"
    assert not (tmp_path / "tmp" / worker.id).exists()
    assert not Worker.objects.filter(pk=worker.id).exists()


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_goes_on_while_a_step_runs(monkeypatch) -> None:
    monkeypatch.setattr(workers, "BEAT", 0.05)
    monkeypatch.setattr(workers, "SWEEP", 3600.0)
    worker = workers.register()
    try:
        first = worker.beat_at
        deadline = time.monotonic() + 60
        # The main thread is busy (this loop); the heartbeat thread writes on its own.
        while Worker.objects.get(pk=worker.id).beat_at == first:
            assert time.monotonic() < deadline, "no heartbeat"
            sum(range(10_000))
    finally:
        workers.unregister()
