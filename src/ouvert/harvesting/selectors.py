"""Reads of the harvesting app: sources a person manages, a dataset's provenance."""

from __future__ import annotations

from django.db.models import QuerySet

from ouvert.accounts import permissions
from ouvert.accounts.permissions import Action, AnyUser
from ouvert.catalog.models import Dataset
from ouvert.harvesting.models import HarvestedDataset, HarvestSource


def managed_sources(user: AnyUser) -> QuerySet[HarvestSource]:
    """The sources of every organisation whose harvesting the person manages."""
    organisations = permissions.organisations_where(user, Action.MANAGE_HARVEST)
    return (
        HarvestSource.objects.filter(organisation__in=organisations)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


def provenance_of(dataset: Dataset) -> HarvestedDataset | None:
    """Where a harvested dataset comes from (None for a dataset published here)."""
    return HarvestedDataset.objects.select_related("source").filter(dataset=dataset).first()
