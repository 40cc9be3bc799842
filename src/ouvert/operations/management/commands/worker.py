from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ouvert.publishing import workers


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
        worker = workers.register()
        try:
            recovery = workers.recover()
            if recovery.requeued:
                count = len(recovery.requeued)
                self.stdout.write(
                    f"{count} traitement interrompu relancé."
                    if count == 1
                    else f"{count} traitements interrompus relancés."
                )
            if recovery.failed:
                count = len(recovery.failed)
                self.stdout.write(
                    f"{count} traitement interrompu trop souvent, mis en échec."
                    if count == 1
                    else f"{count} traitements interrompus trop souvent, mis en échec."
                )
            call_command(
                "db_worker",
                interval=options["interval"],
                startup_delay=False,
                reload=False,
                worker_id=worker.id,
                verbosity=options["verbosity"],
            )
        finally:
            workers.unregister()
