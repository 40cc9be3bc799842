"""A correction refused to another organisation's editor says nothing of a dataset they may not
see: a 404 without its slug or title, never a redirect to its back-office page."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ouvert.accounts.models import Role
from ouvert.catalog.models import ResourceVersion
from ouvert.publishing.services import upload_version
from ouvert.territory.models import Organisation

PERSONAL = (
    "nom;courriel\n"
    + "".join(
        f"{name};{name.split()[0].lower()}.{i}@orange.fr\n"
        for i, name in enumerate(["Marie Kerjean", "Yann Le Bihan", "Sophie Tanguy"] * 6)
    )
).encode()


@pytest.fixture
def draft(make_dataset, quimper_editor):
    """A draft of Quimper with a held version (the slug and title are the secret)."""
    dataset = make_dataset(
        "Brouillon confidentiel", publish=False, slug="brouillon-confidentiel-quimper"
    )
    resource = dataset.resources.get()
    held = upload_version(quimper_editor, resource, io.BytesIO(PERSONAL), "v2.csv")
    held.refresh_from_db()
    assert held.status == ResourceVersion.Status.HELD
    return dataset, resource, held


@pytest.fixture
def neighbour(make_user):
    return make_user(Organisation.objects.get(slug="commune-29051"), Role.ADMIN)


def _posts(dataset, resource, version) -> dict[str, tuple[str, dict]]:
    upload = {"file": SimpleUploadedFile("v3.csv", b"nom\nx\n", content_type="text/csv")}
    return {
        "remedy": (f"/espace/versions/{version.uid}/corriger/", {"colonne": "courriel",
                                                                   "correction": "drop"}),
        "release": (f"/espace/versions/{version.uid}/publier/", {"justification": "x" * 40}),
        "repairs": (f"/espace/versions/{version.uid}/reparer/", {}),
        "version state": (f"/espace/versions/{version.uid}/etat/", {}),
        "version upload": (
            f"/espace/jeux/{dataset.slug}/ressources/{resource.uid}/version/", upload
        ),
        "resource upload": (
            f"/espace/jeux/{dataset.slug}/ressources/fichier/",
            {"fichier-file": SimpleUploadedFile("r.csv", b"a\n1\n", content_type="text/csv")},
        ),
        "link": (f"/espace/jeux/{dataset.slug}/ressources/lien/", {"lien-url": "https://a.fr/x"}),
        "status": (f"/espace/jeux/{dataset.slug}/statut/publier/", {}),
        "schema": (f"/espace/jeux/{dataset.slug}/schema/", {"schema": "scdl/subventions"}),
        "edit": (f"/espace/jeux/{dataset.slug}/modifier/", {"title": "Pris"}),
        "delete": (f"/espace/jeux/{dataset.slug}/supprimer/", {}),
    }  # fmt: skip


def test_refused_corrections_on_a_draft_reveal_nothing(draft, neighbour) -> None:
    dataset, resource, held = draft
    client = Client()
    client.force_login(neighbour)
    leaks = []
    for name, (url, data) in _posts(dataset, resource, held).items():
        response = client.post(url, data)
        body = response.content.decode()
        if (
            response.status_code != 404
            or dataset.slug in response.get("Location", "")
            or dataset.slug in body
            or dataset.title in body
        ):
            leaks.append(f"{name}: {response.status_code} {response.get('Location', '')}")
    assert leaks == []
    held.refresh_from_db()
    dataset.refresh_from_db()
    assert held.status == ResourceVersion.Status.HELD
    assert dataset.title == "Brouillon confidentiel" and dataset.resources.count() == 1
    assert ResourceVersion.objects.filter(resource=resource).count() == 2


def test_refused_corrections_on_a_public_dataset_are_403s(
    make_dataset, quimper_editor, neighbour
) -> None:
    """A public version may be seen: the refusal says why, and redirects nowhere."""
    dataset = make_dataset("Public")
    version = dataset.resources.get().current_version
    client = Client()
    client.force_login(neighbour)
    for url, data in (
        (f"/espace/versions/{version.uid}/corriger/", {"colonne": "nom", "correction": "drop"}),
        (f"/espace/versions/{version.uid}/publier/", {"justification": "x" * 40}),
        (f"/espace/versions/{version.uid}/reparer/", {}),
    ):
        response = client.post(url, data)
        assert response.status_code == 403, url
        assert "Location" not in response
        assert "Vous" in response.content.decode()  # the French reason


def test_the_owner_still_gets_the_reason_on_the_dataset_page(draft, quimper_editor) -> None:
    """An editor of the organisation may not release (admins only): told so on the page."""
    dataset, _resource, held = draft
    client = Client()
    client.force_login(quimper_editor)
    response = client.post(
        f"/espace/versions/{held.uid}/publier/", {"justification": "x" * 40}, follow=True
    )
    assert response.redirect_chain[0][0] == f"/espace/jeux/{dataset.slug}/"
    assert "administrateurs" in response.content.decode()
