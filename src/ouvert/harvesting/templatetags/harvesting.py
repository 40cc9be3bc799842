"""`{% harvest_provenance dataset %}`: "Moissonné depuis … le …" on a harvested dataset's page."""

from __future__ import annotations

from typing import Any

from django import template

from ouvert.catalog.models import Dataset
from ouvert.harvesting.selectors import provenance_of

register = template.Library()


@register.inclusion_tag("harvesting/_provenance.html")
def harvest_provenance(dataset: Dataset) -> dict[str, Any]:
    return {"record": provenance_of(dataset)}
