"""A draft or private dataset never appears to someone without rights — through any door."""

from __future__ import annotations

import pytest
from django.test import Client

from ouvert.accounts.models import Role
from ouvert.accounts.services import create_api_token
from ouvert.catalog import services
from ouvert.territory.models import Organisation

SECRET_WORD = "zygomorphe"


@pytest.fixture
def hidden(make_dataset, demo, quimper_editor):
    """A draft, a private dataset shared with QBO, and a public one, all of Quimper."""
    draft = make_dataset(
        f"Brouillon {SECRET_WORD}",
        f"Texte {SECRET_WORD}.",
        publish=False,
        keywords=["motcachebrouillon"],
        themes=["HEAL"],
    )
    private = make_dataset(
        f"Privé {SECRET_WORD}",
        f"Texte {SECRET_WORD}.",
        publish=True,
        keywords=["motcacheprive"],
        themes=["HEAL"],
    )
    services.make_private(quimper_editor, private, [demo["qbo"]])
    public = make_dataset("Public visible", "Tout le monde le voit.", themes=["ECON"])
    return {"draft": draft, "private": private, "public": public}


def doors(client: Client, dataset, **headers) -> dict[str, str]:
    """Every way a dataset could leak, as text to search in."""
    version = dataset.resources.get().current_version
    pages = {
        "home": client.get("/", **headers),
        "search page": client.get(f"/jeux-de-donnees/?q={SECRET_WORD}", **headers),
        "search all": client.get("/jeux-de-donnees/", **headers),
        "quick search": client.get(f"/recherche/?q={SECRET_WORD}", **headers),
        "facets": client.get("/jeux-de-donnees/?theme=HEAL", **headers),
        "organisation page": client.get("/organisations/ville-de-quimper/", **headers),
        "dataset page": client.get(f"/jeux-de-donnees/{dataset.slug}/", **headers),
        "dataset page by uid": client.get(f"/jeux-de-donnees/{dataset.uid}/", **headers),
        "download": client.get(f"/telechargement/{version.uid}/{version.filename}", **headers),
        "latest": client.get(
            f"/jeux-de-donnees/{dataset.slug}/ressources/{dataset.resources.get().uid}/telecharger/",
            **headers,
        ),
        "api list": client.get(f"/api/1/datasets/?q={SECRET_WORD}", **headers),
        "api list all": client.get("/api/1/datasets/?page_size=100", **headers),
        "api facets": client.get("/api/1/datasets/?theme=HEAL", **headers),
        "api detail": client.get(f"/api/1/datasets/{dataset.uid}/", **headers),
        "api detail by slug": client.get(f"/api/1/datasets/{dataset.slug}/", **headers),
        "api resources": client.get(f"/api/1/datasets/{dataset.uid}/resources/", **headers),
        "sitemap": client.get("/sitemap.xml", **headers),
        "rss": client.get("/flux/jeux-de-donnees.rss", **headers),
        "atom": client.get("/flux/jeux-de-donnees.atom", **headers),
    }
    found = {}
    for name, response in pages.items():
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        found[name] = f"{response.status_code} {text}"
    return found


def leaks(found: dict[str, str], dataset, *, check_facets: bool = True) -> list[str]:
    keywords = list(dataset.keywords.values_list("slug", flat=True))
    markers = [dataset.slug, str(dataset.uid), dataset.title, "nom;type", *keywords]
    return [
        name
        for name, text in found.items()
        if any(marker in text for marker in markers)
        or (check_facets and name == "facets" and ">Santé<" in text)
        or (check_facets and name == "api facets" and '"HEAL"' in text)
    ]


@pytest.mark.parametrize("which", ["draft", "private"])
def test_nothing_leaks_to_anonymous_visitors(hidden, client: Client, which: str) -> None:
    assert leaks(doors(client, hidden[which]), hidden[which]) == []


@pytest.mark.parametrize("which", ["draft", "private"])
def test_nothing_leaks_to_another_commune(hidden, client: Client, make_user, which: str) -> None:
    neighbour = make_user(Organisation.objects.get(slug="commune-29051"), Role.ADMIN)
    client.force_login(neighbour)
    assert leaks(doors(client, hidden[which]), hidden[which]) == []
    client.logout()
    token = create_api_token(neighbour, "t").secret
    found = doors(client, hidden[which], HTTP_AUTHORIZATION=f"Apikey {token}")
    assert [name for name in leaks(found, hidden[which]) if name.startswith("api")] == []


def test_the_public_one_is_everywhere(hidden, client: Client) -> None:
    found = doors(client, hidden["public"])
    for name in (
        "home",
        "search all",
        "organisation page",
        "dataset page",
        "api list all",
        "api detail",
        "sitemap",
        "rss",
        "atom",
    ):
        assert hidden["public"].slug in found[name] or str(hidden["public"].uid) in found[name], (
            name
        )
    assert found["download"].startswith("200 nom;type")


def test_the_organisation_sees_its_drafts(hidden, client: Client, quimper_editor) -> None:
    client.force_login(quimper_editor)
    found = doors(client, hidden["draft"])
    for name in ("search page", "organisation page", "dataset page", "download", "api detail"):
        assert found[name].startswith("200"), name
    # Public doors stay public-only, whoever asks.
    assert hidden["draft"].slug not in found["sitemap"]
    assert hidden["draft"].slug not in found["rss"]


def test_a_private_dataset_is_shared_with_the_named_organisations(hidden, client, make_user, demo):
    qbo_member = make_user(demo["qbo"], Role.EDITOR)
    client.force_login(qbo_member)
    found = doors(client, hidden["private"])
    assert found["dataset page"].startswith("200")
    assert found["download"].startswith("200")
    assert found["api detail"].startswith("200")
    # ...but not the draft of the same organisation (the theme facet counts the private one).
    found = doors(client, hidden["draft"])
    assert [n for n in leaks(found, hidden["draft"], check_facets=False) if n != "download"] == []
    assert found["download"].startswith("404")


def test_guessing_a_draft_url_gives_404_not_403(hidden, client: Client) -> None:
    assert client.get(f"/jeux-de-donnees/{hidden['draft'].slug}/").status_code == 404
    assert client.get(f"/api/1/datasets/{hidden['draft'].uid}/").status_code == 404


def test_portals_only_show_their_organisations(
    make_dataset, demo, client: Client, make_user
) -> None:
    brest_editor = make_user(demo["brest"], Role.EDITOR)
    brest = make_dataset(
        "Stationnement à Brest", "Parkings.", organisation=demo["brest"], actor=brest_editor
    )
    assert client.get(f"/jeux-de-donnees/{brest.slug}/").status_code == 200
    assert client.get(f"/p/qbo/jeux-de-donnees/{brest.slug}/").status_code == 404
    assert brest.slug not in client.get("/p/quimper/jeux-de-donnees/").content.decode()
    assert client.get(f"/p/quimper/api/1/datasets/{brest.uid}/").status_code == 404
