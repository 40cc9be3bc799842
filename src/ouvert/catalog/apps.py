from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "ouvert.catalog"
    verbose_name = "Catalogue"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(remove_orphan_search_entries, sender=self)


def remove_orphan_search_entries(**kwargs: object) -> None:
    """After a migrate or a flush, drop search entries whose dataset is gone (a flush empties
    the catalogue's tables but not the search index, which Django does not know)."""
    from django.db import connection

    from ouvert.catalog import search

    if "catalog_dataset" in connection.introspection.table_names():
        search.backend().remove_orphans()
