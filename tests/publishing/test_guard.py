"""The personal-data guard: a version at risk is held back from every door, explained per
column, remedied or released with a justification, and every decision is in the audit log."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from ouvert.accounts.models import Role
from ouvert.catalog.models import ResourceVersion
from ouvert.engine.privacy import read_metadata
from ouvert.publishing import guard
from ouvert.publishing import services as publishing_services
from ouvert.publishing.models import AuditEntry, Review

CLEAN = b"nom;commune\nGymnase de Kerlan;Quimper\nPiscine du Moulin;Brest\n"
FIRST = ["Jean-Pierre Le Goff", "Marie Kerjean", "Yann Le Bihan", "Sophie Tanguy", "Paul Morvan"]
PERSONAL = (
    "nom;courriel;telephone\n"
    + "".join(
        f"{name};{name.split()[0].lower()}.{i}@orange.fr;06 12 34 56 {i:02d}\n"
        for i, name in enumerate(FIRST * 4)
    )
).encode()


@pytest.fixture
def held(make_dataset, quimper_editor) -> ResourceVersion:
    dataset = make_dataset("Inscriptions", csv=CLEAN, filename="inscriptions.csv")
    resource = dataset.resources.get()
    version = publishing_services.upload_version(
        quimper_editor, resource, io.BytesIO(PERSONAL), "inscriptions.csv"
    )
    version.refresh_from_db()
    return version


def test_a_version_with_personal_data_is_held_with_an_explanation(held) -> None:
    assert held.status == ResourceVersion.Status.HELD
    assert "courriel" in held.status_message and "adresses e-mail" in held.status_message
    review = Review.objects.get(version=held)
    assert review.decision == Review.Decision.HELD
    assert {f["column"] for f in review.findings} >= {"courriel", "telephone"}
    assert all("@orange.fr" not in e for f in review.findings for e in f["examples"])
    entry = AuditEntry.objects.get(version=held, kind=AuditEntry.Kind.HELD)
    assert "courriel" in entry.summary
    held.resource.refresh_from_db()
    assert held.resource.current_version.number == 1


def test_a_held_version_cannot_be_reached_through_any_door(
    held, client: Client, quimper_editor
) -> None:
    resource = held.resource
    dataset = resource.dataset
    secret = "orange.fr"
    doors = {
        "original": f"/telechargement/{held.uid}/inscriptions.csv",
        "table": f"/telechargement/{held.uid}/tableau/inscriptions.parquet",
        "page": f"/jeux-de-donnees/{dataset.slug}/",
        "records": f"/api/explore/v2.1/catalog/datasets/{resource.api_id}/records?limit=100",
        "export csv": f"/api/explore/v2.1/catalog/datasets/{resource.api_id}/exports/csv",
        "export json": f"/api/explore/v2.1/catalog/datasets/{resource.api_id}/exports/json",
        "tabular": f"/api/resources/{resource.uid}/data/",
        "tabular csv": f"/api/resources/{resource.uid}/data/csv/",
        "versions": f"/api/1/datasets/{dataset.slug}/resources/{resource.uid}/versions/",
        "dataset api": f"/api/1/datasets/{dataset.slug}/",
        "search": "/api/1/datasets/?q=Kerjean",
        "dcat": "/catalog.ttl",
        "feed": "/flux/jeux-de-donnees.rss",
    }
    for door, url in doors.items():
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert secret.encode() not in body and b"Kerjean" not in body.replace(b"q=Kerjean", b""), (
            door
        )
        assert str(held.uid).encode() not in body or door in ("original", "table"), door
        if door in ("original", "table"):
            assert response.status_code == 404, door
    # Its organisation's people see it, to correct it.
    client.force_login(quimper_editor)
    assert client.get(doors["original"]).status_code == 200
    assert (
        "Données personnelles suspectées"
        in client.get(f"/espace/jeux/{dataset.slug}/").content.decode()
    )


def test_release_needs_an_admin_and_a_justification(held, demo, make_user) -> None:
    editor = held.author
    with pytest.raises(PermissionDenied):
        guard.release(editor, held, "Ce sont des adresses professionnelles publiques.")
    admin = make_user(demo["quimper"], Role.ADMIN, email="admin@quimper.example")
    with pytest.raises(ValidationError, match="20 caractères"):
        guard.release(admin, held, "ok")
    guard.release(admin, held, "Adresses professionnelles des agents d'accueil, publiques.")
    held.refresh_from_db()
    held.resource.refresh_from_db()
    assert held.status == ResourceVersion.Status.READY
    assert held.resource.current_version == held
    entry = AuditEntry.objects.get(version=held, kind=AuditEntry.Kind.RELEASED)
    assert entry.actor == admin and "professionnelles" in entry.justification
    with pytest.raises(ValidationError, match="pas retenue"):
        guard.release(admin, held, "Adresses professionnelles des agents d'accueil, publiques.")


def test_remedies_make_a_new_version_that_goes_online(held, quimper_editor, client: Client) -> None:
    first = guard.remedy(quimper_editor, held, "courriel", "drop")
    first.refresh_from_db()
    assert first.status == ResourceVersion.Status.HELD  # the phones are still there
    second = guard.remedy(quimper_editor, first, "telephone", "mask")
    second.refresh_from_db()
    assert second.status == ResourceVersion.Status.HELD  # the people's names are still there
    third = guard.remedy(quimper_editor, second, "nom", "pseudonymise")
    third.refresh_from_db()
    assert third.status == ResourceVersion.Status.READY, third.status_message
    second = third
    second.resource.refresh_from_db()
    assert second.resource.current_version == second
    records = client.get(
        f"/api/explore/v2.1/catalog/datasets/{second.resource.api_id}/records", {"limit": 1}
    ).json()["results"]
    assert set(records[0]) == {"nom", "telephone"}
    assert "*" in records[0]["telephone"]
    kinds = list(
        AuditEntry.objects.filter(kind=AuditEntry.Kind.REMEDIED).values_list("details", flat=True)
    )
    assert [k["remedy"] for k in kinds] == ["pseudonymise", "mask", "drop"]
    with pytest.raises(ValidationError, match="pas retenue"):
        guard.remedy(quimper_editor, second, "telephone", "drop")


def test_pseudonyms_are_stable_and_keyed(held, quimper_editor, client: Client) -> None:
    remedied = guard.remedy(quimper_editor, held, "courriel", "pseudonymise")
    table = remedied.table
    import duckdb

    values = [
        r[0]
        for r in duckdb.connect()
        .execute("SELECT courriel FROM read_parquet(?) ORDER BY __id", [str(table.absolute_path)])
        .fetchall()
    ]
    assert all("@" not in v for v in values)
    assert values[0] != values[1] and len(set(values)) == 20


def test_office_file_properties_are_stripped_from_what_is_served(
    make_dataset, client: Client, tmp_path
) -> None:
    book = openpyxl.Workbook()
    book.active.append(["équipement", "commune"])
    book.active.append(["Gymnase", "Quimper"])
    book.properties.creator = "Martine Dupont"
    book.properties.lastModifiedBy = "Martine Dupont"
    path = tmp_path / "equipements.xlsx"
    book.save(path)
    dataset = make_dataset("Équipements", csv=path.read_bytes(), filename="equipements.xlsx")
    version = dataset.resources.get().current_version
    assert version.status == ResourceVersion.Status.READY
    served = client.get(f"/telechargement/{version.uid}/equipements.xlsx")
    copy = tmp_path / "servi.xlsx"
    copy.write_bytes(b"".join(served.streaming_content))
    assert read_metadata(copy) == []
    assert openpyxl.load_workbook(copy).active["A2"].value == "Gymnase"
    assert AuditEntry.objects.filter(
        version=version, kind=AuditEntry.Kind.METADATA_STRIPPED
    ).exists()


def test_the_audit_log_is_for_platform_admins(
    held, client: Client, quimper_editor, django_user_model
) -> None:
    client.force_login(quimper_editor)
    assert client.get("/espace/journal/").status_code == 403
    admin = django_user_model.objects.create_superuser(
        email="plateforme@ouvert.example", password="x" * 20
    )
    client.force_login(admin)
    page = client.get("/espace/journal/")
    assert page.status_code == 200 and "Version retenue" in page.content.decode()
    exported = client.get("/espace/journal.csv")
    rows = list(
        csv.reader(
            io.StringIO(b"".join(exported.streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )
    assert rows[0][0] == "date" and any(r[1] == "Version retenue" for r in rows[1:])


def test_the_back_office_offers_the_remedies(held, client: Client, quimper_editor) -> None:
    client.force_login(quimper_editor)
    page = client.get(f"/espace/jeux/{held.resource.dataset.slug}/").content.decode()
    assert "Données personnelles suspectées" in page
    assert "Supprimer la colonne" in page
    assert "Publier quand même" not in page  # editors do not release
    response = client.post(
        f"/espace/versions/{held.uid}/corriger/", {"colonne": "courriel", "correction": "drop"}
    )
    assert response.status_code == 302
    assert ResourceVersion.objects.filter(resource=held.resource).count() == 3
    assert (
        json.dumps(list(Review.objects.filter(version=held).values_list("decision", flat=True)))
        == '["remedied"]'
    )


def test_the_dashboard_lists_held_versions(held, client: Client, quimper_editor) -> None:
    client.force_login(quimper_editor)
    page = client.get("/espace/").content.decode()
    assert "Fichiers retenus" in page and "Inscriptions" in page
