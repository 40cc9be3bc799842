"""Harvest sources, their runs with a report, and the link from a remote dataset to ours."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ouvert.catalog.models import Dataset
from ouvert.territory.models import Organisation


class HarvestSource(models.Model):
    """A remote catalogue whose datasets are copied, with their provenance, into an
    organisation's catalogue."""

    class Protocol(models.TextChoices):
        DCAT = "dcat", "DCAT (Turtle, RDF/XML, JSON-LD)"
        CKAN = "ckan", "CKAN"
        UDATA = "udata", "udata / data.gouv.fr"
        ODS = "ods", "OpenDataSoft (Explore v2.1)"

    class Schedule(models.TextChoices):
        MANUAL = "manual", "À la demande"
        DAILY = "daily", "Chaque jour"
        WEEKLY = "weekly", "Chaque semaine"

    name = models.CharField("nom", max_length=200)
    url = models.URLField("adresse", max_length=2000)
    protocol = models.CharField("protocole", max_length=8, choices=Protocol.choices)
    organisation = models.ForeignKey(
        Organisation,
        models.CASCADE,
        related_name="harvest_sources",
        verbose_name="organisation destinataire",
    )
    insee_codes = models.JSONField(
        "codes INSEE",
        default=list,
        blank=True,
        help_text="Ne garder que les jeux couvrant l'un de ces territoires.",
    )
    keywords = models.JSONField(
        "mots-clés",
        default=list,
        blank=True,
        help_text="Ne garder que les jeux portant l'un d'eux.",
    )
    remote_organisation = models.CharField(
        "organisation à la source",
        max_length=200,
        blank=True,
        help_text="Ne garder que les jeux de cette organisation du portail distant.",
    )
    schedule = models.CharField(
        "fréquence", max_length=8, choices=Schedule.choices, default=Schedule.MANUAL
    )
    is_active = models.BooleanField("active", default=True)
    ingest_csv = models.BooleanField(
        "importer les fichiers CSV",
        default=False,
        help_text="Télécharger les ressources CSV pour leur donner l'API tabulaire.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ajoutée par",
    )
    created_at = models.DateTimeField("ajoutée le", auto_now_add=True)

    class Meta:
        verbose_name = "source de moissonnage"
        verbose_name_plural = "sources de moissonnage"
        ordering = ["organisation", "name"]

    def __str__(self) -> str:
        return self.name


class HarvestRun(models.Model):
    """One run of a source, with its counts and a line per remote dataset."""

    class Status(models.TextChoices):
        RUNNING = "running", "En cours"
        DONE = "done", "Terminé"
        PARTIAL = "partial", "Terminé avec des échecs"
        FAILED = "failed", "En échec"

    source = models.ForeignKey(
        HarvestSource, models.CASCADE, related_name="runs", verbose_name="source"
    )
    started_at = models.DateTimeField("commencé le", auto_now_add=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)
    status = models.CharField("état", max_length=8, choices=Status.choices, default=Status.RUNNING)
    error = models.TextField("motif de l'échec", blank=True)
    created = models.PositiveIntegerField("créés", default=0)
    updated = models.PositiveIntegerField("mis à jour", default=0)
    unchanged = models.PositiveIntegerField("inchangés", default=0)
    archived = models.PositiveIntegerField("archivés", default=0)
    failed = models.PositiveIntegerField("en échec", default=0)
    skipped = models.PositiveIntegerField("écartés par les filtres", default=0)
    items = models.JSONField("rapport", default=list, blank=True)

    class Meta:
        verbose_name = "moissonnage"
        verbose_name_plural = "moissonnages"
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source} — {self.started_at:%d/%m/%Y %H:%M}"


class HarvestedDataset(models.Model):
    """A remote dataset and the local dataset it became. The key is the source and the remote
    identifier (its URI when it has none): a changed remote URL never makes a duplicate."""

    source = models.ForeignKey(
        HarvestSource, models.CASCADE, related_name="records", verbose_name="source"
    )
    remote_id = models.CharField("identifiant distant", max_length=500)
    remote_uri = models.CharField("IRI distante", max_length=2000, blank=True)
    remote_url = models.URLField("page distante", max_length=2000, blank=True)
    dataset = models.OneToOneField(
        Dataset, models.CASCADE, related_name="harvest_record", verbose_name="jeu de données"
    )
    content_hash = models.CharField("empreinte des métadonnées", max_length=64)
    remote_modified = models.CharField("modifié à la source le", max_length=40, blank=True)
    first_harvested_at = models.DateTimeField("moissonné la première fois le", auto_now_add=True)
    harvested_at = models.DateTimeField("moissonné le")

    class Meta:
        verbose_name = "jeu moissonné"
        verbose_name_plural = "jeux moissonnés"
        constraints = [
            models.UniqueConstraint(fields=["source", "remote_id"], name="harvest_remote_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source} : {self.remote_id}"
