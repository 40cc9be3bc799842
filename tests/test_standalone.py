"""`ouvert validate` and `ouvert scan` where a user is: a fresh environment (no OUVERT_* variable,
no secret, no database, an empty folder), exit codes 0/1/2, and no traceback on hostile input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "validation" / "data"
PERSONAL = "nom;mail\n" + "".join(f"Agent {i};agent.{i}@laposte.net\n" for i in range(30))


def ouvert(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The `ouvert` command in a clean environment, run from an empty folder."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("OUVERT_", "DJANGO_"))}
    done = subprocess.run(
        [sys.executable, "-m", "ouvert.cli", *args],
        capture_output=True,
        text=True,
        cwd=folder,
        env=clean,
        check=False,
        timeout=120,
    )
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    assert "REFUS DE DÉMARRER" not in done.stderr
    return done


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "valide.csv").write_bytes((DATA / "subventions-valide.csv").read_bytes())
    (tmp_path / "invalide.csv").write_bytes((DATA / "subventions-invalide.csv").read_bytes())
    (tmp_path / "agents.csv").write_text(PERSONAL, encoding="utf-8")
    (tmp_path / "vide.csv").write_bytes(b"")
    (tmp_path / "bruit.csv").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "dossier").mkdir()
    (tmp_path / "schema.json").write_text(
        json.dumps({"fields": [{"name": "a", "type": "integer"}]}), encoding="utf-8"
    )
    (tmp_path / "nombres.csv").write_text("a\n1\ndeux\n", encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "bombe.xlsx", "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("xl/workbook.xml", b"0" * 50_000_000)
    return tmp_path


def test_validate_needs_no_platform(files: Path) -> None:
    valid = ouvert(files, "validate", "valide.csv", "--schema", "scdl/subventions@2.1.1")
    assert valid.returncode == 0, valid.stderr
    assert "est conforme au schéma scdl/subventions@2.1.1" in valid.stdout
    invalid = ouvert(files, "validate", "invalide.csv", "--schema", "scdl/subventions", "--json")
    assert invalid.returncode == 1
    assert json.loads(invalid.stdout)["valid"] is False
    typed = ouvert(files, "validate", "nombres.csv", "--schema", "schema.json")
    assert typed.returncode == 1 and "n'est pas conforme" in typed.stdout
    assert not (files / "var").exists()  # nothing written where the user is


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["absent.csv", "--schema", "scdl/subventions"], "Fichier introuvable"),
        (["dossier", "--schema", "scdl/subventions"], "est un dossier"),
        (["vide.csv", "--schema", "scdl/subventions"], "vide"),
        (["bruit.csv", "--schema", "scdl/subventions"], "ni un texte ni un tableur"),
        (["bombe.xlsx", "--schema", "scdl/subventions"], "bombe de décompression"),
        (["valide.csv", "--schema", "inexistant/schema"], "Schéma inconnu"),
        (["valide.csv", "--schema", "http://127.0.0.1:9/schema.json"], "connexion impossible"),
        (["valide.csv", "--schema", "bruit.csv"], "pas du texte UTF-8"),
        (["valide.csv"], "argument obligatoire manquant : --schema"),
    ],
)
def test_validate_refuses_bad_input_in_french(files: Path, args: list[str], said: str) -> None:
    done = ouvert(files, "validate", *args)
    assert done.returncode == 2
    assert said in done.stderr


def test_scan_needs_no_platform(files: Path) -> None:
    suspected = ouvert(files, "scan", "agents.csv")
    assert suspected.returncode == 1, suspected.stderr
    assert "adresses e-mail" in suspected.stdout
    clean = ouvert(files, "scan", "valide.csv", "--json")
    assert clean.returncode == 0 and json.loads(clean.stdout)["suspected"] is False
    for name, said in [
        ("absent.csv", "Fichier introuvable"),
        ("dossier", "est un dossier"),
        ("bruit.csv", "ni un texte ni un tableur"),
        ("bombe.xlsx", "bombe de décompression"),
    ]:
        done = ouvert(files, "scan", name, "--json")
        assert done.returncode == 2 and said in json.loads(done.stdout)["error"], name
