"""The `ouvert` command line and its configuration safety."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ouvert.accounts.models import User
from ouvert.config import DEMO_SECRET_KEY
from ouvert.operations.demo import ensure_demo_people, load_demo_territory
from ouvert.territory.models import Organisation, Portal, PortalDomain

OUVERT = [sys.executable, "-m", "ouvert.cli"]


def run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("OUVERT_", "DJANGO_"))}
    clean.update({"OUVERT_DATA_DIR": str(tmp_path), **env})
    return subprocess.run(
        [*OUVERT, *args], env=clean, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("secret", [None, DEMO_SECRET_KEY, "court"])
def test_production_refuses_to_start_without_a_real_secret(
    tmp_path: Path, secret: str | None
) -> None:
    env = {"OUVERT_SECRET_KEY": secret} if secret else {}
    result = run(["check"], tmp_path, **env)
    assert result.returncode == 2
    assert "OUVERT_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr  # the French reason alone, not a Python trace


def test_production_starts_with_a_real_secret(tmp_path: Path) -> None:
    result = run(["check", "--deploy"], tmp_path, OUVERT_SECRET_KEY="x" * 64)
    assert result.returncode == 0, result.stderr


def test_an_unknown_mode_is_refused(tmp_path: Path) -> None:
    result = run(["check"], tmp_path, OUVERT_MODE="prod")
    assert result.returncode == 2
    assert "OUVERT_MODE" in result.stderr and "Traceback" not in result.stderr


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = run(["--help"], tmp_path)
    for command in ("ouvert demo", "ouvert serve", "ouvert worker", "ouvert load-referential"):
        assert command in result.stdout


def test_dashed_commands_reach_django(tmp_path: Path) -> None:
    result = run(["load-referential", "--help"], tmp_path, OUVERT_MODE="demo")
    assert result.returncode == 0, result.stderr
    assert "référentiel" in result.stdout


def test_the_demo_loads_once_and_prints_passwords(tmp_path: Path) -> None:
    result = run(["demo", "--no-serve"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "admin@demo.ouvert.localhost" in result.stdout
    assert "mot de passe" in result.stdout
    assert "http://quimper.localhost:8000/" in result.stdout
    again = run(["demo", "--no-serve"], tmp_path)
    assert again.returncode == 0, again.stderr
    assert "Chargement du référentiel" not in again.stdout
    # The same passwords are printed at every start.
    password_lines = [line for line in result.stdout.splitlines() if "mot de passe :" in line]
    assert password_lines and all(line in again.stdout for line in password_lines)


def test_the_demo_territory_is_idempotent(referential: None) -> None:
    first = load_demo_territory()
    ensure_demo_people(first)
    counts = (Organisation.objects.count(), Portal.objects.count(), PortalDomain.objects.count())
    second = load_demo_territory()
    ensure_demo_people(second)
    assert counts == (
        Organisation.objects.count(),
        Portal.objects.count(),
        PortalDomain.objects.count(),
    )
    assert User.objects.count() == 2
    assert Portal.objects.filter(is_platform=True).count() == 1
