"""Writes on people: invitations, roles, API tokens. Each checks permissions first."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from ouvert.accounts import permissions
from ouvert.accounts.models import ApiToken, Invitation, Member, Role, User
from ouvert.accounts.permissions import Action, AnyUser
from ouvert.accounts.secrets import TOKEN_PREFIX, hash_secret, new_secret
from ouvert.territory.models import Organisation

logger = logging.getLogger(__name__)

INVITATION_LIFETIME = timedelta(days=14)
MAX_TOKENS_PER_USER = 20


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    token: str


def invite_member(
    actor: AnyUser,
    organisation: Organisation,
    email: str,
    role: str,
    accept_url: str,
) -> IssuedInvitation:
    """Invite someone by e-mail; `accept_url` contains `{token}` and is sent to them."""
    permissions.require(actor, Action.MANAGE_MEMBERS, organisation)
    email = email.strip().lower()
    validate_email(email)
    if role not in Role.values:
        raise ValidationError({"role": "Rôle inconnu."})
    if Member.objects.filter(organisation=organisation, user__email=email).exists():
        raise ValidationError({"email": "Cette personne est déjà membre de l'organisation."})
    token = new_secret()
    with transaction.atomic():
        # A new invitation to the same address replaces the pending one (a "resend").
        Invitation.objects.filter(
            organisation=organisation, email=email, accepted_at=None, revoked_at=None
        ).update(revoked_at=timezone.now())
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            token_hash=hash_secret(token),
            invited_by=actor if actor.is_authenticated else None,
            expires_at=timezone.now() + INVITATION_LIFETIME,
        )
        link = accept_url.replace("{token}", token)
        transaction.on_commit(lambda: _send_invitation(invitation, link))
    return IssuedInvitation(invitation, token)


def _send_invitation(invitation: Invitation, link: str) -> None:
    context = {"invitation": invitation, "link": link}
    send_mail(
        subject=f"Invitation à rejoindre {invitation.organisation.name}",
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invitation.email],
    )


def find_invitation(token: str) -> Invitation | None:
    """The invitation a link's token designates, whatever its state."""
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=hash_secret(token))
        .first()
    )


def revoke_invitation(actor: AnyUser, invitation: Invitation) -> None:
    permissions.require(actor, Action.MANAGE_MEMBERS, invitation.organisation)
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


def accept_invitation(user: User, invitation: Invitation) -> Member:
    """Join the organisation with the invited role; the account's e-mail must be the invited one."""
    if not invitation.is_pending:
        raise ValidationError(
            f"Cette invitation est {invitation.status_label} : demandez-en une nouvelle à un "
            "administrateur de l'organisation."
        )
    if user.email.lower() != invitation.email.lower():
        raise PermissionDenied(
            f"Cette invitation a été envoyée à {invitation.email} ; vous êtes connecté avec "
            f"{user.email}."
        )
    with transaction.atomic():
        member, created = Member.objects.get_or_create(
            user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
        )
        if not created and invitation.role == Role.ADMIN and member.role != Role.ADMIN:
            member.role = Role.ADMIN
            member.save(update_fields=["role"])
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return member


def register_from_invitation(invitation: Invitation, full_name: str, password: str) -> User:
    """Create the invited person's account and accept the invitation, in one transaction."""
    if User.objects.filter(email=invitation.email).exists():
        raise ValidationError(
            "Un compte existe déjà pour cette adresse : connectez-vous pour accepter."
        )
    with transaction.atomic():
        user = User.objects.create_user(
            invitation.email, password=password, full_name=full_name.strip()
        )
        accept_invitation(user, invitation)
    return user


def _check_not_last_admin(member: Member) -> None:
    if member.role != Role.ADMIN:
        return
    others = Member.objects.filter(
        organisation=member.organisation, role=Role.ADMIN, user__is_active=True
    ).exclude(pk=member.pk)
    if not others.exists():
        raise ValidationError(
            "C'est le dernier administrateur de l'organisation : nommez-en un autre d'abord."
        )


def change_role(actor: AnyUser, member: Member, role: str) -> Member:
    permissions.require(actor, Action.MANAGE_MEMBERS, member.organisation)
    if role not in Role.values:
        raise ValidationError({"role": "Rôle inconnu."})
    if role != Role.ADMIN:
        _check_not_last_admin(member)
    member.role = role
    member.save(update_fields=["role"])
    return member


def remove_member(actor: AnyUser, member: Member) -> None:
    permissions.require(actor, Action.MANAGE_MEMBERS, member.organisation)
    _check_not_last_admin(member)
    member.delete()


def add_member(actor: AnyUser, organisation: Organisation, user: User, role: str) -> Member:
    """Give an existing account a role directly (platform admins and the demo loader)."""
    permissions.require(actor, Action.MANAGE_MEMBERS, organisation)
    member, _ = Member.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    return member


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str


def create_api_token(user: User, name: str, expires_in_days: int | None = None) -> IssuedToken:
    """A new personal token; the secret is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Donnez un nom au jeton (par exemple « script budget »)."})
    active = ApiToken.objects.filter(user=user, revoked_at=None).count()
    if active >= MAX_TOKENS_PER_USER:
        raise ValidationError(
            f"Vous avez déjà {MAX_TOKENS_PER_USER} jetons actifs : révoquez-en un d'abord."
        )
    secret = new_secret(TOKEN_PREFIX)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        key_hash=hash_secret(secret),
        expires_at=(timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None),
    )
    return IssuedToken(token, secret)


def revoke_api_token(user: User, token: ApiToken) -> None:
    if token.user_id != user.pk:
        raise PermissionDenied("Ce jeton ne vous appartient pas.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def authenticate_api_token(secret: str) -> User | None:
    """The active user a token designates, or None; records its last use (at most each minute)."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_secret(secret)).first()
    if token is None or not token.is_usable:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
