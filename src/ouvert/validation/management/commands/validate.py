"""`ouvert validate FILE --schema NAME[@VERSION]|PATH|URL [--json]`.

Exit status: 0 valid, 1 invalid, 2 usage error, unknown schema or unreadable file."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ouvert.engine.validation import SchemaError
from ouvert.engine.validation.summary import rows_text, summarise
from ouvert.validation.files import NotValidatable
from ouvert.validation.resolve import resolve
from ouvert.validation.services import validate_file


class Command(BaseCommand):
    help = "Valide un fichier CSV ou un classeur contre un schéma (SCDL ou tout Table Schema)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="le fichier à valider")
        parser.add_argument(
            "--schema", required=True, help="nom[@version] du registre, fichier JSON ou adresse"
        )
        parser.add_argument("--json", action="store_true", help="rapport JSON (frictionless)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        as_json: bool = options["json"]
        if not path.is_file():
            self._stop(f"Fichier introuvable : {path}", as_json)
        try:
            descriptor, name = resolve(options["schema"])
            report = validate_file(path, path.name, descriptor)
        except (SchemaError, NotValidatable) as error:
            self._stop(str(error), as_json)
        except (OSError, ValueError) as error:
            self._stop(f"Le fichier n'a pas pu être lu : {error}", as_json)
        if as_json:
            self.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(self._text(report, path.name, name))
        sys.exit(0 if report.valid else 1)

    def _text(self, report: Any, filename: str, schema: str) -> str:
        if report.valid:
            return f"{filename} est conforme au schéma {schema} ({rows_text(report.rows)})."
        lines = [
            f"{filename} n'est pas conforme au schéma {schema} : "
            f"{report.error_count} erreur(s) sur {rows_text(report.rows)}."
        ]
        for group in summarise(report):
            column = group.column or "(en-tête et lignes)"
            lines.append(f"\n— {column} : {group.count} erreur(s)")
            for example in group.examples[:3]:
                lines.append(f"    {example.message}")
            for advice in group.advice[:2]:
                lines.append(f"    → {advice}")
        return "\n".join(lines)

    def _stop(self, message: str, as_json: bool) -> None:
        self.stdout.write(
            json.dumps({"error": message}, ensure_ascii=False) if as_json else message
        )
        sys.exit(2)
