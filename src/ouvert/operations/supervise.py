"""Keeps the processes of `ouvert demo` running: a web server or a worker that dies is started
again (the other one is left alone); Ctrl+C or SIGTERM stops them all.

In production a service manager (systemd, a container runtime) does this job; the demo runs on a
laptop with one command, so it supervises its two processes itself.
"""

from __future__ import annotations

import signal
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

# A process that dies sooner than this after its start is failing to start (a port taken, a
# broken configuration): it is restarted after a growing pause, and given up after as many
# attempts as there are pauses.
QUICK = 10.0
PAUSES = (0.0, 1.0, 2.0, 5.0, 10.0)


class Console(Protocol):
    def write(self, text: str, /) -> Any: ...

    def flush(self) -> Any: ...


@dataclass
class Child:
    """One supervised process: `name` is how the console calls it (« le worker »)."""

    name: str
    argv: Sequence[str]
    process: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    quick_deaths: int = 0
    restart_at: float | None = None
    restarts: int = 0


@dataclass
class Supervisor:
    children: list[Child]
    env: Mapping[str, str]
    out: Console
    pauses: Sequence[float] = PAUSES
    stopping: threading.Event = field(default_factory=threading.Event)

    def stop(self, *_: Any) -> None:
        self.stopping.set()

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    def run(self) -> int:
        """Runs until stopped (0) or until a process cannot start (1)."""
        for child in self.children:
            self._start(child)
        code = 0
        try:
            while not self.stopping.wait(0.3):
                if not self._watch():
                    code = 1
                    break
        finally:
            self._stop_all()
        return code

    def _start(self, child: Child) -> None:
        child.process = subprocess.Popen(child.argv, env=dict(self.env))  # noqa: S603
        child.started = time.monotonic()
        child.restart_at = None

    def _watch(self) -> bool:
        now = time.monotonic()
        for child in self.children:
            if child.restart_at is not None:
                if now >= child.restart_at and not self.stopping.is_set():
                    child.restarts += 1
                    self._start(child)
                continue
            assert child.process is not None
            code = child.process.poll()
            if code is None or self.stopping.is_set():
                continue
            child.quick_deaths = child.quick_deaths + 1 if now - child.started < QUICK else 0
            if child.quick_deaths > len(self.pauses):
                self.out.write(
                    f"{child.name.capitalize()} s'arrête dès son démarrage "
                    f"({child.quick_deaths} fois de suite, code {code}) : arrêt.\n"
                )
                return False
            pause = self.pauses[max(0, child.quick_deaths - 1)]
            self.out.write(f"{child.name.capitalize()} s'est arrêté (code {code}) : redémarrage.\n")
            self.out.flush()
            child.restart_at = now + pause
        return True

    def _stop_all(self) -> None:
        running = [c.process for c in self.children if c.process and c.process.poll() is None]
        for process in running:
            process.terminate()
        for process in running:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
