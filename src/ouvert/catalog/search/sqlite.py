"""SQLite FTS5 back end: stems are computed in Python, FTS5 ranks with BM25."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from ouvert.catalog.models import Dataset
from ouvert.engine.text import stems

TABLE = "catalog_dataset_fts"
# Title words weigh five times body words in BM25.
RANK = f"bm25({TABLE}, 5.0, 1.0)"


class SqliteSearch:
    def index(self, dataset: Dataset, title: str, body: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [dataset.pk])  # noqa: S608
            cursor.execute(
                f"INSERT INTO {TABLE} (rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608
                [dataset.pk, " ".join(stems(title)), " ".join(stems(body))],
            )

    def remove(self, dataset_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [dataset_id])  # noqa: S608

    def remove_orphans(self) -> None:
        if TABLE not in connection.introspection.table_names():
            return
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE rowid NOT IN (SELECT id FROM catalog_dataset)"  # noqa: S608
            )

    def _expression(self, query: str) -> str | None:
        terms = stems(query)[:20]
        # Each stem quoted: FTS5 operators typed by a visitor are plain words here.
        return " ".join(f'"{term}"' for term in terms) or None

    def matching_ids(self, query: str) -> RawSQL | None:
        expression = self._expression(query)
        if expression is None:
            return None
        sql = f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s"  # noqa: S608 - constant SQL
        return RawSQL(sql, [expression])  # noqa: S611 - the words are a bound parameter

    def rank(self, datasets: QuerySet[Dataset], query: str) -> QuerySet[Dataset]:
        expression = self._expression(query)
        if expression is None:
            return datasets.none()
        return datasets.extra(  # noqa: S610 - constant SQL, the query is a bound parameter
            tables=[TABLE],
            where=[f"{TABLE}.rowid = catalog_dataset.id", f"{TABLE} MATCH %s"],
            params=[expression],
            select={"search_rank": f"-{RANK}"},
        )
