"""Reference lists of the catalogue: licences, frequencies, themes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from ouvert.catalog.vocabularies import frequencies, licences, themes

router = Router(tags=["jeux de données"])


class LicenceOut(Schema):
    id: str
    title: str
    label: str
    url: str | None
    spdx: str | None


@router.get("/datasets/licenses/", response=list[LicenceOut], summary="Les licences")
def list_licences(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": x.id,
            "title": x.title,
            "label": x.label,
            "url": x.url or None,
            "spdx": x.spdx or None,
        }
        for x in licences.LICENCES.values()
    ]


@router.get("/datasets/frequencies/", summary="Les fréquences de mise à jour")
def list_frequencies(request: HttpRequest) -> list[dict[str, str]]:
    return [
        {"id": f.udata, "label": f.label, "uri": frequencies.frequency_uri(f.code)}
        for f in frequencies.FREQUENCIES.values()
    ]


@router.get("/datasets/themes/", summary="Les thèmes")
def list_themes(request: HttpRequest) -> list[dict[str, str]]:
    return [
        {"code": code, "label": label, "uri": themes.theme_uri(code)}
        for code, label in themes.THEMES.items()
    ]
