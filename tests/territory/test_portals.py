"""Portals: resolved from the Host header or /p/<slug>/, themed, scoped."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from ouvert.territory.models import Organisation, Portal
from ouvert.territory.selectors import list_portal_organisations
from ouvert.territory.theme import Theme, contrast


def title(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match, html[:500]
    return match.group(1).strip()


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("finistere.localhost", "Open data Finistère"),
        ("qbo.localhost", "Données de Quimper Bretagne Occidentale"),
        ("quimper.localhost", "Quimper, données ouvertes"),
        ("QUIMPER.localhost:8000", "Quimper, données ouvertes"),
        ("127.0.0.1:8000", "Open data Finistère"),
        ("localhost", "Open data Finistère"),
    ],
)
def test_portals_answer_by_host(demo: dict, client: Client, host: str, expected: str) -> None:
    response = client.get("/", HTTP_HOST=host)
    assert response.status_code == 200
    assert title(response.content.decode()) == expected


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("finistere", "Open data Finistère"),
        ("qbo", "Données de Quimper Bretagne Occidentale"),
        ("quimper", "Quimper, données ouvertes"),
    ],
)
def test_portals_answer_by_path_prefix(
    demo: dict, client: Client, slug: str, expected: str
) -> None:
    response = client.get(f"/p/{slug}/", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200
    html = response.content.decode()
    assert title(html) == expected
    # Links stay inside the prefix.
    assert f'href="/p/{slug}/organisations/"' in html
    assert f'href="/p/{slug}/theme.css' in html


def test_each_portal_has_its_own_colours(demo: dict, client: Client) -> None:
    quimper = client.get("/theme.css", HTTP_HOST="quimper.localhost").content.decode()
    qbo = client.get("/p/qbo/theme.css").content.decode()
    assert "--couleur-primaire:#b3261e" in quimper
    assert "--couleur-primaire:#5c2d91" in qbo


def test_an_unknown_host_or_portal_is_refused(demo: dict, client: Client) -> None:
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "nom de domaine" in response.content.decode()
    assert client.get("/p/inconnu/").status_code == 404
    assert client.get("/p/quimper/", HTTP_HOST="evil.example").status_code == 400


def test_portal_scope(demo: dict) -> None:
    platform = Portal.objects.get(slug="finistere")
    qbo = Portal.objects.get(slug="qbo")
    quimper = Portal.objects.get(slug="quimper")
    everything = set(Organisation.objects.all())
    assert set(list_portal_organisations(platform)) == everything
    qbo_scope = set(list_portal_organisations(qbo))
    assert demo["qbo"] in qbo_scope and demo["quimper"] in qbo_scope
    assert len(qbo_scope) == 15  # the EPCI and its 14 communes
    assert demo["brest"] not in qbo_scope
    assert set(list_portal_organisations(quimper)) == {demo["quimper"]}


def test_organisation_pages_are_scoped_to_the_portal(demo: dict, client: Client) -> None:
    assert (
        client.get("/organisations/brest-metropole/", HTTP_HOST="quimper.localhost").status_code
        == 404
    )
    assert client.get("/p/qbo/organisations/brest-metropole/").status_code == 404
    assert client.get("/organisations/brest-metropole/").status_code == 200
    assert client.get("/p/qbo/organisations/commune-29051/").status_code == 200


def test_the_platform_home_lists_hosted_portals_with_both_addresses(
    demo: dict, client: Client
) -> None:
    html = client.get("/", HTTP_HOST="127.0.0.1:8000").content.decode()
    assert 'href="http://quimper.localhost:8000/"' in html
    assert 'href="/p/quimper/"' in html
    assert 'href="http://qbo.localhost:8000/"' in html
    quimper_home = client.get("/", HTTP_HOST="quimper.localhost").content.decode()
    assert "Portails hébergés" not in quimper_home


def test_theme_colours_keep_readable_contrast() -> None:
    for primary in ("#ffff00", "#00607a", "#b3261e", "#f0f0f0", "#000000"):
        properties = Theme(primary, "#ffffff").properties()
        assert (
            contrast(properties["--couleur-primaire"], properties["--couleur-primaire-texte"])
            >= 4.5
        )
        assert contrast(properties["--couleur-lien"], "#ffffff") >= 4.5


def test_portal_colours_must_be_hex(demo: dict) -> None:
    from django.core.exceptions import ValidationError

    portal = Portal.objects.get(slug="quimper")
    portal.primary_colour = "red;} body{display:none"
    with pytest.raises(ValidationError):
        portal.full_clean()
