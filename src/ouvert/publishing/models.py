"""The queryable form of a resource version: one typed Parquet file, its columns and profile."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models

from ouvert.catalog.models import ResourceVersion


def tables_root() -> Path:
    """Where Parquet files live: on local disk, which DuckDB reads directly."""
    return Path(settings.DATA_DIR) / "tables"


class Table(models.Model):
    """A version's rows as typed Parquet (columns `__id`, the data, and for geographic data a
    WKB `geometry` with bbox columns), written once, never changed."""

    version = models.OneToOneField(
        ResourceVersion, models.CASCADE, related_name="table", verbose_name="version"
    )
    path = models.CharField("fichier Parquet", max_length=300)
    row_count = models.BigIntegerField("lignes")
    columns = models.JSONField("colonnes", default=list)
    profile = models.JSONField("profil des colonnes", default=dict)
    is_geographic = models.BooleanField("géographique", default=False)
    notes = models.JSONField("corrections et remarques", default=list)
    size = models.BigIntegerField("taille (octets)", default=0)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "table"
        verbose_name_plural = "tables"

    def __str__(self) -> str:
        return f"{self.version} ({self.row_count} lignes)"

    @property
    def absolute_path(self) -> Path:
        return tables_root() / self.path

    def column(self, name: str) -> dict[str, Any] | None:
        return next((c for c in self.columns if c.get("name") == name), None)


class Review(models.Model):
    """What the personal-data guard found in a version, and what became of it."""

    class Decision(models.TextChoices):
        CLEAN = "clean", "Rien de personnel détecté"
        HELD = "held", "Retenue"
        RELEASED = "released", "Publiée malgré l'alerte"
        REMEDIED = "remedied", "Corrigée par une nouvelle version"

    version = models.OneToOneField(
        ResourceVersion, models.CASCADE, related_name="review", verbose_name="version"
    )
    decision = models.CharField(
        "décision", max_length=16, choices=Decision.choices, default=Decision.CLEAN
    )
    findings = models.JSONField("colonnes suspectes", default=list)
    metadata = models.JSONField("propriétés du fichier", default=list)
    stripped_path = models.CharField(
        "copie sans propriétés", max_length=300, blank=True, help_text="Ce qui est servi."
    )
    # The checksum and size published for the version are those of the bytes served: this
    # copy's when there is one (ResourceVersion.served_sha256).
    stripped_sha256 = models.CharField("empreinte SHA-256 de la copie", max_length=64, blank=True)
    stripped_size = models.BigIntegerField("taille de la copie (octets)", null=True, blank=True)
    created_at = models.DateTimeField("examinée le", auto_now_add=True)

    class Meta:
        verbose_name = "examen des données personnelles"
        verbose_name_plural = "examens des données personnelles"

    def __str__(self) -> str:
        return f"{self.version} : {self.get_decision_display()}"


class AuditEntry(models.Model):
    """One decision about personal data, or one door closed after repeated failures
    (accounts/throttle.py): kept for platform admins, never edited."""

    class Kind(models.TextChoices):
        HELD = "held", "Version retenue"
        RELEASED = "released", "Retenue levée"
        REMEDIED = "remedied", "Correction appliquée"
        METADATA_STRIPPED = "metadata_stripped", "Propriétés du fichier retirées"
        THROTTLED = "throttled", "Accès bloqué après des échecs répétés"

    at = models.DateTimeField("date", auto_now_add=True, db_index=True)
    kind = models.CharField("événement", max_length=24, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="par",
    )
    organisation = models.ForeignKey(
        "territory.Organisation",
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="organisation",
    )
    version = models.ForeignKey(
        ResourceVersion,
        models.SET_NULL,
        null=True,
        related_name="audit_entries",
        verbose_name="version",
    )
    summary = models.CharField("résumé", max_length=500)
    justification = models.TextField("justification", blank=True)
    details = models.JSONField("détails", default=dict)

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "journal des données personnelles et des accès"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} — {self.summary}"


class Worker(models.Model):
    """A running `ouvert worker` process, beating every few seconds (publishing/workers.py): the
    versions it processes are recovered as soon as it is found dead."""

    id = models.CharField("identifiant", max_length=64, primary_key=True)
    host = models.CharField("machine", max_length=255)
    host_key = models.CharField(
        "machine et espace de processus",
        max_length=300,
        help_text="Sur la même machine (et le même espace de processus), le pid suffit à savoir "
        "si le worker vit encore.",
    )
    pid = models.PositiveIntegerField("pid")
    process_start = models.BigIntegerField(
        "début du processus", null=True, blank=True, help_text="Distingue un pid réutilisé."
    )
    started_at = models.DateTimeField("démarré le", auto_now_add=True)
    beat_at = models.DateTimeField("dernier signe de vie", db_index=True)

    class Meta:
        verbose_name = "worker"
        verbose_name_plural = "workers"
        ordering = ["started_at"]

    def __str__(self) -> str:
        return f"{self.id} ({self.host}, pid {self.pid})"
