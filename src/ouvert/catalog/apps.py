from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "ouvert.catalog"
    verbose_name = "Catalogue"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate

        from ouvert.catalog.models import ResourceVersion
        from ouvert.catalog.storage import forget_deleted_version

        post_migrate.connect(remove_orphan_search_entries, sender=self)
        post_migrate.connect(rebuild_search_index_if_needed, sender=self)
        # However a version is deleted (its dataset's or resource's deletion cascades), its
        # original does not outlive it unless another version shares the bytes.
        post_delete.connect(forget_deleted_version, sender=ResourceVersion)


def remove_orphan_search_entries(**kwargs: object) -> None:
    """After a migrate or a flush, drop search entries whose dataset is gone (a flush empties
    the catalogue's tables but not the search index, which Django does not know)."""
    from django.db import connection

    from ouvert.catalog import search

    if "catalog_dataset" in connection.introspection.table_names():
        search.backend().remove_orphans()


# Migrations after which every dataset's search entry is written again: they change how text is
# folded or stemmed. The rebuild runs after the whole migrate, with the current models.
REINDEXING_MIGRATIONS = {("catalog", "0009_search_folds_before_stemming")}


def rebuild_search_index_if_needed(
    plan: list[tuple[object, bool]] | None = None, **kwargs: object
) -> None:
    """Index every dataset again when this migrate applied a migration that changes the index."""
    applied = {(m.app_label, m.name) for m, backwards in plan or [] if not backwards}  # type: ignore[attr-defined]
    if applied & REINDEXING_MIGRATIONS:
        from ouvert.catalog.services import rebuild_search_index

        rebuild_search_index()
