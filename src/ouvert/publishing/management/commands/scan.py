"""`ouvert scan FILE [--json]`: the personal-data guard on one file, as publishing would run it.

Exit status: 0 nothing found, 1 personal data suspected, 2 unreadable file or usage error."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ouvert.engine.ingest import IngestError
from ouvert.engine.privacy.render import render_text
from ouvert.publishing.guard import scan_file

FAILED = (
    "La recherche de données personnelles n'a pas pu aboutir (erreur inattendue) : rien ne "
    "permet de dire que ce fichier en est exempt."
)
logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Cherche les données personnelles d'un fichier (CSV, tableur, JSON, GeoJSON, PDF…)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="le fichier à examiner")
        parser.add_argument("--json", action="store_true", help="résultat en JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        as_json = options["json"]
        if not path.is_file():
            self._finish(
                f"Fichier introuvable : {path}",
                {"error": f"Fichier introuvable : {path}"},
                as_json,
                2,
            )
        try:
            scan = scan_file(path, path.name)
        except IngestError as error:
            self._finish(str(error), {"error": str(error)}, as_json, 2)
        except Exception:  # exit 1 means "suspected": a failure must never be read as a verdict
            logger.debug("ouvert scan %s failed", path, exc_info=True)
            self._finish(FAILED, {"error": FAILED}, as_json, 2)
        if as_json:
            self.stdout.write(json.dumps(scan.to_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_text(scan, path.name))
        sys.exit(1 if scan.suspected else 0)

    def _finish(self, text: str, payload: dict[str, str], as_json: bool, status: int) -> None:
        self.stdout.write(json.dumps(payload, ensure_ascii=False) if as_json else text)
        sys.exit(status)
