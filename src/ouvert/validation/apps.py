from django.apps import AppConfig


class ValidationConfig(AppConfig):
    name = "ouvert.validation"
    verbose_name = "Validation des schémas"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from ouvert.publishing import pipeline
        from ouvert.validation import steps

        # After reading the table, before the personal-data guard: a version held back still
        # tells its people whether it conforms.
        if steps.validate_version not in pipeline.STEPS:
            pipeline.STEPS.insert(1 if pipeline.STEPS else 0, steps.validate_version)
        post_migrate.connect(_sync_registry, sender=self)


def _sync_registry(**kwargs: object) -> None:
    from ouvert.validation import registry

    registry.sync()
