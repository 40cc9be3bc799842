"""OpenDataSoft Explore v2.1 and data.gouv.fr api-tabular, served from a version's table.

The query engine itself is tested against DuckDB in tests/engine/tabular_query; here: the
routes, the ids, visibility, keys, error shapes, streaming.
"""

from __future__ import annotations

import pytest
from django.test import Client

from ouvert.accounts.models import Role
from ouvert.accounts.services import create_api_token
from ouvert.catalog import services

BASE = "/api/explore/v2.1/catalog/datasets"


def test_records_facets_and_the_dataset_object(trees, client: Client) -> None:
    resource = trees.resources.get()
    assert resource.api_id == "arbres-de-quimper"
    body = client.get(
        f"{BASE}/arbres-de-quimper/records?where=hauteur>30&order_by=nom&limit=5"
    ).json()
    assert body["total_count"] == sum(1 for i in range(300) if (i * 7) % 40 + 2 > 30)
    assert len(body["results"]) == 5
    assert set(body["results"][0]) >= {"nom", "espece", "hauteur", "plantation", "remarquable"}
    grouped = client.get(
        f"{BASE}/arbres-de-quimper/records?select=espece,count(*) as n&group_by=espece&order_by=espece"
    ).json()
    assert grouped["results"] == [
        {"espece": "Chêne", "n": 100},
        {"espece": "Tilleul", "n": 100},
        {"espece": "Érable", "n": 100},
    ]
    facets = client.get(f"{BASE}/arbres-de-quimper/facets?facet=espece").json()
    assert {f["value"]: f["count"] for f in facets["facets"][0]["facets"]} == {
        "Chêne": 100,
        "Érable": 100,
        "Tilleul": 100,
    }
    dataset = client.get(f"{BASE}/arbres-de-quimper").json()
    assert dataset["dataset_id"] == "arbres-de-quimper" and dataset["has_records"] is True
    assert dataset["metas"]["default"]["records_count"] == 300
    assert {f["name"]: f["label"] for f in dataset["fields"]}["hauteur"] == "Hauteur (m)"
    catalog = client.get(f"{BASE}?limit=10").json()
    assert catalog["total_count"] == 1
    assert catalog["results"][0]["dataset_id"] == "arbres-de-quimper"
    record = client.get(f"{BASE}/arbres-de-quimper/records/1").json()
    assert record["nom"] == "Arbre 0"


def test_errors_keep_the_ods_shapes(trees, client: Client) -> None:
    response = client.get(f"{BASE}/arbres-de-quimper/records?where=hauteur >")
    assert response.status_code == 400
    assert response.json()["error_code"] == "ODSQLError"
    assert "position" in response.json()["message"]
    response = client.get(f"{BASE}/arbres-de-quimper/records?limit=101")
    assert response.status_code == 400
    assert response.json()["error_code"] == "InvalidRESTParameterError"
    response = client.get(f"{BASE}/inconnu/records")
    assert response.status_code == 404


def test_exports_stream_every_row(trees, client: Client) -> None:
    response = client.get(f"{BASE}/arbres-de-quimper/exports/csv?where=espece='Chêne'")
    assert response.status_code == 200 and response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("nom;espece;hauteur")
    assert len(text.splitlines()) == 101
    for fmt in ("json", "jsonl", "geojson", "parquet", "xlsx"):
        response = client.get(f"{BASE}/arbres-de-quimper/exports/{fmt}")
        assert response.status_code == 200, fmt
        assert len(b"".join(response.streaming_content)) > 100, fmt


def test_a_draft_is_reachable_only_with_a_key(
    trees, client: Client, quimper_editor, demo, make_user
):
    services.unpublish_dataset(quimper_editor, trees)
    assert client.get(f"{BASE}/arbres-de-quimper/records").status_code == 404
    assert client.get(f"{BASE}").json()["total_count"] == 0
    key = create_api_token(quimper_editor, "ods").secret
    assert client.get(f"{BASE}/arbres-de-quimper/records?apikey={key}").status_code == 200
    assert (
        client.get(
            f"{BASE}/arbres-de-quimper/records", HTTP_AUTHORIZATION=f"Apikey {key}"
        ).status_code
        == 200
    )
    stranger = create_api_token(make_user(demo["brest"], Role.ADMIN), "x").secret
    assert client.get(f"{BASE}/arbres-de-quimper/records?apikey={stranger}").status_code == 404
    rid = trees.resources.get().uid
    assert client.get(f"/api/resources/{rid}/data/").status_code == 404


def test_the_tabular_api(trees, client: Client) -> None:
    rid = trees.resources.get().uid
    page = client.get(f"/api/resources/{rid}/data/?hauteur__greater=40&page_size=2").json()
    assert page["meta"]["total"] == sum(1 for i in range(300) if (i * 7) % 40 + 2 >= 40)
    assert len(page["data"]) == 2
    assert set(page["links"]) >= {"profile", "swagger", "next", "prev"}
    walked, url = [], f"/api/resources/{rid}/data/?espece__exact=Chêne&page_size=50&cursor="
    while url:
        body = client.get(url).json()
        walked += [row["__id"] for row in body["data"]]
        url = body["links"]["next"] and body["links"]["next"].replace("http://testserver", "")
    assert len(walked) == 100 and len(set(walked)) == 100
    assert client.get(f"/api/resources/{rid}/data/?inconnue__exact=1").status_code == 400
    csv = client.get(f"/api/resources/{rid}/data/csv/?espece__exact=Tilleul")
    assert len(b"".join(csv.streaming_content).decode().strip().splitlines()) == 101
    assert client.get(f"/api/resources/{rid}/profile/").status_code == 200
    assert client.get(f"/api/resources/{rid}/swagger/").status_code == 200


@pytest.mark.parametrize("payload", ["' OR 1=1 --", '"; DROP TABLE x; --', "nom)) UNION SELECT 1"])
def test_injection_attempts_are_plain_errors(trees, client: Client, payload: str) -> None:
    response = client.get(f"{BASE}/arbres-de-quimper/records", {"where": payload})
    assert response.status_code in {200, 400}
    response = client.get(f"{BASE}/arbres-de-quimper/records", {"order_by": payload})
    assert response.status_code == 400
