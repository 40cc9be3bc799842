"""The catalogue API: data.gouv.fr's shapes, writes with a token through the same services."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ouvert.accounts.models import Role
from ouvert.accounts.services import create_api_token
from ouvert.catalog.models import Dataset


@pytest.fixture
def token(demo, make_user) -> str:
    editor = make_user(demo["quimper"], Role.EDITOR, email="api@quimper.example")
    return create_api_token(editor, "script").secret


def auth(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Apikey {token}"}


def test_a_script_creates_uploads_publishes_and_versions(client: Client, token: str) -> None:
    response = client.post(
        "/api/1/datasets/",
        {
            "title": "Défibrillateurs",
            "description": "Les DAE de la ville.",
            "organization": "ville-de-quimper",
            "tags": ["santé", "DAE"],
            "themes": ["HEAL"],
            "frequency": "monthly",
            "spatial": ["29232"],
            "temporal_coverage": {"start": "2024-01-01", "end": "2024-12-31"},
        },
        content_type="application/json",
        **auth(token),
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "draft" and created["private"] is True
    assert created["license"] == "lov2" and created["license_spdx"] == "etalab-2.0"
    assert created["frequency"] == "monthly"
    assert created["spatial"] == [{"kind": "commune", "code": "29232", "name": "Quimper"}]
    assert "schema" in created and "schema_" not in created

    upload = client.post(
        f"/api/1/datasets/{created['id']}/upload/",
        {
            "file": SimpleUploadedFile("dae.csv", b"nom;lat;lon\nMairie;47.99;-4.10\n"),
            "title": "DAE",
        },
        **auth(token),
    )
    assert upload.status_code == 201, upload.content
    resource = upload.json()
    assert resource["format"] == "csv" and resource["checksum"]["type"] == "sha256"
    assert resource["version"] == 1

    published = client.put(
        f"/api/1/datasets/{created['slug']}/",
        {"status": "published"},
        content_type="application/json",
        **auth(token),
    )
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert client.get(f"/api/1/datasets/{created['id']}/").status_code == 200  # public now

    second = client.post(
        f"/api/1/datasets/{created['id']}/resources/{resource['id']}/upload/",
        {
            "file": SimpleUploadedFile(
                "dae.csv", b"nom;lat;lon\nMairie;47.99;-4.10\nGare;47.99;-4.09\n"
            )
        },
        **auth(token),
    )
    assert second.status_code == 201 and second.json()["number"] == 2
    versions = client.get(f"/api/1/datasets/{created['id']}/resources/{resource['id']}/versions/")
    assert [v["number"] for v in versions.json()] == [2, 1]
    first_url = versions.json()[1]["url"]
    download = client.get(first_url.replace("http://testserver", ""))
    assert b"".join(download.streaming_content) == b"nom;lat;lon\nMairie;47.99;-4.10\n"


def test_the_list_envelope_and_facets(client: Client, make_dataset) -> None:
    for index in range(3):
        make_dataset(f"Jeu {index}", "x", themes=["ECON"])
    page = client.get("/api/1/datasets/?page_size=2&theme=ECON").json()
    assert set(page) >= {
        "data",
        "page",
        "page_size",
        "total",
        "next_page",
        "previous_page",
        "facets",
    }
    assert page["total"] == 3 and len(page["data"]) == 2 and page["page"] == 1
    assert page["next_page"].startswith("http://testserver/api/1/datasets/?")
    assert "theme=ECON" in page["next_page"] and page["previous_page"] is None
    assert page["facets"]["theme"] == [
        {"value": "ECON", "label": "Économie et finances", "count": 3}
    ]
    last = client.get(page["next_page"].replace("http://testserver", "")).json()
    assert len(last["data"]) == 1 and last["next_page"] is None


def test_writes_need_a_token_with_rights(client: Client, make_dataset, demo, make_user) -> None:
    dataset = make_dataset()
    payload = {"title": "x", "organization": "ville-de-quimper"}
    assert (
        client.post("/api/1/datasets/", payload, content_type="application/json").status_code == 401
    )
    stranger = create_api_token(make_user(demo["brest"], Role.ADMIN), "t").secret
    response = client.post(
        "/api/1/datasets/", payload, content_type="application/json", **auth(stranger)
    )
    assert response.status_code == 403
    assert "publier" in response.json()["message"]
    response = client.put(
        f"/api/1/datasets/{dataset.uid}/",
        {"title": "piraté"},
        content_type="application/json",
        **auth(stranger),
    )
    assert response.status_code == 403
    assert Dataset.objects.get(pk=dataset.pk).title != "piraté"


def test_bad_input_gets_a_french_400(client: Client, token: str) -> None:
    response = client.post(
        "/api/1/datasets/",
        {"title": "T" * 5000, "organization": "ville-de-quimper"},
        content_type="application/json",
        **auth(token),
    )
    assert response.status_code == 400 and "caractères" in response.json()["message"]
    response = client.post(
        "/api/1/datasets/",
        {"title": "T", "organization": "ville-de-quimper", "license": "ODbL-1.0"},
        content_type="application/json",
        **auth(token),
    )
    assert response.status_code == 400 and "Licence Ouverte" in response.json()["message"]
    response = client.post(
        "/api/1/datasets/", "{pas du json", content_type="application/json", **auth(token)
    )
    assert response.status_code == 400


def test_session_writes_need_the_csrf_token(demo, make_user) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(demo["quimper"], Role.EDITOR))
    response = client.post(
        "/api/1/datasets/",
        {"title": "x", "organization": "ville-de-quimper"},
        content_type="application/json",
    )
    assert response.status_code in {401, 403}
    assert not Dataset.objects.exists()


def test_reference_lists(client: Client, demo) -> None:
    licences = {item["id"]: item for item in client.get("/api/1/datasets/licenses/").json()}
    assert licences["lov2"]["url"] == "https://www.etalab.gouv.fr/licence-ouverte-open-licence"
    assert licences["odc-odbl"]["spdx"] == "ODbL-1.0"
    assert len(client.get("/api/1/datasets/themes/").json()) == 13
    assert client.get("/api/docs").status_code == 200
