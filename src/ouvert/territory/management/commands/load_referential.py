from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ouvert.territory.referential import SHIPPED, load_referential


class Command(BaseCommand):
    help = (
        "Charge ou met à jour le référentiel (régions, départements, EPCI, communes) depuis les "
        "fichiers de @etalab/decoupage-administratif. Sans --source : le millésime livré."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--source", type=Path, default=SHIPPED, help="dossier des fichiers JSON"
        )
        parser.add_argument("--vintage", default="", help="libellé du millésime (ex. 2026)")

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["source"]
        if not source.is_dir():
            raise CommandError(f"{source} n'est pas un dossier.")
        started = time.perf_counter()
        try:
            report = load_referential(source, options["vintage"])
        except FileNotFoundError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        counts = ", ".join(f"{count} {kind}" for kind, count in sorted(report.counts.items()))
        self.stdout.write(f"Référentiel chargé en {elapsed:.1f} s : {counts}.")
        if report.retired:
            self.stdout.write(
                f"{report.retired} entrées ne sont plus en vigueur "
                f"(dont {report.replaced} communes fusionnées, reliées à leur successeur)."
            )
        for name, territory in report.orphaned_organisations:
            self.stdout.write(
                self.style.WARNING(
                    f"L'organisation « {name} » est rattachée à {territory}, qui n'est plus en "
                    "vigueur : vérifiez son rattachement."
                )
            )
