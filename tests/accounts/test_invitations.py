"""Inviting people into an organisation, through the pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.utils import timezone

from ouvert.accounts.models import Invitation, Member, Role, User
from ouvert.accounts.secrets import hash_secret


def invite(client: Client, slug: str, email: str, role: str = "editor", host: str = "127.0.0.1"):
    # The e-mail leaves after the transaction commits; the test's transaction never does.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            f"/organisations/{slug}/administration/", {"email": email, "role": role}, HTTP_HOST=host
        )


def link_in_last_mail() -> str:
    match = re.search(r"http://\S+/invitations/\S+/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(0)


@pytest.fixture
def quimper_admin(demo: dict, make_user) -> User:
    return make_user(demo["quimper"], Role.ADMIN, email="admin.quimper@exemple.fr")


def test_an_admin_invites_a_newcomer_who_creates_an_account(
    demo: dict, quimper_admin: User, client: Client
) -> None:
    client.force_login(quimper_admin)
    response = invite(
        client, "ville-de-quimper", "Nouvelle.Agente@Exemple.fr", host="quimper.localhost"
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nouvelle.agente@exemple.fr"]
    link = link_in_last_mail()
    assert link.startswith("http://quimper.localhost/invitations/")
    token = link.rstrip("/").rsplit("/", 1)[-1]
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hash_secret(token)
    assert token not in str(Invitation.objects.values_list())  # only the hash is stored

    client.logout()
    page = client.get(f"/invitations/{token}/")
    assert "Créer mon compte" in page.content.decode()
    weak = client.post(
        f"/invitations/{token}/", {"full_name": "Nouvelle", "password1": "123", "password2": "123"}
    )
    assert weak.status_code == 200
    assert not User.objects.filter(email="nouvelle.agente@exemple.fr").exists()
    response = client.post(
        f"/invitations/{token}/",
        {
            "full_name": "Nouvelle Agente",
            "password1": "un-long-secret-2026",
            "password2": "un-long-secret-2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle.agente@exemple.fr")
    assert Member.objects.get(user=user).role == Role.EDITOR
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    # The link cannot be used twice.
    client.logout()
    assert client.get(f"/invitations/{token}/").status_code == 410


def test_an_existing_account_logs_in_then_accepts(
    demo: dict, quimper_admin: User, make_user, client: Client
) -> None:
    existing = make_user(demo["qbo"], email="deja@exemple.fr")
    client.force_login(quimper_admin)
    invite(client, "ville-de-quimper", "deja@exemple.fr", role="admin")
    token = link_in_last_mail().rstrip("/").rsplit("/", 1)[-1]
    client.logout()
    assert "Connectez-vous" in client.get(f"/invitations/{token}/").content.decode()
    client.force_login(existing)
    assert client.post(f"/invitations/{token}/").status_code == 302
    assert Member.objects.get(user=existing, organisation=demo["quimper"]).role == Role.ADMIN


def test_an_invitation_is_only_for_its_address(
    demo: dict, quimper_admin: User, make_user, client: Client
) -> None:
    client.force_login(quimper_admin)
    invite(client, "ville-de-quimper", "destinataire@exemple.fr")
    token = link_in_last_mail().rstrip("/").rsplit("/", 1)[-1]
    intruder = make_user(email="intrus@exemple.fr")
    client.force_login(intruder)
    client.post(f"/invitations/{token}/")
    assert not Member.objects.filter(user=intruder).exists()


def test_expired_revoked_and_unknown_invitations(
    demo: dict, quimper_admin: User, client: Client
) -> None:
    client.force_login(quimper_admin)
    invite(client, "ville-de-quimper", "tard@exemple.fr")
    token = link_in_last_mail().rstrip("/").rsplit("/", 1)[-1]
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.logout()
    response = client.get(f"/invitations/{token}/")
    assert response.status_code == 410 and "expirée" in response.content.decode()
    assert client.get("/invitations/nimporte-quoi/").status_code == 404

    client.force_login(quimper_admin)
    invite(client, "ville-de-quimper", "annule@exemple.fr")
    invitation = Invitation.objects.get(email="annule@exemple.fr")
    client.post(f"/organisations/ville-de-quimper/invitations/{invitation.pk}/annuler/")
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_editors_cannot_invite_nor_see_the_members_page(
    demo: dict, make_user, client: Client
) -> None:
    editor = make_user(demo["quimper"], Role.EDITOR)
    client.force_login(editor)
    assert client.get("/organisations/ville-de-quimper/administration/").status_code == 403
    assert invite(client, "ville-de-quimper", "x@exemple.fr", "admin").status_code == 403
    assert not Invitation.objects.exists()


def test_the_last_admin_cannot_leave(demo: dict, quimper_admin: User, client: Client) -> None:
    client.force_login(quimper_admin)
    member = Member.objects.get(user=quimper_admin)
    client.post(f"/organisations/ville-de-quimper/membres/{member.pk}/retirer/")
    client.post(f"/organisations/ville-de-quimper/membres/{member.pk}/role/", {"role": "editor"})
    member.refresh_from_db()
    assert member.role == Role.ADMIN


def test_an_admin_changes_a_role_and_removes_a_member(
    demo: dict, quimper_admin: User, make_user, client: Client
) -> None:
    editor = make_user(demo["quimper"], Role.EDITOR)
    member = Member.objects.get(user=editor)
    client.force_login(quimper_admin)
    client.post(f"/organisations/ville-de-quimper/membres/{member.pk}/role/", {"role": "admin"})
    member.refresh_from_db()
    assert member.role == Role.ADMIN
    client.post(f"/organisations/ville-de-quimper/membres/{member.pk}/retirer/")
    assert not Member.objects.filter(pk=member.pk).exists()


def test_password_reset_mail_stays_on_the_portal(demo: dict, make_user, client: Client) -> None:
    make_user(email="oubli@exemple.fr")
    response = client.post("/p/quimper/mot-de-passe/oubli/", {"email": "oubli@exemple.fr"})
    assert response.status_code == 302
    body = mail.outbox[-1].body
    match = re.search(r"http://testserver(/p/quimper/mot-de-passe/nouveau/\S+/)", body)
    assert match, body
    page = client.get(match.group(1), follow=True)
    assert "Nouveau mot de passe" in page.content.decode()
    response = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "encore-un-secret-2026", "new_password2": "encore-un-secret-2026"},
    )
    assert response.status_code == 302
    assert client.login(username="oubli@exemple.fr", password="encore-un-secret-2026")
