"""A platform of its own for tests that run `ouvert` in other processes: a data folder and a
database (a SQLite file, or a fresh PostgreSQL database when the suite runs on PostgreSQL)
that the test's own transaction does not hide."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from django.conf import settings

REPO = Path(__file__).resolve().parent.parent


def _on_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


class IsolatedPlatform:
    """`run(code)` runs Python against it, `popen(*args)` starts `ouvert …`, `query()` reads its
    database directly; `destroy()` removes the folder and the database."""

    def __init__(self, name: str = "isolee") -> None:
        self.folder = Path(tempfile.mkdtemp(prefix=f"ouvert-{name}-"))
        self.data = self.folder / "data"
        self.data.mkdir()
        self.postgres = _on_postgres()
        if self.postgres:
            base = urlsplit(os.environ["OUVERT_DATABASE_URL"])
            self.database = f"{base.path.lstrip('/')}_{name}_{uuid.uuid4().hex[:8]}"
            self.url = urlunsplit(base._replace(path=f"/{self.database}"))
            self._admin_url = urlunsplit(base._replace(path="/postgres"))
            with psycopg.connect(self._admin_url, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{self.database}"')
        else:
            self.database = str(self.data / "ouvert.sqlite3")
            self.url = f"sqlite:///{self.database}"
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("OUVERT_", "DJANGO_"))}
        self.env = {
            **clean,
            "OUVERT_MODE": "test",
            "OUVERT_DATA_DIR": str(self.data),
            "OUVERT_DATABASE_URL": self.url,
            "OUVERT_TASKS_BACKEND": "database",
            "DJANGO_SETTINGS_MODULE": "ouvert.settings",
            "PYTHONPATH": str(REPO),
        }

    def run(self, code: str, timeout: int = 300, **env: str) -> str:
        """Python run in the platform's environment; returns its last printed line."""
        done = subprocess.run(
            [sys.executable, "-c", "import django\ndjango.setup()\n" + code],
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=REPO,
        )
        if done.returncode:
            raise RuntimeError(done.stderr[-3000:])
        lines = done.stdout.strip().splitlines()
        return lines[-1] if lines else ""

    def ouvert(self, *args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ouvert.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=REPO,
        )

    def popen(self, *argv: str, name: str = "process", **env: str) -> subprocess.Popen[bytes]:
        """A process in the platform's environment (argv after the Python interpreter); what it
        writes goes to `name.log` in the platform's folder."""
        return subprocess.Popen(
            [sys.executable, *argv],
            env={**self.env, **env},
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=(self.folder / f"{name}.log").open("wb"),
        )

    def log(self, name: str) -> str:
        """The end of what a process started by `popen` wrote."""
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Rows of a SELECT on the platform's database (`%s` placeholders)."""
        if self.postgres:
            with psycopg.connect(self.url) as connection:
                return connection.execute(sql, params).fetchall()  # type: ignore[arg-type]
        connection = sqlite3.connect(self.database, timeout=20)
        try:
            return connection.execute(sql.replace("%s", "?"), params).fetchall()
        finally:
            connection.close()

    def destroy(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        if self.postgres:
            with psycopg.connect(self._admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
