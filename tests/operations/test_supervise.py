"""`ouvert demo` supervises its web server and worker: one dying is restarted alone; Ctrl+C
stops both."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from ouvert.operations.supervise import Child, Supervisor
from ouvert.publishing.workers import process_start

REPO = Path(__file__).resolve().parents[2]
SLEEPER = [sys.executable, "-c", "import time\nwhile True: time.sleep(1)"]


def eventually(check, what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.1)
    raise AssertionError(f"{what}: not after {timeout} s")


def is_gone(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    return not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] in {"Z", "X"}


def test_a_dead_worker_is_restarted_and_the_web_server_keeps_running() -> None:
    web, worker = Child("le serveur web", SLEEPER), Child("le worker", SLEEPER)
    console = io.StringIO()
    supervisor = Supervisor([web, worker], dict(os.environ), console)
    thread = threading.Thread(target=supervisor.run)
    thread.start()
    try:
        first = eventually(lambda: worker.process, "the worker starts")
        web_process = eventually(lambda: web.process, "the web server starts")
        os.kill(first.pid, signal.SIGKILL)
        eventually(
            lambda: worker.process is not first and worker.process is not None, "a new worker"
        )
        assert web.process is web_process and web_process.poll() is None
        assert "Le worker s'est arrêté (code -9) : redémarrage." in console.getvalue()
    finally:
        supervisor.stop()
        thread.join(timeout=60)
    assert not thread.is_alive()
    assert web_process.poll() is not None and worker.process.poll() is not None


def test_a_process_that_cannot_start_stops_the_supervisor() -> None:
    broken = Child("le serveur web", [sys.executable, "-c", "raise SystemExit(3)"])
    console = io.StringIO()
    supervisor = Supervisor([broken, Child("le worker", SLEEPER)], dict(os.environ), console, (0,))
    assert supervisor.run() == 1
    assert "Le serveur web s'arrête dès son démarrage (2 fois de suite, code 3)" in (
        console.getvalue()
    )


def test_ctrl_c_stops_both(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    child = (
        "import os, sys, time\n"
        f"open({str(pids)!r}, 'a').write(f'{{os.getpid()}}\\n')\n"
        "while True: time.sleep(1)"
    )
    script = (
        "import io, os, sys\n"
        "from ouvert.operations.supervise import Child, Supervisor\n"
        f"argv = [sys.executable, '-c', {child!r}]\n"
        "s = Supervisor([Child('le serveur web', argv), Child('le worker', argv)], "
        "dict(os.environ), sys.stdout)\n"
        "s.install_signal_handlers()\n"
        "sys.exit(s.run())\n"
    )
    # Its own process group, so that the signal reaches the supervisor alone (a terminal's
    # Ctrl+C reaches the whole group: the children then stop by themselves as well).
    supervisor = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, start_new_session=True)
    started = eventually(
        lambda: pids.exists() and len(pids.read_text().split()) == 2 and pids.read_text(),
        "both children start",
    )
    children = [int(pid) for pid in started.split()]
    assert all(process_start(pid) for pid in children)
    supervisor.send_signal(signal.SIGINT)
    assert supervisor.wait(timeout=60) == 0
    assert all(is_gone(pid) for pid in children)
