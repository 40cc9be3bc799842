"""`ouvert ingest`: files deposited and read at once, one JSON line each; it finds the demo's
data by itself from the checkout; --publish needs a description, said before any reading."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ouvert.catalog.models import Dataset


def test_ouvert_ingest_creates_then_versions(demo, make_user, tmp_path, capsys) -> None:
    make_user(is_superuser=True, is_staff=True)
    first = tmp_path / "budget_2026.csv"
    first.write_bytes(b"poste;montant\nvoirie;12,5\n")
    call_command(
        "ingest",
        str(first),
        "--organisation",
        "ville-de-quimper",
        "--publish",
        "--description",
        "Budget primitif voté.",
    )
    line = json.loads(capsys.readouterr().out.strip())
    assert line["status"] == "ready" and line["version"] == 1
    dataset = Dataset.objects.get(slug=line["dataset"])
    assert dataset.title == "budget 2026" and dataset.status == "published"

    first.write_bytes(b"poste;montant\nvoirie;13\n")
    call_command(
        "ingest", str(first), "--organisation", "ville-de-quimper", "--dataset", dataset.slug
    )
    again = json.loads(capsys.readouterr().out.strip())
    assert again["version"] == 2 and again["resource"] == line["resource"]

    with pytest.raises(CommandError):
        call_command(
            "ingest",
            str(tmp_path / "absent.csv"),
            "--organisation",
            "ville-de-quimper",
            "--dataset",
            dataset.slug,
        )
    missing = json.loads(capsys.readouterr().out.strip())
    assert missing["status"] == "error" and "introuvable" in missing["errors"][0]


def test_publish_without_a_description_is_refused_before_reading(demo, make_user, tmp_path):
    make_user(is_superuser=True, is_staff=True)
    path = tmp_path / "budget.csv"
    path.write_bytes(b"poste;montant\nvoirie;12\n")
    with pytest.raises(CommandError, match="--description"):
        call_command("ingest", str(path), "--organisation", "ville-de-quimper", "--publish")
    assert not Dataset.objects.filter(title="budget").exists()


def test_run_from_the_checkout_after_make_demo_it_uses_the_demo_data(tmp_path: Path) -> None:
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / ".ouvert-demo").write_text("démonstration\n", encoding="utf-8")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("OUVERT_", "DJANGO_"))}

    def ouvert(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ouvert.cli", *args],
            cwd=tmp_path,
            env=clean,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )

    assert ouvert("migrate", "--verbosity", "0").returncode == 0
    done = ouvert("ingest", "absent.csv", "--organisation", "nulle-part")
    assert "REFUS DE DÉMARRER" not in done.stderr and "Traceback" not in done.stderr
    assert "mode démonstration" in done.stderr
    # It read the demo's database (empty here: no platform admin yet).
    assert "Aucun administrateur de la plateforme" in done.stderr
    assert (tmp_path / "var" / "ouvert.sqlite3").is_file()
