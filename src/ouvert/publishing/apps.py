from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "ouvert.publishing"
    verbose_name = "Traitement des fichiers"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from ouvert.publishing.models import Review, Table
        from ouvert.publishing.tables import forget_deleted_review, forget_deleted_table

        # A deleted version's table and stripped copy do not outlive it (catalog.storage does
        # the same for originals).
        post_delete.connect(forget_deleted_table, sender=Table)
        post_delete.connect(forget_deleted_review, sender=Review)
