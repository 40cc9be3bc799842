"""`kill -9` of a worker in the middle of a processing: the next worker finishes the version.

Real processes on a database of their own (SQLite or PostgreSQL, as the suite runs)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.isolated import IsolatedPlatform

SETUP = """
import io
from django.core.management import call_command
call_command("migrate", verbosity=0)
from ouvert.accounts.models import Member, User
from ouvert.catalog.services import create_dataset
from ouvert.publishing import services
from ouvert.territory.models import Organisation

editor = User.objects.create_user("editrice@quimper.example", "motdepasse-de-test-42")
quimper = Organisation.objects.create(name="Ville de Quimper", slug="ville-de-quimper", kind="autre")
Member.objects.create(user=editor, organisation=quimper, role="editor")
dataset = create_dataset(editor, quimper, title="Arbres", description="Les arbres.")
csv = "nom;hauteur\\n" + "".join(f"Arbre {i};{i % 30}\\n" for i in range(2000))
resource = services.upload_resource(editor, dataset, io.BytesIO(csv.encode()), "arbres.csv")
print(resource.versions.get().pk)
"""

# A worker whose first step stops for good once it has started work in its scratch folder, as a
# long reading would: it is then killed there.
STUCK_WORKER = """
import django
django.setup()
import os, time
from pathlib import Path
from django.core.management import call_command
from ouvert.publishing import pipeline

def stuck(work):
    work.progress(36)
    (work.folder / "partiel.parquet").write_bytes(b"PAR1")
    Path(os.environ["STUCK_MARKER"]).write_text(str(work.folder))
    while True:
        time.sleep(1)

pipeline.STEPS = (stuck, *pipeline.STEPS)
call_command("worker", interval=0.2)
"""


def eventually(check, what: str, process=None, log=str, timeout: float = 120):
    """Polls `check` until it returns something true (no timing asserted, only a bound)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        if process is not None and process.poll() is not None:
            raise AssertionError(f"{what}: the process stopped ({process.returncode}) {log()}")
        time.sleep(0.3)
    raise AssertionError(f"{what}: not after {timeout} s")


@pytest.fixture
def platform() -> Iterator[IsolatedPlatform]:
    platform = IsolatedPlatform("crash")
    yield platform
    platform.destroy()


def test_a_killed_worker_s_version_is_finished_by_the_next_one(platform, tmp_path: Path) -> None:
    version_id = int(platform.run(SETUP))
    marker = tmp_path / "stuck"
    state = "SELECT status, worker, attempts FROM catalog_resourceversion WHERE id = %s"
    stuck = platform.popen("-c", STUCK_WORKER, name="stuck", STUCK_MARKER=str(marker))
    second = None
    try:
        eventually(
            marker.exists, "the first worker reaches its step", stuck, lambda: platform.log("stuck")
        )
        work = Path(marker.read_text())
        status, holder, attempts = platform.query(state, version_id)[0]
        assert (status, attempts) == ("processing", 1) and holder.startswith("ouvert-")
        assert work.parent.name == holder  # its scratch folder is its own
        os.kill(stuck.pid, signal.SIGKILL)
        stuck.wait()
        # The platform restarts its worker.
        second = platform.popen("-m", "ouvert.cli", "worker", "--interval", "0.2", name="second")
        eventually(
            lambda: platform.query(state, version_id)[0][0] in {"ready", "failed"},
            "the version ends",
            second,
            lambda: platform.log("second"),
        )
        status, holder, attempts = platform.query(state, version_id)[0]
        assert (status, holder, attempts) == ("ready", "", 2)
        assert not work.parent.exists()  # the dead worker's scratch folder is gone
        tasks = platform.query(
            "SELECT status FROM django_tasks_database_dbtaskresult ORDER BY enqueued_at"
        )
        assert [row[0] for row in tasks] == ["FAILED", "SUCCESSFUL"]
        assert platform.query("SELECT count(*) FROM publishing_worker")[0][0] == 1  # the second
        assert platform.query(
            "SELECT row_count FROM publishing_table t JOIN catalog_resourceversion v "
            "ON t.version_id = v.id WHERE v.id = %s",
            version_id,
        ) == [(2000,)]
    finally:
        for process in (stuck, second):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
