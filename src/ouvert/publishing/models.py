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
