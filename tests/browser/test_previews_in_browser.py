"""The dataset page previews a resource's table (pages, sort, filter through the API), maps its
geometries and shows its column profile."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_table_preview_map_and_profile(demo: dict, make_dataset, live_server, page: Page) -> None:
    lines = ["nom;espece;hauteur;latitude;longitude"]
    species = ["Chêne", "Érable", "Tilleul"]
    for i in range(45):
        lines.append(f"Arbre {i:02d};{species[i % 3]};{(i * 7) % 40 + 2};47,99{i:02d};-4,10{i:02d}")
    dataset = make_dataset(
        "Arbres d'alignement", csv="\n".join(lines).encode("cp1252"), filename="arbres.csv"
    )
    page.goto(f"{live_server.url}/p/quimper/jeux-de-donnees/{dataset.slug}/")

    preview = page.locator("[data-apercu]")
    rows = preview.locator("tbody tr")
    expect(rows).to_have_count(20)
    expect(preview.locator("[data-apercu-position]")).to_have_text("Page 1 sur 3 (45 lignes)")
    expect(rows.first.locator("td").first).to_have_text("Arbre 00")
    expect(rows.first.locator("td").nth(3)).to_have_text("47,99")

    preview.get_by_role("button", name="Page suivante").click()
    expect(rows.first.locator("td").first).to_have_text("Arbre 20")

    preview.get_by_role("button", name="hauteur").click()
    expect(preview.locator("th[aria-sort='ascending']")).to_have_text("hauteur")
    expect(rows.first.locator("td").nth(2)).to_have_text("2")
    preview.get_by_role("button", name="hauteur").click()
    expect(rows.first.locator("td").nth(2)).to_have_text("41")

    preview.get_by_label("Colonne").select_option(label="espece")
    preview.get_by_label("Valeur").fill("Érable")
    preview.get_by_role("button", name="Filtrer").click()
    expect(preview.locator("[data-apercu-position]")).to_have_text("Page 1 sur 1 (15 lignes)")
    expect(rows.first.locator("td").nth(1)).to_have_text("Érable")

    carte = page.locator("[data-carte]")
    expect(carte).to_have_attribute("data-objets", "45")
    expect(page.locator("[data-carte-etat]")).to_have_text("45 objets sur la carte.")

    page.get_by_text("Profil des colonnes", exact=True).click()
    profile = page.locator(".profil")
    expect(profile).to_contain_text("nombre entier")
    expect(profile).to_contain_text("Chêne (15)")
    check_accessibility(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le tableau typé (Parquet)").click()
    assert download.value.suggested_filename == "arbres.parquet"


def test_years_and_codes_are_shown_as_written(demo: dict, make_dataset, live_server, page: Page):
    lines = ["nom;annee;montant;numero_ordre"] + [
        f"Club {i};{2010 + i};{12000 + i};{75019 + i}" for i in range(5)
    ]
    dataset = make_dataset(
        "Subventions par année", csv="\n".join(lines).encode(), filename="aides.csv"
    )
    page.goto(f"{live_server.url}/p/quimper/jeux-de-donnees/{dataset.slug}/")
    first = page.locator("[data-apercu] tbody tr").first.locator("td")
    expect(first.nth(1)).to_have_text("2010")  # a year, never « 2 010 »
    expect(first.nth(2)).to_have_text("12\u202f000")  # a quantity
    expect(first.nth(3)).to_have_text("75019")  # a number named as an identifier
