from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.defaultfilters import filesizeformat

from ouvert.operations.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde d'`ouvert backup` dans la base et le dossier de données "
        "configurés, après avoir vérifié l'empreinte de chaque fichier. Refuse d'écraser une "
        "plateforme qui a des données, sauf avec --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="dossier de la sauvegarde")
        parser.add_argument(
            "--force",
            action="store_true",
            help="remplacer la base et les fichiers existants (ils sont effacés)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = restore(options["folder"], force=options["force"])
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from error
        files = f"{report.files} fichier" + ("s" if report.files > 1 else "")
        self.stdout.write(
            f"Sauvegarde restaurée : la base et {files} ({filesizeformat(report.size)}). "
            "Redémarrez les processus web et les workers."
        )
