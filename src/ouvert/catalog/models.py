"""Datasets, resources and their immutable versions; keywords, themes, declared schemas."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from ouvert.catalog.vocabularies import frequencies, hvd, licences, themes
from ouvert.territory.models import Organisation, Territory

MAX_TITLE = 250
MAX_DESCRIPTION = 100_000


class CatalogState(models.Model):
    """One row counting catalogue changes: caches of derived figures (facet counts) key on it."""

    generation = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "état du catalogue"

    def __str__(self) -> str:
        return f"génération {self.generation}"

    @classmethod
    def current(cls) -> int:
        value = cls.objects.filter(pk=1).values_list("generation", flat=True).first()
        return int(value or 0)

    @classmethod
    def bump(cls) -> None:
        """Called by every catalogue write (services.py)."""
        updated = cls.objects.filter(pk=1).update(generation=models.F("generation") + 1)
        if not updated:
            cls.objects.get_or_create(pk=1, defaults={"generation": 1})


class Schema(models.Model):
    """A Table Schema of the registry (SCDL and others), identified as name@version."""

    name = models.CharField("nom", max_length=200)
    version = models.CharField("version", max_length=40)
    title = models.CharField("titre", max_length=300)
    url = models.URLField("adresse de référence", max_length=500, blank=True)
    descriptor = models.JSONField("descripteur", default=dict)

    class Meta:
        verbose_name = "schéma"
        verbose_name_plural = "schémas"
        ordering = ["name", "version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="schema_name_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.name}@{self.version})"

    @property
    def version_key(self) -> tuple[tuple[int, int, str], ...]:
        """The version for ordering: 2.10.0 comes after 2.9.1."""
        return tuple(
            (0, int(p), "") if p.isdigit() else (1, 0, p)
            for p in self.version.lstrip("v").split(".")
        )

    @property
    def reference(self) -> str:
        return f"{self.name}@{self.version}"


class Keyword(models.Model):
    name = models.CharField("mot-clé", max_length=100)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        verbose_name = "mot-clé"
        verbose_name_plural = "mots-clés"
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    """One of the 13 EU data themes (rows created by a migration)."""

    code = models.CharField(max_length=4, unique=True)

    class Meta:
        verbose_name = "thème"
        verbose_name_plural = "thèmes"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return themes.THEMES.get(self.code, self.code)

    @property
    def uri(self) -> str:
        return themes.theme_uri(self.code)


class Dataset(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Brouillon"
        PUBLISHED = "published", "Publié"
        PRIVATE = "private", "Privé"
        ARCHIVED = "archived", "Archivé"

    uid = models.UUIDField("identifiant", default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField("titre", max_length=MAX_TITLE)
    slug = models.SlugField("identifiant d'adresse", max_length=120, unique=True)
    description = models.TextField("description (Markdown)", blank=True, max_length=MAX_DESCRIPTION)
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="datasets", verbose_name="organisation"
    )
    published_by = models.ForeignKey(
        Organisation,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="datasets_published_for_others",
        verbose_name="publié par",
        help_text="L'organisation qui gère celle-ci et publie pour son compte.",
    )
    licence = models.CharField(
        "licence", max_length=32, choices=licences.CHOICES, default=licences.DEFAULT_LICENCE
    )
    licence_reason = models.TextField(
        "motif du choix de licence",
        blank=True,
        max_length=2000,
        help_text="Obligatoire pour une autre licence que la Licence Ouverte (ODbL…).",
    )
    keywords = models.ManyToManyField(
        Keyword, related_name="datasets", blank=True, verbose_name="mots-clés"
    )
    themes = models.ManyToManyField(Theme, related_name="datasets", blank=True)
    hvd_categories = models.JSONField(
        "catégories de données de forte valeur",
        default=list,
        blank=True,
        help_text="Codes des catégories du règlement européen 2023/138 (vocabularies/hvd.py).",
    )
    frequency = models.CharField(
        "fréquence de mise à jour",
        max_length=16,
        choices=frequencies.CHOICES,
        default=frequencies.DEFAULT_FREQUENCY,
    )
    spatial = models.ManyToManyField(
        Territory, related_name="datasets", blank=True, verbose_name="couverture géographique"
    )
    temporal_start = models.DateField("début de la période couverte", null=True, blank=True)
    temporal_end = models.DateField("fin de la période couverte", null=True, blank=True)
    contact_name = models.CharField("point de contact", max_length=200, blank=True)
    contact_email = models.EmailField("courriel de contact", blank=True)
    schema = models.ForeignKey(
        Schema,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="datasets",
        verbose_name="schéma déclaré",
    )
    status = models.CharField("statut", max_length=16, choices=Status.choices, default=Status.DRAFT)
    private_to = models.ManyToManyField(
        Organisation,
        related_name="privately_shared_datasets",
        blank=True,
        verbose_name="visible par",
        help_text="Pour un jeu privé : les organisations qui peuvent le voir.",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    modified_at = models.DateTimeField("métadonnées modifiées le", auto_now=True)
    published_at = models.DateTimeField("publié le", null=True, blank=True)
    data_updated_at = models.DateTimeField("données mises à jour le", null=True, blank=True)
    view_count = models.PositiveIntegerField("consultations", default=0)
    # Folded, stemmed text for search (SQLite FTS5 index; PostgreSQL uses search_vector).
    search_title = models.TextField(editable=False, blank=True)
    search_body = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = "jeu de données"
        verbose_name_plural = "jeux de données"
        ordering = ["-modified_at"]
        # No index led by status: with few distinct values it makes SQLite scan every published
        # dataset instead of looking up the full-text matches (measured: 3× slower at 50 000).
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["-published_at"]),
            models.Index(fields=["-view_count"]),
            models.Index(fields=["title"]),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        licence = licences.LICENCES.get(self.licence)
        if licence is not None and licence.needs_reason and not self.licence_reason.strip():
            errors["licence_reason"] = (
                f"La licence « {licence.label} » n'est pas la Licence Ouverte, licence de "
                "référence des administrations : indiquez pourquoi elle est choisie."
            )
        if self.temporal_start and self.temporal_end and self.temporal_end < self.temporal_start:
            errors["temporal_end"] = "La fin de la période précède son début."
        if errors:
            raise ValidationError(errors)

    @property
    def hvd_labels(self) -> list[str]:
        """French labels of its high-value dataset categories."""
        return [hvd.CATEGORIES[code] for code in self.hvd_categories if code in hvd.CATEGORIES]

    @property
    def licence_info(self) -> licences.Licence:
        return licences.LICENCES.get(self.licence) or licences.LICENCES["notspecified"]

    @property
    def frequency_info(self) -> frequencies.Frequency:
        return frequencies.FREQUENCIES.get(self.frequency) or frequencies.FREQUENCIES["UNKNOWN"]

    @property
    def is_public(self) -> bool:
        return self.status in {self.Status.PUBLISHED, self.Status.ARCHIVED}


class Resource(models.Model):
    class Kind(models.TextChoices):
        FILE = "file", "Fichier déposé"
        REMOTE = "remote", "Lien vers un fichier distant"

    uid = models.UUIDField("identifiant", default=uuid.uuid4, unique=True, editable=False)
    dataset = models.ForeignKey(
        Dataset, models.CASCADE, related_name="resources", verbose_name="jeu de données"
    )
    title = models.CharField("titre", max_length=MAX_TITLE)
    description = models.TextField("description (Markdown)", blank=True, max_length=20_000)
    kind = models.CharField("type", max_length=8, choices=Kind.choices, default=Kind.FILE)
    url = models.URLField("adresse du fichier distant", max_length=2000, blank=True)
    format = models.CharField("format", max_length=20, blank=True)
    media_type = models.CharField("type MIME", max_length=120, blank=True)
    schema = models.ForeignKey(
        Schema,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name="schéma déclaré",
    )
    position = models.PositiveIntegerField("ordre", default=0)
    api_id = models.SlugField(
        "identifiant d'API",
        max_length=140,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="Identifiant OpenDataSoft : l'identifiant du jeu pour sa première ressource, "
        "<jeu>--<n> pour les suivantes. Ne change jamais.",
    )
    current_version = models.OneToOneField(
        "ResourceVersion",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="version en ligne",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    modified_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "ressource"
        verbose_name_plural = "ressources"
        ordering = ["position", "created_at"]
        indexes = [models.Index(fields=["format"])]

    def __str__(self) -> str:
        return self.title


def original_path(sha256: str) -> str:
    """Where the original bytes of a file live: content-addressed, written once."""
    return f"originals/{sha256[:2]}/{sha256[2:4]}/{sha256}"


class ResourceVersion(models.Model):
    """An immutable upload (or snapshot of a link) of a resource, with a permanent URL."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Reçue"
        PROCESSING = "processing", "En cours de traitement"
        READY = "ready", "En ligne"
        FAILED = "failed", "En échec"
        HELD = "held", "Retenue"

    uid = models.UUIDField("identifiant", default=uuid.uuid4, unique=True, editable=False)
    resource = models.ForeignKey(
        Resource, models.CASCADE, related_name="versions", verbose_name="ressource"
    )
    number = models.PositiveIntegerField("numéro")
    filename = models.CharField("nom du fichier", max_length=255, blank=True)
    storage_path = models.CharField("emplacement", max_length=300, blank=True, editable=False)
    url = models.URLField("adresse distante", max_length=2000, blank=True)
    size = models.BigIntegerField("taille (octets)", null=True, blank=True)
    sha256 = models.CharField("empreinte SHA-256", max_length=64, blank=True)
    media_type = models.CharField("type MIME", max_length=120, blank=True)
    format = models.CharField("format", max_length=20, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="déposée par",
    )
    status = models.CharField(
        "état", max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    status_message = models.TextField("explication", blank=True)
    provenance = models.CharField(
        "provenance",
        max_length=1000,
        blank=True,
        help_text="D'où vient ce fichier quand la plateforme l'a produit (correction, moisson).",
    )
    progress = models.PositiveSmallIntegerField("avancement (%)", default=0)
    attempts = models.PositiveSmallIntegerField("traitements commencés", default=0)
    heartbeat_at = models.DateTimeField(
        "dernier signe du traitement", null=True, blank=True, editable=False
    )
    worker = models.CharField(
        "processus de traitement",
        max_length=64,
        blank=True,
        editable=False,
        help_text="Le worker qui traite la version (publishing.Worker) ; vide une fois traitée.",
    )
    created_at = models.DateTimeField("déposée le", auto_now_add=True)
    processed_at = models.DateTimeField("traitée le", null=True, blank=True)

    class Meta:
        verbose_name = "version"
        verbose_name_plural = "versions"
        ordering = ["resource", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "number"], name="version_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.resource} v{self.number}"

    @property
    def is_final(self) -> bool:
        return self.status in {self.Status.READY, self.Status.FAILED, self.Status.HELD}

    @property
    def _stripped_copy(self) -> Any:
        """The guard's copy of an office file without its properties (authors, comments), when it
        made one: what a download serves instead of the original. (publishing's Review, read
        through its reverse relation: catalog does not import publishing.)"""
        review = getattr(self, "review", None)
        return review if review is not None and review.stripped_path else None

    @property
    def served_path(self) -> str:
        """The stored file a download of this version serves."""
        copy = self._stripped_copy
        return str(copy.stripped_path) if copy is not None else self.storage_path

    @property
    def served_sha256(self) -> str:
        """The checksum published for this version: that of the bytes served."""
        copy = self._stripped_copy
        return str(copy.stripped_sha256) if copy is not None else self.sha256

    @property
    def served_size(self) -> int | None:
        """The size published for this version: that of the bytes served."""
        copy = self._stripped_copy
        return copy.stripped_size if copy is not None else self.size
