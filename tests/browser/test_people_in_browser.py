"""Logging in, inviting a colleague, accepting the invitation: in a real browser."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from ouvert.accounts.models import Member, Role
from tests.browser.conftest import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-de-test-42"


def log_in(page: Page, base: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def test_login_errors_then_success_then_logout(
    demo: dict, live_server, page: Page, make_user
) -> None:
    make_user(demo["quimper"], Role.EDITOR, email="agente@quimper.example", full_name="Agente")
    page.goto(f"{live_server.url}/connexion/")
    check_accessibility(page)
    log_in(page, live_server.url, "agente@quimper.example", "mauvais")
    expect(page.get_by_role("alert")).to_contain_text(
        "Adresse électronique ou mot de passe incorrect"
    )
    check_accessibility(page)
    log_in(page, live_server.url, "AGENTE@quimper.example")
    expect(page.locator("h1")).to_have_text("Mon compte")
    expect(page.get_by_role("link", name="Ville de Quimper")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()
    expect(page.get_by_role("link", name="Mon compte")).to_have_count(0)


def test_an_admin_invites_a_colleague_who_joins(
    demo: dict, live_server, page: Page, browser: Browser, make_user
) -> None:
    make_user(demo["quimper"], Role.ADMIN, email="dsi@quimper.example")
    base = f"{live_server.url}/p/quimper"
    log_in(page, base, "dsi@quimper.example")
    page.goto(f"{base}/organisations/ville-de-quimper/")
    page.get_by_role("link", name="Gérer les membres").click()
    expect(page.locator("h1")).to_have_text("Membres de Ville de Quimper")
    check_accessibility(page)
    page.get_by_label("Adresse électronique de la personne à inviter").fill(
        "Collegue@Quimper.example"
    )
    page.get_by_label("Rôle").first.select_option("editor")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Invitation envoyée à collegue@quimper.example"
    )
    expect(page.get_by_text("collegue@quimper.example — éditeur, en attente")).to_be_visible()

    link = re.search(r"http://\S+/invitations/\S+/", mail.outbox[-1].body).group(0)
    assert "/p/quimper/invitations/" in link
    newcomer = browser.new_context(locale="fr-FR", bypass_csp=True).new_page()
    newcomer.goto(link)
    expect(newcomer.locator("h1")).to_have_text("Rejoindre Ville de Quimper")
    check_accessibility(newcomer)
    newcomer.get_by_label("Nom complet").fill("Camille Collègue")
    newcomer.get_by_label(re.compile(r"^Mot de passe")).fill("un-secret-bien-long")
    newcomer.get_by_label("Confirmation du mot de passe").fill("un-secret-pas-pareil")
    newcomer.get_by_role("button", name="Créer mon compte et rejoindre l'organisation").click()
    expect(newcomer.get_by_text("Les deux mots de passe ne correspondent pas.")).to_be_visible()
    check_accessibility(newcomer)
    newcomer.get_by_label(re.compile(r"^Mot de passe")).fill("un-secret-bien-long")
    newcomer.get_by_label("Confirmation du mot de passe").fill("un-secret-bien-long")
    newcomer.get_by_role("button", name="Créer mon compte et rejoindre l'organisation").click()
    expect(newcomer.locator("h1")).to_have_text("Mon compte")
    expect(newcomer.get_by_role("status")).to_contain_text("Bienvenue")
    assert Member.objects.get(user__email="collegue@quimper.example").role == Role.EDITOR

    page.reload()
    expect(page.get_by_text("Camille Collègue")).to_be_visible()
    expect(page.get_by_text("Aucune invitation en attente.")).to_be_visible()


def test_a_token_is_created_from_the_account_page(
    demo: dict, live_server, page: Page, make_user
) -> None:
    make_user(demo["quimper"], Role.EDITOR, email="script@quimper.example")
    log_in(page, live_server.url, "script@quimper.example")
    page.get_by_label("Nom du jeton").fill("script budget")
    page.get_by_role("button", name="Créer le jeton").click()
    secret = page.get_by_role("textbox", name="Jeton", exact=True).input_value()
    assert secret.startswith("ouv_")
    check_accessibility(page)
    response = page.request.get(
        f"{live_server.url}/api/1/me/", headers={"Authorization": f"Apikey {secret}"}
    )
    assert response.status == 200
    assert response.json()["email"] == "script@quimper.example"
