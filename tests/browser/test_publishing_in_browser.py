"""Publishing a dataset in the browser, finding it, downloading it, versioning it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ouvert.accounts.models import Role
from tests.browser.conftest import check_accessibility
from tests.browser.test_people_in_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_publish_find_download_and_version(
    demo: dict, live_server, page: Page, make_user, tmp_path
):
    make_user(demo["quimper"], Role.EDITOR, email="agente@quimper.example")
    base = f"{live_server.url}/p/quimper"
    log_in(page, base, "agente@quimper.example")

    page.get_by_role("link", name="Publier").click()
    expect(page.locator("h1")).to_have_text("Espace de publication")
    check_accessibility(page)
    page.get_by_role("link", name="Nouveau jeu de données").click()
    page.get_by_label("Titre").fill("Équipements sportifs municipaux")
    page.get_by_label("Description").fill(
        "Liste des gymnases et des piscines gérés par la Ville, mise à jour chaque année."
    )
    page.get_by_label("Mots-clés").fill("sport, équipements")
    page.get_by_label("Éducation, culture et sport").check()
    check_accessibility(page)
    page.get_by_role("button", name="Créer le brouillon").click()
    expect(page.locator(".messages")).to_contain_text("Brouillon enregistré")
    check_accessibility(page)

    first = tmp_path / "equipements.csv"
    first.write_text("nom;type\nPiscine de Kerlan;piscine\n", encoding="utf-8")
    page.get_by_label("Fichier", exact=False).first.set_input_files(str(first))
    page.get_by_role("button", name="Envoyer le fichier").click()
    expect(page.locator(".messages")).to_contain_text("equipements.csv")
    page.get_by_role("button", name="Publier").click()
    expect(page.locator(".messages")).to_contain_text("publié")

    # A visitor finds it by a word of its description, typed without accents.
    visitor = page.context.browser.new_context(locale="fr-FR", bypass_csp=True).new_page()
    visitor.goto(f"{base}/jeux-de-donnees/?q=geres+piscine")
    expect(visitor.get_by_role("heading", name="1 jeu de données")).to_be_visible()
    visitor.get_by_role("link", name="Équipements sportifs municipaux").click()
    check_accessibility(visitor)
    with visitor.expect_download() as download_info:
        visitor.get_by_role("link", name=re.compile("Télécharger")).first.click()
    first_download = download_info.value
    assert first_download.suggested_filename == "equipements.csv"
    first_url = first_download.url
    assert Path(first_download.path()).read_text(encoding="utf-8") == first.read_text(
        encoding="utf-8"
    )

    # The publisher uploads a second version.
    second = tmp_path / "equipements-2027.csv"
    second.write_text("nom;type\nPiscine de Kerlan;piscine\nGymnase de Penhars;gymnase\n")
    page.get_by_label("Nouvelle version de « equipements.csv »").set_input_files(str(second))
    page.get_by_role("button", name="Envoyer la nouvelle version").click()
    expect(page.locator(".messages")).to_contain_text("Version 2 en ligne")

    # The first version stays downloadable at its permanent URL.
    response = visitor.request.get(first_url)
    assert response.status == 200
    assert response.text() == first.read_text(encoding="utf-8")
    visitor.reload()
    visitor.get_by_text("Historique des versions (2)").click()
    expect(visitor.get_by_role("link", name="Télécharger la version 1")).to_be_visible()
    check_accessibility(visitor)
