"""`ouvert scan FICHIER [--json]`: the personal-data guard on one file, read exactly as a
published version is read, with nothing published. Exit status: 0 nothing found, 1 personal data
suspected, 2 unreadable file or usage error."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ouvert.engine.ingest import IngestError
from ouvert.engine.privacy import scan_file
from ouvert.engine.privacy.render import render_text
from ouvert.standalone.arguments import USAGE_ERROR, Parser

NOTHING, SUSPECTED = 0, 1
FAILED = (
    "La recherche de données personnelles n'a pas pu aboutir (erreur inattendue) : rien ne "
    "permet de dire que ce fichier en est exempt."
)


def main(argv: list[str] | None = None) -> int:
    parser = Parser(
        prog="ouvert scan",
        description="Cherche les données personnelles d'un fichier (CSV, tableur, JSON, GeoJSON, "
        "shapefile, PDF…), sans le publier.",
    )
    parser.add_argument("file", type=Path, metavar="FICHIER", help="le fichier à examiner")
    parser.add_argument("--json", action="store_true", help="résultat en JSON")
    arguments = parser.parse_args(argv)
    path: Path = arguments.file
    if path.is_dir():
        return _stop(f"{path} est un dossier, pas un fichier.", arguments.json)
    if not path.is_file():
        return _stop(f"Fichier introuvable : {path}", arguments.json)
    try:
        scan = scan_file(path)
    except IngestError as error:
        return _stop(str(error), arguments.json)
    except Exception:  # exit 1 means "suspected": a failure must never be read as a verdict
        return _stop(FAILED, arguments.json)
    if arguments.json:
        print(json.dumps(scan.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_text(scan, path.name))
    return SUSPECTED if scan.suspected else NOTHING


def _stop(message: str, as_json: bool) -> int:
    if as_json:
        print(json.dumps({"error": message}, ensure_ascii=False))
    else:
        print(message, file=sys.stderr)
    return USAGE_ERROR
