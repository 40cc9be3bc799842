"""The schemas of the registry: their fields in French, empty templates to fill, and the
validation report of a version."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ouvert.catalog import selectors
from ouvert.catalog.models import Schema
from ouvert.publishing import conformity
from ouvert.validation import registry
from ouvert.validation.models import Validation
from ouvert.web.views.publishing import editable_version

TYPES = {
    "string": "texte",
    "integer": "nombre entier",
    "number": "nombre",
    "boolean": "booléen",
    "date": "date",
    "datetime": "date et heure",
    "time": "heure",
    "year": "année",
    "yearmonth": "année et mois",
    "duration": "durée",
    "geopoint": "point géographique",
    "geojson": "géométrie GeoJSON",
    "object": "objet JSON",
    "array": "liste JSON",
    "any": "valeur quelconque",
}
CONSTRAINTS = {
    "required": "obligatoire",
    "unique": "valeurs uniques",
    "minimum": "minimum {}",
    "maximum": "maximum {}",
    "minLength": "au moins {} caractères",
    "maxLength": "au plus {} caractères",
    "pattern": "forme attendue : {}",
    "enum": "valeurs permises : {}",
}


def _constraints(field: dict[str, Any]) -> list[str]:
    out = []
    for key, value in (field.get("constraints") or {}).items():
        label = CONSTRAINTS.get(key)
        if label is None or value is False:
            continue
        if key == "enum":
            value = ", ".join(str(v) for v in value[:20]) + (" …" if len(value) > 20 else "")
        out.append(label.format(value) if "{}" in label else label)
    return out


def _schema(name: str, version: str) -> Schema:
    registry.ensure()
    schema = Schema.objects.filter(name=name, version=version).first()
    if schema is None or not schema.descriptor:
        raise Http404("Ce schéma n'est pas dans le registre.")
    return schema


@require_GET
def schema_list(request: HttpRequest) -> HttpResponse:
    registry.ensure()
    groups: dict[str, list[Schema]] = {}
    for schema in Schema.objects.exclude(descriptor={}).order_by("name", "version"):
        groups.setdefault(schema.name, []).append(schema)
    entries = [
        {"name": name, "latest": max(items, key=lambda s: s.version_key),
         "versions": items}
        for name, items in sorted(groups.items())
    ]  # fmt: skip
    return render(request, "web/schema_list.html", {"entries": entries})


@require_GET
def schema_detail(request: HttpRequest, name: str, version: str) -> HttpResponse:
    schema = _schema(name, version)
    descriptor = schema.descriptor
    fields = [
        {
            "name": f.get("name", ""),
            "title": f.get("title", ""),
            "description": f.get("description", ""),
            "type": TYPES.get(f.get("type", "string"), f.get("type", "string")),
            "format": f.get("format") if f.get("format") not in (None, "default") else "",
            "example": f.get("example", ""),
            "constraints": _constraints(f),
        }
        for f in descriptor.get("fields", [])
    ]
    others = Schema.objects.filter(name=name).exclude(pk=schema.pk).order_by("-version")
    return render(
        request,
        "web/schema_detail.html",
        {"schema": schema, "descriptor": descriptor, "fields": fields, "others": others},
    )


@require_GET
def schema_template(request: HttpRequest, name: str, version: str, fmt: str) -> HttpResponse:
    """An empty file with the schema's header, to fill in (CSV, or XLSX with a notice sheet)."""
    schema = _schema(name, version)
    fields = schema.descriptor.get("fields", [])
    headers = [f.get("name", "") for f in fields]
    stem = f"modele-{name.replace('/', '-')}-{version}"
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerow(headers)
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Données"
        sheet.append(headers)
        notice = book.create_sheet("Notice")
        notice.append(["Colonne", "Titre", "Description", "Type", "Exemple"])
        for f in fields:
            notice.append(
                [f.get("name", ""), f.get("title", ""), f.get("description", ""),
                 TYPES.get(f.get("type", "string"), f.get("type", "")), str(f.get("example", ""))]
            )  # fmt: skip
        buffer_bytes = io.BytesIO()
        book.save(buffer_bytes)
        response = HttpResponse(
            buffer_bytes.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404("Format inconnu.")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def _validation(request: HttpRequest, slug: str, uid: str) -> tuple[Any, Any, Validation]:
    """The visible dataset, its resource and the report of the resource's current version."""
    dataset = selectors.get_dataset(request.user, request.portal, slug)  # type: ignore[attr-defined]
    if dataset is None:
        raise Http404("Ce jeu de données n'existe pas ou n'est pas visible ici.")
    resource = dataset.resources.filter(uid=uid).select_related("current_version").first()
    version = resource.current_version if resource else None
    validation = (
        Validation.objects.filter(version=version).select_related("schema").first()
        if version
        else None
    )
    if validation is None:
        raise Http404("Cette ressource n'a pas de rapport de validation.")
    return dataset, resource, validation


@require_GET
def validation_report(request: HttpRequest, slug: str, uid: str) -> HttpResponse:
    dataset, resource, validation = _validation(request, slug, uid)
    version = validation.version
    return render(
        request,
        "web/validation_report.html",
        {"dataset": dataset, "resource": resource, "version": version, "validation": validation},
    )


@require_GET
def validation_report_json(request: HttpRequest, slug: str, uid: str) -> JsonResponse:
    """The full report, in frictionless-py's shape."""
    _dataset, _resource, validation = _validation(request, slug, uid)
    return JsonResponse(validation.report, json_dumps_params={"ensure_ascii": False})


@login_required
@require_POST
def apply_repairs(request: HttpRequest, uid: str) -> HttpResponse:
    """The back-office button: the automatic corrections as a new version."""
    version = editable_version(request, uid)
    try:
        new = conformity.apply_repairs(request.user, version)
    except (DjangoValidationError, PermissionDenied) as error:
        text = " ".join(error.messages) if isinstance(error, DjangoValidationError) else str(error)
        messages.error(request, text or "Action refusée.")
    else:
        messages.success(
            request, f"Corrections appliquées : la version {new.number} est créée et revalidée."
        )
    return redirect("web:publishing_dataset", slug=version.resource.dataset.slug)
