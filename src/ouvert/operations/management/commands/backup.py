from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.defaultfilters import filesizeformat

from ouvert.operations.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Sauvegarde la plateforme dans un dossier neuf : la base de données, les fichiers "
        "déposés et les tables, avec leurs empreintes (docs/operations.md). Possible pendant "
        "que la plateforme tourne."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="dossier de la sauvegarde (vide ou neuf)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = backup(options["folder"])
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from error
        files = f"{report.files} fichier" + ("s" if report.files > 1 else "")
        self.stdout.write(
            f"Sauvegarde écrite dans {options['folder']} : la base et {files} "
            f"({filesizeformat(report.size)})."
        )
        if report.missing:
            listed = "\n  ".join(report.missing[:20])
            raise CommandError(
                f"{len(report.missing)} fichier"
                + (
                    " référencé par la base est absent"
                    if len(report.missing) == 1
                    else "s référencés par la base sont absents"
                )
                + f" du dossier de données (notés dans le manifeste) :\n  {listed}",
                returncode=1,
            )
