"""Personal API tokens: stored hashed, sent as `Authorization: Apikey <token>`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from ouvert.accounts import services
from ouvert.accounts.models import ApiToken, Role
from ouvert.accounts.secrets import hash_secret


@pytest.fixture
def editor(demo: dict, make_user):
    return make_user(demo["quimper"], Role.EDITOR, email="script@exemple.fr")


def test_a_token_is_shown_once_and_stored_hashed(editor, client: Client) -> None:
    client.force_login(editor)
    response = client.post("/compte/", {"name": "script budget", "expires_in_days": "90"})
    html = response.content.decode()
    token = ApiToken.objects.get(user=editor)
    secret = html.split('id="nouveau-jeton" class="jeton" type="text" readonly value="')[1].split(
        '"'
    )[0]
    assert secret.startswith("ouv_") and len(secret) > 40
    assert token.key_hash == hash_secret(secret)
    assert secret not in str(ApiToken.objects.values_list())
    assert token.expires_at is not None
    assert secret not in client.get("/compte/").content.decode()


def test_the_api_reads_the_ods_and_udata_headers(editor, client: Client) -> None:
    secret = services.create_api_token(editor, "test").secret
    response = client.get("/api/1/me/", HTTP_AUTHORIZATION=f"Apikey {secret}")
    assert response.status_code == 200
    assert response.json()["email"] == "script@exemple.fr"
    assert response.json()["roles"] == [{"organisation": "ville-de-quimper", "role": "editor"}]
    assert client.get("/api/1/me/", HTTP_X_API_KEY=secret).status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize(
    "header", ["", "Apikey ", "Apikey ouv_faux", "Bearer x", "Apikey " + "a" * 5000]
)
def test_a_missing_or_wrong_token_is_refused_in_french(
    demo: dict, client: Client, header: str
) -> None:
    response = client.get("/api/1/me/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert "Jeton d'API" in response.json()["message"]


def test_revoked_and_expired_tokens_stop_working(editor, client: Client) -> None:
    issued = services.create_api_token(editor, "court")
    services.revoke_api_token(editor, issued.token)
    assert client.get("/api/1/me/", HTTP_AUTHORIZATION=f"Apikey {issued.secret}").status_code == 401
    other = services.create_api_token(editor, "expire", expires_in_days=1)
    ApiToken.objects.filter(pk=other.token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert client.get("/api/1/me/", HTTP_AUTHORIZATION=f"Apikey {other.secret}").status_code == 401
    third = services.create_api_token(editor, "compte désactivé")
    editor.is_active = False
    editor.save()
    assert client.get("/api/1/me/", HTTP_AUTHORIZATION=f"Apikey {third.secret}").status_code == 401


def test_nobody_revokes_someone_elses_token(editor, make_user, client: Client) -> None:
    issued = services.create_api_token(editor, "à moi")
    other = make_user()
    client.force_login(other)
    assert client.post(f"/compte/jetons/{issued.token.pk}/revoquer/").status_code == 404
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is None
