"""RSS and Atom feeds of new and updated datasets, per portal; public datasets only."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from ouvert.catalog.models import Dataset
from ouvert.catalog.selectors import visible_datasets
from ouvert.engine.markdown import markdown_to_text
from ouvert.territory.models import Portal

FEED_SIZE = 50


class DatasetFeed(Feed[Dataset, Portal]):
    """The latest published or updated datasets of the portal (RSS 2.0)."""

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Portal:
        return request.portal  # type: ignore[attr-defined]

    def title(self, portal: Portal) -> str:
        return f"{portal.name} — jeux de données récents"

    def link(self, portal: Portal) -> str:
        return reverse("web:dataset_search")

    def description(self, portal: Portal) -> str:
        return f"Les jeux de données publiés ou mis à jour sur {portal.name}."

    def items(self, portal: Portal) -> Any:
        return (
            visible_datasets(AnonymousUser(), portal)
            .filter(status=Dataset.Status.PUBLISHED)
            .select_related("organisation")
            .order_by("-modified_at")[:FEED_SIZE]
        )

    def item_title(self, item: Dataset) -> str:
        return item.title

    def item_description(self, item: Dataset) -> str:
        return markdown_to_text(item.description, 500)

    def item_link(self, item: Dataset) -> str:
        return reverse("web:dataset_detail", args=[item.slug])

    def item_guid(self, item: Dataset) -> str:
        return f"urn:uuid:{item.uid}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Dataset) -> Any:
        return item.published_at

    def item_updateddate(self, item: Dataset) -> Any:
        return item.data_updated_at or item.modified_at

    def item_author_name(self, item: Dataset) -> str:
        return item.organisation.name

    def item_categories(self, item: Dataset) -> list[str]:
        return list(item.keywords.values_list("name", flat=True))


class DatasetAtomFeed(DatasetFeed):
    feed_type = Atom1Feed

    def subtitle(self, portal: Portal) -> str:
        return self.description(portal)
