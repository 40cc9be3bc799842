"""`ouvert validate FICHIER --schema NOM[@VERSION]|FICHIER|URL [--json]`: a CSV or a workbook
against a Table Schema (the national schemas are shipped with ouvert), like `frictionless
validate`. Exit status: 0 valid, 1 not valid, 2 unreadable file, unknown schema or usage error."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from ouvert.engine.validation import Report, SchemaError, find_entry, load_schema, validate
from ouvert.engine.validation.summary import rows_text, summarise
from ouvert.engine.validation.workbook import NotValidatable, as_csv
from ouvert.standalone.arguments import USAGE_ERROR, Parser

VALID, INVALID = 0, 1
SCHEMA_MAX_SIZE = 5 * 1024 * 1024
SCHEMA_TIMEOUT = 30.0


class Stop(Exception):
    """The command cannot go on; the message says why, in French."""


def main(argv: list[str] | None = None) -> int:
    parser = Parser(
        prog="ouvert validate",
        description="Valide un fichier CSV ou un classeur contre un schéma (SCDL ou tout Table "
        "Schema), sans plateforme ni base de données.",
    )
    parser.add_argument("file", type=Path, metavar="FICHIER", help="le fichier à valider")
    parser.add_argument(
        "--schema",
        required=True,
        metavar="SCHÉMA",
        help="nom[@version] du registre (scdl/subventions, scdl/subventions@2.1.1), "
        "fichier JSON ou adresse web du schéma",
    )
    parser.add_argument("--json", action="store_true", help="rapport JSON (forme frictionless)")
    arguments = parser.parse_args(argv)
    try:
        descriptor, name = resolve(arguments.schema)
        report = validate_file(arguments.file, descriptor)
    except Stop as stop:
        return _stop(str(stop), arguments.json)
    source_error = next((e for e in report.errors if e.type == "source-error"), None)
    if source_error is not None:
        return _stop(source_error.message, arguments.json)
    if arguments.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render(report, arguments.file.name, name))
    return VALID if report.valid else INVALID


def resolve(reference: str) -> tuple[dict[str, Any], str]:
    """A schema as people name it: (its descriptor, how to name it); `Stop` otherwise."""
    text = reference.strip()
    entry = find_entry(text) if text else None
    if entry is not None and entry.kind == "tableschema":
        return entry.descriptor(), entry.reference
    if text.startswith(("http://", "https://")):
        return _download(text), text
    path = Path(text)
    if path.is_dir():
        raise Stop(f"{path} est un dossier, pas un fichier de schéma.")
    if path.is_file() or path.suffix == ".json":
        if not path.is_file():
            raise Stop(f"Fichier de schéma introuvable : {path}")
        try:
            descriptor = json.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as error:
            raise Stop(f"Le fichier de schéma {path.name} n'est pas du texte UTF-8.") from error
        except (json.JSONDecodeError, OSError) as error:
            raise Stop(f"Le fichier de schéma {path.name} n'est pas du JSON valide.") from error
        return _checked(descriptor), path.name
    if entry is not None:  # a JSON Schema of the registry
        raise Stop(
            f"« {entry.reference} » est un JSON Schema, pas un Table Schema : seuls les "
            "fichiers tabulaires sont validés."
        )
    raise Stop(
        f"Schéma inconnu : « {text} ». Donnez un nom du registre (par exemple scdl/subventions "
        "ou scdl/subventions@2.1.1), un fichier JSON ou une adresse web."
    )


def _download(url: str) -> dict[str, Any]:
    """A schema fetched from the web: bounded in time and size."""
    import httpx  # only here: a second of start-up the other commands do not pay

    body = bytearray()
    try:
        with httpx.stream(
            "GET",
            url,
            timeout=SCHEMA_TIMEOUT,
            follow_redirects=True,
            headers={"Accept": "application/json"},
        ) as response:
            if response.status_code != 200:
                raise Stop(
                    f"Le schéma n'a pas pu être téléchargé : {url} répond {response.status_code}."
                )
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > SCHEMA_MAX_SIZE:
                    raise Stop("Le schéma téléchargé dépasse 5 Mo : ce n'est pas un schéma.")
    except httpx.TimeoutException as error:
        raise Stop(f"Le schéma n'a pas pu être téléchargé : {url} ne répond pas.") from error
    except httpx.ConnectError as error:
        raise Stop(
            f"Le schéma n'a pas pu être téléchargé : connexion impossible à {url}."
        ) from error
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
        raise Stop(f"L'adresse du schéma n'est pas valide : {url}") from error
    except httpx.HTTPError as error:
        raise Stop(f"Le schéma n'a pas pu être téléchargé ({url}) : {error}") from error
    try:
        descriptor = json.loads(bytes(body))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise Stop("Le schéma téléchargé n'est pas du JSON valide.") from error
    return _checked(descriptor)


def _checked(descriptor: Any) -> dict[str, Any]:
    if not isinstance(descriptor, dict):
        raise Stop("Le schéma doit être un objet JSON (un Table Schema).")
    try:
        load_schema(descriptor)
    except SchemaError as error:
        raise Stop(f"Le schéma n'est pas un Table Schema valide : {error}") from error
    return descriptor


def validate_file(path: Path, descriptor: dict[str, Any]) -> Report:
    """The report of a CSV or a workbook; `Stop` when it cannot be read."""
    if path.is_dir():
        raise Stop(f"{path} est un dossier, pas un fichier.")
    if not path.is_file():
        raise Stop(f"Fichier introuvable : {path}")
    with tempfile.TemporaryDirectory(prefix="ouvert-validate-") as folder:
        try:
            source = as_csv(path, path.name, Path(folder))
            return validate(source, descriptor, name=path.stem)
        except (NotValidatable, SchemaError) as error:
            raise Stop(str(error)) from error
        except (OSError, ValueError, UnicodeError) as error:
            raise Stop(f"Le fichier n'a pas pu être lu : {error}") from error


def render(report: Report, filename: str, schema: str) -> str:
    """The report in French, errors grouped by column with their first examples and advice."""
    if report.valid:
        return f"{filename} est conforme au schéma {schema} ({rows_text(report.rows)})."
    count = report.error_count
    lines = [
        f"{filename} n'est pas conforme au schéma {schema} : "
        f"{count} {'erreur' if count == 1 else 'erreurs'} sur {rows_text(report.rows)}."
    ]
    for group in summarise(report):
        column = group.column or "(en-tête et lignes)"
        lines.append(f"\n— {column} : {group.count} {'erreur' if group.count == 1 else 'erreurs'}")
        lines += [f"    {example.message}" for example in group.examples[:3]]
        lines += [f"    → {advice}" for advice in group.advice[:2]]
    return "\n".join(lines)


def _stop(message: str, as_json: bool) -> int:
    if as_json:
        print(json.dumps({"error": message}, ensure_ascii=False))
    else:
        print(message, file=sys.stderr)
    return USAGE_ERROR
