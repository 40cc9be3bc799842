from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Exécute les tâches de fond (file d'attente en base de données)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=1.0, help="secondes entre deux relèves"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        backend = str(settings.TASKS["default"]["BACKEND"])
        if not backend.startswith("django_tasks_db"):
            raise CommandError(
                "Les tâches s'exécutent pendant les requêtes (OUVERT_TASKS_BACKEND=immediate) : "
                "aucun worker n'est nécessaire."
            )
        from ouvert.publishing.pipeline import recover_interrupted

        requeued = recover_interrupted()
        if requeued:
            self.stdout.write(f"{len(requeued)} traitement(s) interrompu(s) relancé(s).")
        call_command("db_worker", interval=options["interval"], no_startup_delay=True)
