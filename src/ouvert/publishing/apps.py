from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "ouvert.publishing"
    verbose_name = "Traitement des fichiers"

    def ready(self) -> None:
        from ouvert.publishing import pipeline, reading

        # The steps every version goes through, in order.
        if reading.read_table not in pipeline.STEPS:
            pipeline.STEPS.append(reading.read_table)
