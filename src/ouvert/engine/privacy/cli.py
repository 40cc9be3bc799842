"""`ouvert scan FILE [--json]`: exit 0 when nothing was found, 1 when personal data is suspected,
2 when the file cannot be read."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from ouvert.engine.privacy.files import scan_csv
from ouvert.engine.privacy.reading import UnreadableFile
from ouvert.engine.privacy.render import render_text

NOTHING, SUSPECTED, UNREADABLE = 0, 1, 2


def main(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    parser = argparse.ArgumentParser(
        prog="ouvert scan",
        description="Cherche les données personnelles d'un fichier (CSV, XLSX, ODS, GeoJSON, PDF).",
    )
    parser.add_argument("file", type=Path, help="le fichier à examiner")
    parser.add_argument("--json", action="store_true", help="résultat en JSON")
    arguments = parser.parse_args(argv)
    try:
        scan = scan_csv(arguments.file)
    except UnreadableFile as error:
        if arguments.json:
            out.write(json.dumps({"error": str(error)}, ensure_ascii=False) + "\n")
        else:
            out.write(f"{error}\n")
        return UNREADABLE
    if arguments.json:
        out.write(json.dumps(scan.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(render_text(scan, arguments.file.name) + "\n")
    return SUSPECTED if scan.suspected else NOTHING
