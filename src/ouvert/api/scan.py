"""`POST /api/1/scan`: the personal-data guard on an uploaded file, without publishing it."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.http import HttpRequest
from ninja import File, Router, Status
from ninja.files import UploadedFile

from ouvert.api.auth import ApiKey
from ouvert.catalog.storage import scratch_folder
from ouvert.engine.ingest import IngestError
from ouvert.publishing.guard import scan_file

router = Router(tags=["données personnelles"])


@router.post(
    "/scan",
    response={200: dict[str, Any], 400: dict[str, str]},
    auth=ApiKey(),
    summary="Chercher les données personnelles d'un fichier",
    description=(
        "Lit le fichier comme une publication le ferait et renvoie les colonnes suspectes "
        "(type, confiance, nombre de valeurs, exemples masqués, corrections possibles) et les "
        "propriétés cachées du fichier. `suspected` vaut `true` quand quelque chose est trouvé ; "
        "un fichier illisible donne une erreur 400 expliquée en français. Rien n'est publié ni "
        "gardé."
    ),
)
def scan(
    request: HttpRequest,
    file: UploadedFile = File(...),  # noqa: B008 - django-ninja's declaration style
) -> Status[dict[str, Any]]:
    folder = scratch_folder()
    name = Path(file.name or "fichier").name
    with tempfile.TemporaryDirectory(dir=folder) as work:
        path = Path(work) / (name or "fichier")
        with path.open("wb") as out:
            for chunk in file.chunks():
                out.write(chunk)
        try:
            result = scan_file(path, name)
        except IngestError as error:
            return Status(400, {"error": str(error)})
    return Status(200, result.to_dict())
