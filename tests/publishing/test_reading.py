"""Each new version of a tabular file is read into its table during processing: the APIs serve
it at once; a file that cannot be read is refused with its reason and the previous one serves."""

from __future__ import annotations

import io
import json

from django.test import Client

from ouvert.catalog.models import ResourceVersion
from ouvert.publishing import services as publishing_services
from ouvert.publishing.models import Table

SUBVENTIONS = (
    "Bénéficiaire;Montant;Date de vote;Commune\n"
    "Club nautique;1 500,50;31/01/2024;29232\n"
    "Amicale laïque;800;15/02/2024;29019\n"
).encode("cp1252")


def test_an_uploaded_file_becomes_a_queryable_table(
    make_dataset, referential, client: Client
) -> None:
    dataset = make_dataset("Subventions 2024", csv=SUBVENTIONS, filename="subventions.csv")
    resource = dataset.resources.get()
    version = resource.current_version
    assert version.status == ResourceVersion.Status.READY
    table = Table.objects.get(version=version)
    assert table.row_count == 2
    assert {c["name"]: c["type"] for c in table.columns} == {
        "beneficiaire": "string",
        "montant": "number",
        "date_de_vote": "date",
        "commune": "string",
    }
    assert table.column("commune")["format"] == "code_commune_insee"
    assert any("Windows-1252" in note for note in table.notes)
    records = client.get(
        f"/api/explore/v2.1/catalog/datasets/{resource.api_id}/records",
        {"where": "montant > 1000", "select": "beneficiaire, montant, date_de_vote"},
    ).json()
    assert records["total_count"] == 1
    assert records["results"] == [
        {"beneficiaire": "Club nautique", "montant": 1500.5, "date_de_vote": "2024-01-31"}
    ]
    data = client.get(f"/api/resources/{resource.uid}/data/", {"commune__exact": "29019"}).json()
    assert [row["beneficiaire"] for row in data["data"]] == ["Amicale laïque"]


def test_an_unreadable_file_is_refused_and_the_previous_version_keeps_serving(
    make_dataset, quimper_editor, client: Client
) -> None:
    dataset = make_dataset("Subventions 2024", csv=SUBVENTIONS, filename="subventions.csv")
    resource = dataset.resources.get()
    first = resource.current_version
    broken = publishing_services.upload_version(
        quimper_editor, resource, io.BytesIO(b'a;b\n1;"jamais ferm\n2;3\n'), "subventions.csv"
    )
    broken.refresh_from_db()
    resource.refresh_from_db()
    assert broken.status == ResourceVersion.Status.FAILED
    assert "guillemet" in broken.status_message
    assert resource.current_version == first
    assert not Table.objects.filter(version=broken).exists()
    records = client.get(f"/api/explore/v2.1/catalog/datasets/{resource.api_id}/records").json()
    assert records["total_count"] == 2


def test_a_document_is_published_without_a_table(make_dataset) -> None:
    dataset = make_dataset("Délibération", csv=b"%PDF-1.4\n%...\n", filename="deliberation.pdf")
    version = dataset.resources.get().current_version
    assert version.status == ResourceVersion.Status.READY
    assert not Table.objects.filter(version=version).exists()


def test_a_geographic_file_is_served_with_its_shapes(make_dataset, client: Client) -> None:
    geojson = (
        b'{"type": "FeatureCollection", "features": ['
        b'{"type": "Feature", "properties": {"nom": "Parc"}, "geometry": {"type": "Polygon",'
        b' "coordinates": [[[-4.10, 47.99], [-4.09, 47.99], [-4.09, 48.00], [-4.10, 47.99]]]}},'
        b'{"type": "Feature", "properties": {"nom": "Fontaine"}, "geometry": {"type": "Point",'
        b' "coordinates": [-4.1, 47.995]}}]}'
    )
    dataset = make_dataset("Lieux", csv=geojson, filename="lieux.geojson")
    resource = dataset.resources.get()
    table = Table.objects.get(version=resource.current_version)
    assert table.is_geographic
    fields = client.get(f"/api/explore/v2.1/catalog/datasets/{resource.api_id}").json()["fields"]
    assert {f["name"]: f["type"] for f in fields}["geometry"] == "geo_shape"
    exported = client.get(f"/api/explore/v2.1/catalog/datasets/{resource.api_id}/exports/geojson")
    features = b"".join(exported.streaming_content)
    collection = json.loads(features)
    assert [f["geometry"]["type"] for f in collection["features"]] == ["Polygon", "Point"]
    assert collection["features"][0]["properties"] == {"nom": "Parc"}
    records = client.get(
        f"/api/explore/v2.1/catalog/datasets/{resource.api_id}/records",
        {"where": "in_bbox(geometry, 47.994, -4.101, 47.996, -4.099)", "select": "nom"},
    ).json()
    assert records["results"] == [{"nom": "Fontaine"}]
