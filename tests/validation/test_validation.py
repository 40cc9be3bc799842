"""Validation in the platform: the registry as schemas, validation of every new version of a
resource with a declared schema, the badge and report, `POST /api/1/validate` (`ouvert validate`:
tests/test_standalone.py),
the schema pages and their templates."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ouvert.catalog import services
from ouvert.catalog.models import Schema
from ouvert.publishing import services as publishing_services
from ouvert.validation import registry
from ouvert.validation.models import Validation

DATA = Path(__file__).parent / "data"
VALID = (DATA / "subventions-valide.csv").read_bytes()
INVALID = (DATA / "subventions-invalide.csv").read_bytes()


@pytest.fixture
def subventions(db) -> Schema:
    schema = registry.find("scdl/subventions@2.1.1")
    assert schema is not None
    return schema


def dataset_with(make_dataset, quimper_editor, schema: Schema, content: bytes, name: str):
    dataset = make_dataset("Subventions 2024", csv=b"a\n1\n", filename="vide.csv")
    services.update_dataset(quimper_editor, dataset, schema=schema)
    resource = dataset.resources.get()
    version = publishing_services.upload_version(
        quimper_editor, resource, io.BytesIO(content), name
    )
    version.refresh_from_db()
    return dataset, resource, version


def test_the_registry_is_in_the_catalogue(subventions) -> None:
    assert subventions.title and subventions.descriptor["fields"]
    assert subventions.url == (
        "https://schema.data.gouv.fr/schemas/scdl/subventions/2.1.1/schema.json"
    )
    assert registry.find("scdl/subventions").version >= "2.1.1"
    assert registry.find(subventions.url) == subventions
    assert Schema.objects.filter(name__startswith="scdl/").count() >= 5


def test_a_conforming_version_gets_the_badge(
    make_dataset, quimper_editor, subventions, client: Client
) -> None:
    dataset, _resource, version = dataset_with(
        make_dataset, quimper_editor, subventions, VALID, "subventions.csv"
    )
    validation = Validation.objects.get(version=version)
    assert validation.valid and validation.error_count == 0
    page = client.get(f"/jeux-de-donnees/{dataset.slug}/").content.decode()
    assert "Conforme au schéma" in page


def test_a_non_conforming_version_is_published_with_its_report(
    make_dataset, quimper_editor, subventions, client: Client
) -> None:
    dataset, resource, version = dataset_with(
        make_dataset, quimper_editor, subventions, INVALID, "subventions.csv"
    )
    assert version.status == "ready"  # validation informs, it does not block
    validation = Validation.objects.get(version=version)
    assert not validation.valid and validation.error_count > 10
    page = client.get(f"/jeux-de-donnees/{dataset.slug}/").content.decode()
    assert f"Non conforme au schéma Subventions : {validation.error_count} erreurs" in page
    report = client.get(f"/jeux-de-donnees/{dataset.slug}/ressources/{resource.uid}/validation/")
    text = report.content.decode()
    assert (
        report.status_code == 200
        and "Erreurs par colonne" in text
        and "pourcentageSubvention" in text
    )
    full = client.get(
        f"/jeux-de-donnees/{dataset.slug}/ressources/{resource.uid}/validation.json"
    ).json()
    assert full["valid"] is False
    errors = full["tasks"][0]["errors"]
    assert {"type", "title", "message"} <= set(errors[0])
    assert any(e.get("fieldName") == "pourcentageSubvention" for e in errors)


def test_a_spreadsheet_is_validated_too(
    make_dataset, quimper_editor, subventions, tmp_path
) -> None:
    book = openpyxl.Workbook()
    for line in VALID.decode("utf-8").splitlines():
        book.active.append(next(iter(__import__("csv").reader([line]))))
    path = tmp_path / "subventions.xlsx"
    book.save(path)
    _dataset, _resource, version = dataset_with(
        make_dataset, quimper_editor, subventions, path.read_bytes(), "subventions.xlsx"
    )
    assert Validation.objects.get(version=version).valid


def test_the_api(db, client: Client) -> None:
    response = client.post(
        "/api/1/validate",
        {"file": SimpleUploadedFile("s.csv", INVALID), "schema": "scdl/subventions@2.1.1"},
    )
    assert response.status_code == 200
    assert response.json()["valid"] is False
    response = client.post(
        "/api/1/validate",
        {"file": SimpleUploadedFile("s.csv", VALID), "schema": "scdl/subventions"},
    )
    assert response.json()["valid"] is True
    response = client.post(
        "/api/1/validate", {"file": SimpleUploadedFile("s.csv", VALID), "schema": "rien"}
    )
    assert response.status_code == 400 and "Schéma inconnu" in response.json()["error"]


def test_schema_pages_and_templates(subventions, client: Client) -> None:
    listing = client.get("/schemas/").content.decode()
    assert "Subventions" in listing
    page = client.get("/schemas/scdl/subventions@2.1.1/").content.decode()
    assert "nomBeneficiaire" in page and "Modèle vide (CSV)" in page
    template = client.get("/schemas/scdl/subventions@2.1.1/modele.csv")
    header = template.content.decode("utf-8-sig").splitlines()[0].split(",")
    assert header == [f["name"] for f in subventions.descriptor["fields"]]
    xlsx = client.get("/schemas/scdl/subventions@2.1.1/modele.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert [c.value for c in book["Données"][1]] == header
    assert book["Notice"].max_row == len(header) + 1
    assert client.get("/schemas/scdl/rien@1.0/").status_code == 404


def test_automatic_repairs_make_a_conforming_new_version(
    make_dataset, quimper_editor, subventions, client: Client
) -> None:
    import csv

    rows = list(csv.reader(io.StringIO(VALID.decode("utf-8"))))
    column = rows[0].index("dateConvention")
    for row in rows[1:]:  # the dates of the convention as a French spreadsheet writes them
        year, month, day = row[column].split("-")
        row[column] = f"{day}/{month}/{year}"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    french = buffer.getvalue().encode("utf-8")
    dataset, resource, version = dataset_with(
        make_dataset, quimper_editor, subventions, french, "subventions.csv"
    )
    validation = Validation.objects.get(version=version)
    assert not validation.valid and validation.repairs["repairs"]
    client.force_login(quimper_editor)
    page = client.get(f"/espace/jeux/{dataset.slug}/").content.decode()
    assert "Appliquer les corrections" in page
    client.post(f"/espace/versions/{version.uid}/reparer/")
    repaired = resource.versions.order_by("-number").first()
    assert repaired.number == version.number + 1
    assert "corrigée automatiquement" in repaired.provenance
    assert Validation.objects.get(version=repaired).valid
    assert (
        "corrigée automatiquement"
        in client.get(f"/jeux-de-donnees/{dataset.slug}/").content.decode()
    )


def test_a_file_without_schema_gets_the_registrys_best_match(
    make_dataset, quimper_editor, subventions, client: Client
) -> None:
    dataset = make_dataset("Aides 2024", csv=VALID, filename="aides.csv")
    client.force_login(quimper_editor)
    page = client.get(f"/espace/jeux/{dataset.slug}/").content.decode()
    assert "Schéma suggéré" in page and "scdl/subventions@" in page
    client.post(f"/espace/jeux/{dataset.slug}/schema/", {"schema": "scdl/subventions"})
    dataset.refresh_from_db()
    assert dataset.schema.name == "scdl/subventions"
    assert "Schéma suggéré" not in client.get(f"/espace/jeux/{dataset.slug}/").content.decode()


def test_platform_admins_add_a_schema_from_a_file(db, client: Client, django_user_model) -> None:
    admin = django_user_model.objects.create_superuser(
        email="plateforme@ouvert.example", password="x" * 20
    )
    client.force_login(admin)
    descriptor = {"title": "Bancs publics", "fields": [{"name": "commune", "type": "string"}]}
    response = client.post(
        "/admin/catalog/schema/add/",
        {
            "name": "finistere/bancs",
            "version": "1.0.0",
            "title": "",
            "url": "",
            "source": "",
            "upload": SimpleUploadedFile("schema.json", json.dumps(descriptor).encode()),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    schema = Schema.objects.get(name="finistere/bancs")
    assert schema.title == "Bancs publics" and schema.descriptor == descriptor
    broken = client.post(
        "/admin/catalog/schema/add/",
        {"name": "x/y", "version": "1", "upload": SimpleUploadedFile("s.json", b"{pas du json")},
    )
    assert "ne peut pas être lu" in broken.content.decode()


def test_conformity_is_a_search_facet(
    make_dataset, quimper_editor, subventions, client: Client
) -> None:
    bad, _resource, _version = dataset_with(
        make_dataset, quimper_editor, subventions, INVALID, "s.csv"
    )
    make_dataset("Équipements sportifs")  # no schema: in neither value
    page = client.get("/jeux-de-donnees/").content.decode()
    assert "Conformité au schéma" in page and "Non conforme au schéma" in page
    found = client.get("/jeux-de-donnees/", {"conformite": "non-conforme"}).content.decode()
    assert bad.title in found and "Équipements sportifs" not in found
    api = client.get("/api/1/datasets/", {"conformity": "conforme"}).json()
    assert api["total"] == 0
    facets = client.get("/api/1/datasets/").json()["facets"]["conformity"]
    assert facets == [{"value": "non-conforme", "label": "Non conforme au schéma", "count": 1}]


def test_the_latest_version_is_the_highest_not_the_last_in_alphabetical_order(db) -> None:
    for version in ("2.9.1", "2.10.0"):
        Schema.objects.create(
            name="exemple/ordre", version=version, title="Ordre", descriptor={"fields": []}
        )
    assert registry.find("exemple/ordre").version == "2.10.0"
    from ouvert.catalog import services

    assert services.find_schema("exemple/ordre").version == "2.10.0"
    assert registry.find("exemple/ordre@v2.9.1").version == "2.9.1"
