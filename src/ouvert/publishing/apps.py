from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "ouvert.publishing"
    verbose_name = "Traitement des fichiers"

    def ready(self) -> None:
        from ouvert.publishing import guard, pipeline, reading

        # The steps every version goes through, in order: read into a table, then the
        # personal-data guard (which reads the table).
        for step in (reading.read_table, guard.scan_version):
            if step not in pipeline.STEPS:
                pipeline.STEPS.append(step)
