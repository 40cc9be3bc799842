"""Playwright driving Debian's chromium (Playwright's own browser download is not used)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = os.environ.get("OUVERT_CHROMIUM", "/usr/bin/chromium")
AXE = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "ouvert"
    / "web"
    / "static"
    / "vendor"
    / "axe-core"
    / "axe.min.js"
)

pytestmark = pytest.mark.browser
# The machines running the suite are shared: give pages time before calling them broken.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} est absent : `make browser` installe le paquet Debian chromium.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                # Portals' demo domains (quimper.localhost…) all reach the live server.
                "--host-resolver-rules=MAP *.localhost 127.0.0.1",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # CSP is bypassed only so that axe-core can be injected; the pages' own headers are
    # checked in tests/web.
    context = browser.new_context(locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def check_accessibility(page: Page) -> None:
    """axe-core finds no serious or critical violation on the page as it is now."""
    if not AXE.exists():
        pytest.fail(f"{AXE} est absent : `python scripts/fetch_frontend.py --dev`.")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', "
        "'wcag21aa', 'best-practice']})"
    )
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert not serious, f"{page.url}: " + "; ".join(serious)
