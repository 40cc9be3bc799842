"""What a version's validation against its declared schema found."""

from __future__ import annotations

from django.db import models

from ouvert.catalog.models import ResourceVersion, Schema


class Validation(models.Model):
    """The report of one version against one schema (frictionless-shaped, in French)."""

    version = models.OneToOneField(
        ResourceVersion, models.CASCADE, related_name="validation", verbose_name="version"
    )
    schema = models.ForeignKey(Schema, models.PROTECT, related_name="+", verbose_name="schéma")
    valid = models.BooleanField("conforme")
    error_count = models.PositiveIntegerField("erreurs", default=0)
    report = models.JSONField("rapport", default=dict)
    summary = models.JSONField("erreurs par colonne", default=list)
    repairs = models.JSONField("corrections possibles", default=dict)
    created_at = models.DateTimeField("validée le", auto_now_add=True)

    class Meta:
        verbose_name = "validation"
        verbose_name_plural = "validations"

    def __str__(self) -> str:
        state = "conforme" if self.valid else f"non conforme ({self.error_count} erreurs)"
        return f"{self.version} : {state} à {self.schema}"
