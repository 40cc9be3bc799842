"""The personal-data guard in the browser: a held file is explained column by column, corrected
by the editor, released by an admin with a justification."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ouvert.accounts.models import Role
from tests.browser.conftest import check_accessibility
from tests.browser.test_people_in_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSONAL = (
    "nom;courriel;commune\n"
    + "".join(f"Habitant {i};habitant.{i}@free.fr;Quimper\n" for i in range(25))
).encode()


def test_a_held_file_is_corrected_then_published(
    demo: dict, make_dataset, live_server, page: Page, make_user
) -> None:
    editor = make_user(demo["quimper"], Role.EDITOR, email="agente@quimper.example")
    dataset = make_dataset("Inscriptions", csv=PERSONAL, filename="inscriptions.csv", actor=editor)
    base = f"{live_server.url}/p/quimper"
    log_in(page, base, "agente@quimper.example")

    page.goto(f"{base}/espace/")
    expect(page.locator("#titre-retenues")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Inscriptions").first.click()
    review = page.locator(".retenue")
    expect(review).to_contain_text("courriel")
    expect(review).to_contain_text("adresses e-mail")
    expect(review).not_to_contain_text("@free.fr")  # examples are masked
    check_accessibility(page)
    review.get_by_label("Correction pour « courriel »").select_option("drop")
    review.get_by_role("button", name="Appliquer").first.click()
    expect(page.locator(".messages")).to_contain_text("Correction appliquée")
    expect(page.locator("li", has_text="Version 2")).to_contain_text("En ligne")

    visitor = page.context.browser.new_context(locale="fr-FR", bypass_csp=True).new_page()
    visitor.goto(f"{base}/jeux-de-donnees/{dataset.slug}/")
    expect(visitor.locator("[data-apercu] tbody tr")).to_have_count(20)
    expect(visitor.locator("[data-apercu] thead")).not_to_contain_text("courriel")
