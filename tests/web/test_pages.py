"""Pages render in French, safely, on every portal."""

from __future__ import annotations

import pytest
from django.test import Client

from ouvert.accounts.models import Role
from ouvert.territory.models import Organisation, Portal

PAGES = [
    "/",
    "/organisations/",
    "/organisations/ville-de-quimper/",
    "/recherche/?q=quimper",
    "/connexion/",
    "/mot-de-passe/oubli/",
]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("prefix", ["", "/p/quimper"])
def test_public_pages_render(demo: dict, client: Client, path: str, prefix: str) -> None:
    response = client.get(prefix + path)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Content-Security-Policy" in response.headers
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_search_ignores_accents_and_case(demo: dict, client: Client) -> None:
    html = client.get("/recherche/?q=ERGUE gaberic").content.decode()
    assert "Commune d&#x27;Ergué-Gabéric" in html or "Commune de Ergué-Gabéric" in html
    html = client.get("/recherche/?q=finistere").content.decode()
    assert "Département du Finistère" in html


def test_hostile_markdown_is_neutralised(demo: dict, client: Client) -> None:
    Organisation.objects.filter(slug="ville-de-quimper").update(
        description=(
            "# Titre\n<script>alert('x')</script>\n[clic](javascript:alert(1)) "
            '<img src=x onerror="alert(2)"> <a href="https://ok.example" onclick="x()">ok</a>'
        )
    )
    html = client.get("/organisations/ville-de-quimper/").content.decode()
    assert "<script>alert" not in html
    assert "javascript:" not in html
    assert "onerror" not in html and "onclick" not in html
    assert '<a href="https://ok.example" rel="nofollow noopener noreferrer">ok</a>' in html
    assert "<h2>Titre</h2>" in html


def test_a_huge_title_does_not_break_the_home(demo: dict, client: Client) -> None:
    Portal.objects.filter(slug="quimper").update(tagline="A" * 200, home_text="B" * 100_000)
    assert client.get("/p/quimper/").status_code == 200


def test_organisation_admins_edit_their_profile(demo: dict, make_user, client: Client) -> None:
    admin = make_user(demo["quimper"], Role.ADMIN)
    client.force_login(admin)
    response = client.post(
        "/organisations/ville-de-quimper/modifier/",
        {
            "name": "Ville de Quimper",
            "description": "Chef-lieu du Finistère.",
            "website": "quimper.bzh",
            "email": "contact@quimper.bzh",
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(slug="ville-de-quimper")
    assert organisation.website == "https://quimper.bzh"
    assert organisation.description == "Chef-lieu du Finistère."
    editor = make_user(demo["quimper"], Role.EDITOR)
    client.force_login(editor)
    assert client.get("/organisations/ville-de-quimper/modifier/").status_code == 403


def test_a_logo_must_be_an_image(demo: dict, make_user, client: Client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = make_user(demo["quimper"], Role.ADMIN)
    client.force_login(admin)
    svg = SimpleUploadedFile("logo.svg", b"<svg onload='alert(1)'></svg>", "image/svg+xml")
    response = client.post(
        "/organisations/ville-de-quimper/modifier/",
        {"name": "Ville de Quimper", "logo": svg},
    )
    assert response.status_code == 200
    assert "image" in response.content.decode()
    assert not Organisation.objects.get(slug="ville-de-quimper").logo


def test_the_django_admin_is_for_platform_admins_only(
    demo: dict, make_user, client: Client
) -> None:
    org_admin = make_user(demo["quimper"], Role.ADMIN, is_staff=True)
    client.force_login(org_admin)
    assert client.get("/admin/").status_code == 302
    root = make_user(is_staff=True, is_superuser=True)
    client.force_login(root)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Administration de la plateforme" in response.content.decode()


def test_error_pages_are_french(demo: dict, client: Client) -> None:
    response = client.get("/organisations/inexistante/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
