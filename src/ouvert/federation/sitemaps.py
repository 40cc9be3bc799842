"""The portal's sitemap: public pages only, whoever asks."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest
from django.urls import reverse

from ouvert.catalog.models import Dataset
from ouvert.catalog.selectors import visible_datasets
from ouvert.territory.models import Organisation, Portal
from ouvert.territory.selectors import list_portal_organisations


class PortalSitemap(Sitemap[Any]):
    limit = 10_000

    def __init__(self, portal: Portal) -> None:
        self.portal = portal


class DatasetSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self) -> Any:
        # Anonymous on purpose: a sitemap is public whoever fetches it.
        return (
            visible_datasets(AnonymousUser(), self.portal)
            .filter(status=Dataset.Status.PUBLISHED)
            .order_by("pk")
        )

    def location(self, item: Dataset) -> str:
        return reverse("web:dataset_detail", args=[item.slug])

    def lastmod(self, item: Dataset) -> Any:
        return item.data_updated_at or item.modified_at


class OrganisationSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self) -> Any:
        return list_portal_organisations(self.portal).order_by("pk")

    def location(self, item: Organisation) -> str:
        return reverse("web:organisation_detail", args=[item.slug])


def sitemaps_for(request: HttpRequest) -> dict[str, type[Sitemap[Any]] | Sitemap[Any]]:
    portal: Portal = request.portal  # type: ignore[attr-defined]
    return {"jeux-de-donnees": DatasetSitemap(portal), "organisations": OrganisationSitemap(portal)}
