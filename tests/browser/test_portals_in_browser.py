"""Switching between portals in a real browser: each answers with its own name and colours."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_switching_portals_by_domain_and_by_path(demo: dict, live_server, page: Page) -> None:
    port = live_server.url.rsplit(":", 1)[1]
    page.goto(f"http://127.0.0.1:{port}/")
    expect(page.locator("h1")).to_have_text("Open data Finistère")
    expect(page.locator(".entete")).to_have_css("background-color", "rgb(0, 96, 122)")
    check_accessibility(page)

    # The platform lists the portals it hosts; follow QBO's domain link.
    page.get_by_role("link", name="Données de Quimper Bretagne Occidentale", exact=True).click()
    expect(page.locator("h1")).to_have_text("Données de Quimper Bretagne Occidentale")
    assert page.url == f"http://qbo.localhost:{port}/"
    expect(page.locator(".entete")).to_have_css("background-color", "rgb(92, 45, 145)")
    check_accessibility(page)

    # The same portal by path prefix keeps its prefix when browsing.
    page.goto(f"http://127.0.0.1:{port}/p/quimper/")
    expect(page.locator("h1")).to_have_text("Quimper, données ouvertes")
    expect(page.locator(".entete")).to_have_css("background-color", "rgb(179, 38, 30)")
    check_accessibility(page)
    page.get_by_role("link", name="Organisations", exact=True).first.click()
    assert page.url == f"http://127.0.0.1:{port}/p/quimper/organisations/"
    expect(page.locator(".carte__titre")).to_have_count(1)
    page.get_by_role("link", name="Ville de Quimper").click()
    expect(page.locator("h1")).to_contain_text("Ville de Quimper")
    check_accessibility(page)


def test_search_from_a_portal_home(demo: dict, live_server, page: Page) -> None:
    page.goto(f"{live_server.url}/p/qbo/")
    page.get_by_label("Rechercher sur Données de Quimper Bretagne Occidentale").fill("locronan")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("link", name="Commune de Locronan")).to_be_visible()
    assert "/p/qbo/recherche/" in page.url
    check_accessibility(page)


def test_the_accessibility_check_can_fail(page: Page) -> None:
    page.set_content(
        '<html><head><title>t</title></head><body><main><img src="x.png">'
        '<input type="text"></main></body></html>'
    )
    with pytest.raises(AssertionError, match="image-alt"):
        check_accessibility(page)
