from django.apps import AppConfig


class ValidationConfig(AppConfig):
    name = "ouvert.validation"
    verbose_name = "Validation des schémas"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_sync_registry, sender=self)


def _sync_registry(**kwargs: object) -> None:
    from ouvert.validation import registry

    registry.sync()
