"""Repeated failures close a door for a while: logins, password reset requests, invitation links,
API tokens; by account and by address, with growing but bounded delays, in the journal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from ouvert.accounts.models import Throttle
from ouvert.accounts.services import create_api_token
from ouvert.accounts.throttle import RULES, Door, Scope, client_address
from ouvert.publishing.models import AuditEntry

PASSWORD = "motdepasse-de-test-42"
LOGIN = "/connexion/"


@pytest.fixture
def marie(make_user):
    return make_user(email="marie@quimper.example", password=PASSWORD)


def log_in(client: Client, email: str, password: str, address: str = "192.0.2.10"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address)


def reopen(**filters) -> None:
    """The lock's time has passed."""
    Throttle.objects.filter(**filters).update(locked_until=timezone.now() - timedelta(seconds=1))


def test_five_wrong_passwords_lock_the_account_then_the_right_one_works_later(
    marie, client: Client
) -> None:
    for _ in range(4):
        page = log_in(client, marie.email, "mauvais").content.decode()
        assert "Adresse électronique ou mot de passe incorrect" in page
    fifth = log_in(client, marie.email, "mauvais").content.decode()
    assert "Trop d&#x27;essais de connexion pour ce compte : réessayez à partir de" in fifth
    assert "(dans 1 minute)" in fifth
    # Locked: even the right password is refused, without being checked.
    refused = log_in(client, marie.email, PASSWORD)
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    assert "Trop d&#x27;essais de connexion pour ce compte" in refused.content.decode()
    [entry] = AuditEntry.objects.filter(kind=AuditEntry.Kind.THROTTLED)
    assert entry.summary == (
        "Connexion : le compte marie@quimper.example bloqué 1 minute après 5 échecs"
    )
    reopen()
    assert log_in(client, marie.email, PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(marie.pk)
    # A success forgets the account's failures.
    assert not Throttle.objects.filter(scope=Scope.ACCOUNT).exists()


def test_each_lock_lasts_longer_up_to_a_bound(marie, client: Client) -> None:
    rule = RULES[(Door.LOGIN, Scope.ACCOUNT)]
    durations = []
    for _ in range(6):
        for _ in range(rule.limit):
            log_in(client, marie.email, "mauvais")
        row = Throttle.objects.get(scope=Scope.ACCOUNT)
        durations.append(row.locked_until - row.last_failure_at)
        reopen()
    assert [d.total_seconds() / 60 for d in durations] == [1, 5, 15, 30, 30, 30]


def test_an_unknown_address_is_counted_like_a_real_one(db, client: Client) -> None:
    # Otherwise the lock would tell which e-mail addresses have an account.
    for _ in range(5):
        page = log_in(client, "personne@nulle-part.example", "mauvais").content.decode()
    assert "Trop d&#x27;essais de connexion pour ce compte" in page


def test_a_known_browser_still_logs_in_while_an_attacker_locks_the_account(marie) -> None:
    owner, attacker = Client(), Client()
    assert log_in(owner, marie.email, PASSWORD, "198.51.100.4").status_code == 302
    owner.post("/deconnexion/")  # the page, not Client.logout(), which drops every cookie
    assert "_auth_user_id" not in owner.session
    for _ in range(5):
        log_in(attacker, marie.email, "mauvais", "203.0.113.66")
    assert "Trop d&#x27;essais" in log_in(attacker, marie.email, PASSWORD).content.decode()
    # Her browser carries the cookie of her last login: the attacker's lock does not bind it.
    assert log_in(owner, marie.email, PASSWORD, "198.51.100.4").status_code == 302


def test_one_address_trying_many_accounts_is_locked(make_user, client: Client) -> None:
    limit = RULES[(Door.LOGIN, Scope.ADDRESS)].limit
    for n in range(limit):
        log_in(client, f"cible{n}@exemple.fr", "mauvais", "203.0.113.7")
    page = log_in(client, "autre@exemple.fr", "mauvais", "203.0.113.7").content.decode()
    assert "Trop d&#x27;essais de connexion depuis votre adresse réseau" in page
    # Another address is not concerned.
    user = make_user(email="paul@exemple.fr", password=PASSWORD)
    assert log_in(Client(), user.email, PASSWORD, "198.51.100.9").status_code == 302
    assert AuditEntry.objects.filter(summary__contains="l'adresse réseau 203.0.113.7").exists()


def test_the_admin_login_is_throttled_too(make_user, client: Client) -> None:
    admin = make_user(email="admin@exemple.fr", password=PASSWORD, is_staff=True)
    for _ in range(5):
        client.post("/admin/login/", {"username": admin.email, "password": "mauvais"})
    client.post("/admin/login/", {"username": admin.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_password_reset_requests_are_limited(marie, client: Client) -> None:
    for _ in range(3):
        response = client.post("/mot-de-passe/oubli/", {"email": marie.email})
        assert response.status_code == 302
    refused = client.post("/mot-de-passe/oubli/", {"email": marie.email})
    assert refused.status_code == 200
    assert "Trop de demandes de nouveau mot de passe pour ce compte" in refused.content.decode()
    assert len(mail.outbox) == 3
    # The same for an address without an account: nothing tells them apart.
    for _ in range(3):
        client.post("/mot-de-passe/oubli/", {"email": "inconnu@exemple.fr"})
    refused = client.post("/mot-de-passe/oubli/", {"email": "inconnu@exemple.fr"})
    assert "Trop de demandes de nouveau mot de passe" in refused.content.decode()


def test_guessing_invitation_links_is_locked(db, client: Client) -> None:
    limit = RULES[(Door.INVITATION, Scope.ADDRESS)].limit
    for n in range(limit):
        assert client.get(f"/invitations/faux-{n}/").status_code == 404
    refused = client.get("/invitations/faux-encore/")
    assert refused.status_code == 429
    assert "Trop de liens d&#x27;invitation erronés" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0


def test_bad_api_tokens_are_locked_by_address(marie, client: Client) -> None:
    limit = RULES[(Door.API_TOKEN, Scope.ADDRESS)].limit
    for _ in range(limit):
        response = client.get("/api/1/me/", HTTP_AUTHORIZATION="Apikey ouv_faux")
        assert response.status_code == 401
    refused = client.get("/api/1/me/", HTTP_AUTHORIZATION="Apikey ouv_faux")
    assert refused.status_code == 429
    assert refused.json()["message"].startswith("Trop de jetons d'API refusés")
    assert int(refused["Retry-After"]) > 0
    secret = create_api_token(marie, "script").secret
    assert (
        client.get("/api/1/me/", HTTP_AUTHORIZATION=f"Apikey {secret}", REMOTE_ADDR="192.0.2.99")
    ).status_code == 200


def test_the_journal_shows_the_locks(make_user, marie, client: Client) -> None:
    for _ in range(5):
        log_in(client, marie.email, "mauvais")
    admin = make_user(email="chef@exemple.fr", is_superuser=True)
    client.force_login(admin)
    page = client.get("/espace/journal/").content.decode()
    assert "Accès bloqué après des échecs répétés" in page
    assert "le compte marie@quimper.example bloqué" in page


def test_the_address_behind_a_trusted_proxy(rf, monkeypatch) -> None:
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.2")
    proxied = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    assert client_address(proxied) == "203.0.113.5"
    forged = rf.get("/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert client_address(forged) == "198.51.100.1"
    six = rf.get("/", REMOTE_ADDR="2001:db8:1:2:3:4:5:6")
    assert client_address(six) == "2001:db8:1:2::/64"
