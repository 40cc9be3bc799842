"""Which datasets a catalogue page holds, and its serialisation in the asked RDF syntax."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Max, QuerySet

from ouvert.catalog.models import Dataset
from ouvert.catalog.selectors import visible_datasets
from ouvert.federation.dcat.graph import Links, Page, catalog_graph, prefetch
from ouvert.territory.models import Portal

FORMATS = {
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
    "rdf": ("xml", "application/rdf+xml; charset=utf-8"),
    "xml": ("xml", "application/rdf+xml; charset=utf-8"),
    "jsonld": ("json-ld", "application/ld+json; charset=utf-8"),
}
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


def public_datasets(portal: Portal, modified_since: datetime | None = None) -> QuerySet[Dataset]:
    """What the catalogue exposes: published datasets of the portal, as an anonymous visitor
    sees them — never a draft, a private or an archived dataset."""
    datasets = visible_datasets(AnonymousUser(), portal).filter(status=Dataset.Status.PUBLISHED)
    if modified_since is not None:
        datasets = datasets.filter(modified_at__gte=modified_since)
    return datasets.order_by("pk")


def render_catalog(
    links: Links,
    portal: Portal,
    fmt: str,
    *,
    page: int = 1,
    page_size: int | None = DEFAULT_PAGE_SIZE,
    modified_since: datetime | None = None,
    page_url: Any = None,
) -> tuple[bytes, str]:
    """One page of the portal's catalogue, serialised; returns the bytes and the media type.
    `page_size=None` puts the whole catalogue on one page (the command line's dump)."""
    syntax, media_type = FORMATS[fmt]
    datasets = public_datasets(portal, modified_since)
    total = datasets.count()
    page_size = max(total, 1) if page_size is None else min(max(page_size, 1), MAX_PAGE_SIZE)
    paging = Page(number=1, size=page_size, total=total)
    number = min(max(page, 1), paging.last)
    paging = Page(number=number, size=page_size, total=total)
    start = (number - 1) * page_size
    rows = list(prefetch(datasets)[start : start + page_size])
    modified = datasets.aggregate(latest=Max("modified_at"))["latest"]
    graph = catalog_graph(
        links,
        portal,
        rows,
        paging,
        page_url or (lambda n: links.absolute(f"/catalog.{fmt}?page={n}&page_size={page_size}")),
        modified,
    )
    return graph.serialize(format=syntax, encoding="utf-8"), media_type
