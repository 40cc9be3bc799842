"""A schema as people name it: "scdl/subventions@2.1.1", "scdl/subventions" (latest), a path
to a JSON file, or a URL (fetched through the one outbound client)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ouvert.engine.validation import SchemaError
from ouvert.validation import registry


def resolve(reference: str) -> tuple[dict[str, Any], str]:
    """(descriptor, how to name it) or `SchemaError` in French."""
    text = reference.strip()
    known = registry.find(text)
    if known is not None:
        return known.descriptor, known.reference
    path = Path(text)
    if path.suffix == ".json" or path.is_file():
        if not path.is_file():
            raise SchemaError(f"Fichier de schéma introuvable : {path}")
        try:
            return json.loads(path.read_text(encoding="utf-8")), path.name
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise SchemaError(f"Le fichier de schéma n'est pas du JSON valide : {error}") from error
    if text.startswith(("http://", "https://")):
        from ouvert.harvesting.outbound import OutboundClient, OutboundError

        try:
            with OutboundClient() as client:
                document = client.get(text, accept="application/json", max_size=5 * 1024 * 1024)
            return json.loads(document.body), text
        except OutboundError as error:
            raise SchemaError(f"Le schéma n'a pas pu être téléchargé : {error}") from error
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise SchemaError("Le schéma téléchargé n'est pas du JSON valide.") from error
    raise SchemaError(
        f"Schéma inconnu : « {text} ». Donnez un nom du registre (par exemple "
        "scdl/subventions ou scdl/subventions@2.1.1), un fichier JSON ou une adresse web."
    )
