"""French full-text search over datasets: one interface, a back end per database.

SQLite: an FTS5 table of Snowball-stemmed, accent-folded text (engine.text.stems).
PostgreSQL: a tsvector table built with the `ouvert_french` configuration (french + unaccent).
Both tables are created by migration 0002 for their database only.
"""

from __future__ import annotations

from typing import Protocol

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from ouvert.catalog.models import Dataset


class SearchBackend(Protocol):
    def index(self, dataset: Dataset, title: str, body: str) -> None: ...

    def remove(self, dataset_id: int) -> None: ...

    def remove_orphans(self) -> None:
        """Drop entries whose dataset no longer exists."""
        ...

    def matching_ids(self, query: str) -> RawSQL | None:
        """A subquery of the ids of datasets matching every word (None: nothing can match)."""
        ...

    def rank(self, datasets: QuerySet[Dataset], query: str) -> QuerySet[Dataset]:
        """The datasets (already filtered to matches) annotated with `search_rank`."""
        ...


def backend() -> SearchBackend:
    if connection.vendor == "postgresql":
        from ouvert.catalog.search.postgres import PostgresSearch

        return PostgresSearch()
    from ouvert.catalog.search.sqlite import SqliteSearch

    return SqliteSearch()
