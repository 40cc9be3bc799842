"""Accounts, roles in organisations, invitations and API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ouvert.territory.models import Organisation


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        if not email:
            raise ValueError("Une adresse électronique est nécessaire.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person; platform admins have `is_superuser` (and `is_staff` for the Django admin)."""

    email = models.EmailField("adresse électronique", unique=True)
    full_name = models.CharField("nom complet", max_length=150, blank=True)
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField(
        "accès à l'administration",
        default=False,
        help_text="Peut se connecter à l'administration technique de la plateforme.",
    )
    date_joined = models.DateTimeField("inscrit le", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_platform_admin(self) -> bool:
        return self.is_active and self.is_superuser


class Role(models.TextChoices):
    ADMIN = "admin", "Administrateur"
    EDITOR = "editor", "Éditeur"


class Member(models.Model):
    """A person's role in an organisation."""

    user = models.ForeignKey(
        User, models.CASCADE, related_name="memberships", verbose_name="utilisateur"
    )
    organisation = models.ForeignKey(
        Organisation, models.CASCADE, related_name="people", verbose_name="organisation"
    )
    role = models.CharField("rôle", max_length=16, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField("depuis le", auto_now_add=True)

    class Meta:
        verbose_name = "membre"
        verbose_name_plural = "membres"
        ordering = ["organisation", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} de {self.organisation}"


class Invitation(models.Model):
    """An e-mail invitation to join an organisation with a role; the token is stored hashed."""

    organisation = models.ForeignKey(
        Organisation, models.CASCADE, related_name="invitations", verbose_name="organisation"
    )
    email = models.EmailField("adresse électronique")
    role = models.CharField("rôle", max_length=16, choices=Role.choices, default=Role.EDITOR)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, models.SET_NULL, null=True, related_name="+", verbose_name="invité par"
    )
    created_at = models.DateTimeField("envoyée le", auto_now_add=True)
    expires_at = models.DateTimeField("expire le")
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="acceptée par"
    )
    revoked_at = models.DateTimeField("annulée le", null=True, blank=True)

    class Meta:
        verbose_name = "invitation"
        verbose_name_plural = "invitations"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_pending_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )

    @property
    def status_label(self) -> str:
        if self.accepted_at:
            return "acceptée"
        if self.revoked_at:
            return "annulée"
        if self.expires_at <= timezone.now():
            return "expirée"
        return "en attente"


class ApiToken(models.Model):
    """A personal API token, sent as `Authorization: Apikey <token>`; only its hash is kept."""

    user = models.ForeignKey(
        User, models.CASCADE, related_name="api_tokens", verbose_name="utilisateur"
    )
    name = models.CharField("nom", max_length=100)
    prefix = models.CharField("début du jeton", max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True)
    expires_at = models.DateTimeField("expire le", null=True, blank=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        now = timezone.now()
        return (
            self.revoked_at is None
            and (self.expires_at is None or self.expires_at > now)
            and self.user.is_active
        )


class Throttle(models.Model):
    """Failures at one door by one account, browser or address, and until when the door stays
    closed (accounts/throttle.py). Keys are keyed hashes: no e-mail or address is kept here."""

    door = models.CharField("porte", max_length=16)
    scope = models.CharField("compté par", max_length=8)
    key = models.CharField("clé", max_length=64)
    failures = models.PositiveIntegerField("échecs", default=0)
    lockouts = models.PositiveSmallIntegerField("blocages", default=0)
    last_failure_at = models.DateTimeField("dernier échec", null=True, db_index=True)
    locked_until = models.DateTimeField("bloqué jusqu'au", null=True)

    class Meta:
        verbose_name = "blocage d'accès"
        verbose_name_plural = "blocages d'accès"
        constraints = [
            models.UniqueConstraint(fields=["door", "scope", "key"], name="throttle_unique")
        ]

    def __str__(self) -> str:
        return f"{self.door} / {self.scope} : {self.failures} échecs"
