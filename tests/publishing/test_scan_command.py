"""`ouvert scan FILE [--json]` and `POST /api/1/scan`: the guard on one file, nothing published."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.test import Client

PERSONAL = "nom;mail\n" + "".join(f"Agent {i};agent.{i}@laposte.net\n" for i in range(30))
CLEAN = "equipement;commune\nGymnase;Quimper\nPiscine;Brest\n"


def run(*args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as stop:
        from io import StringIO

        out = StringIO()
        call_command("scan", *args, stdout=out)
    return int(stop.value.code), out.getvalue()


def test_exit_codes_and_json(tmp_path, db) -> None:
    personal = tmp_path / "agents.csv"
    personal.write_text(PERSONAL, encoding="utf-8")
    clean = tmp_path / "equipements.csv"
    clean.write_text(CLEAN, encoding="utf-8")
    broken = tmp_path / "coupe.xlsx"
    broken.write_bytes(b"PK\x03\x04 tronque")

    status, text = run(str(personal))
    assert status == 1 and "mail" in text
    status, text = run(str(personal), "--json")
    report = json.loads(text)
    assert report["suspected"] is True and report["findings"][0]["kind"] == "email"
    assert status == 1
    assert run(str(clean))[0] == 0
    status, text = run(str(broken), "--json")
    assert status == 2 and "endommagé" in json.loads(text)["error"]
    assert run(str(tmp_path / "absent.csv"))[0] == 2


def test_the_command_line_entry_point(tmp_path) -> None:
    personal = tmp_path / "agents.csv"
    personal.write_text(PERSONAL, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "ouvert.cli", "scan", str(personal)],
        capture_output=True,
        text=True,
        env={"OUVERT_MODE": "test", "OUVERT_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin"},
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "adresses e-mail" in done.stdout


def test_the_api(client: Client, quimper_editor) -> None:
    from ouvert.accounts import services as accounts

    token = accounts.create_api_token(quimper_editor, "scan").secret
    headers = {"HTTP_AUTHORIZATION": f"Apikey {token}"}
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/api/1/scan", {"file": SimpleUploadedFile("agents.csv", PERSONAL.encode())}, **headers
    )
    assert response.status_code == 200
    assert response.json()["suspected"] is True
    response = client.post(
        "/api/1/scan", {"file": SimpleUploadedFile("coupe.xlsx", b"PK\x03\x04 x")}, **headers
    )
    assert response.status_code == 400 and "endommagé" in response.json()["error"]
    assert (
        client.post("/api/1/scan", {"file": SimpleUploadedFile("a.csv", b"a\n1\n")}).status_code
        == 401
    )
