"""`POST /api/1/validate`: a file against a schema, the report in frictionless-py's shape."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from ouvert.catalog.storage import scratch_folder
from ouvert.engine.validation import SchemaError
from ouvert.engine.validation.workbook import NotValidatable
from ouvert.validation.resolve import resolve
from ouvert.validation.services import validate_file

router = Router(tags=["schémas"])
MAX_SIZE = 200 * 1024 * 1024  # a public service: bigger files are validated when published


@router.post(
    "/validate",
    response={200: dict[str, Any], 400: dict[str, str]},
    summary="Valider un fichier contre un schéma",
    description=(
        "Valide un CSV ou un classeur contre un schéma du registre (`scdl/subventions`, "
        "`scdl/subventions@2.1.1`, ou l'adresse schema.data.gouv.fr du schéma). Le rapport a la "
        "forme de celui de frictionless-py (`valid`, `stats`, `tasks[].errors[]` avec `type`, "
        "`title`, `message`, `rowNumber`, `fieldName`, `fieldNumber`, `cell`), en français. "
        "Un schéma inconnu ou un fichier illisible donne une erreur 400 expliquée. Rien n'est "
        "gardé."
    ),
)
def validate(
    request: HttpRequest,
    file: UploadedFile = File(...),  # noqa: B008 - django-ninja's declaration style
    schema_reference: str = Form(..., alias="schema"),
) -> Status[dict[str, Any]]:
    folder = scratch_folder()
    if (file.size or 0) > MAX_SIZE:
        return Status(
            400,
            {
                "error": f"Le fichier dépasse {MAX_SIZE // 1024 // 1024} Mo : publiez-le, il sera "
                "validé pendant son traitement."
            },
        )
    name = Path(file.name or "fichier.csv").name or "fichier.csv"
    with tempfile.TemporaryDirectory(dir=folder) as work:
        path = Path(work) / name
        with path.open("wb") as out:
            for chunk in file.chunks():
                out.write(chunk)
        try:
            descriptor, _ = resolve(schema_reference)
            report = validate_file(path, name, descriptor)
        except (SchemaError, NotValidatable) as error:
            return Status(400, {"error": str(error)})
        except (OSError, ValueError) as error:
            return Status(400, {"error": f"Le fichier n'a pas pu être lu : {error}"})
    return Status(200, report.to_dict())
