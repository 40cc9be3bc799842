"""`POST /api/1/scan`: the guard on one file, nothing published (`ouvert scan`:
tests/test_standalone.py)."""

from __future__ import annotations

from django.test import Client

PERSONAL = "nom;mail\n" + "".join(f"Agent {i};agent.{i}@laposte.net\n" for i in range(30))
CLEAN = "equipement;commune\nGymnase;Quimper\nPiscine;Brest\n"


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
