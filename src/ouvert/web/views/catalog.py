"""Public catalogue pages: search, dataset, the link to a resource's current file."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from ouvert.accounts import permissions
from ouvert.accounts.permissions import Action
from ouvert.catalog import selectors, services
from ouvert.catalog.models import ResourceVersion
from ouvert.catalog.selectors import SORTS, DatasetQuery
from ouvert.federation.schema_org import dataset_json_ld
from ouvert.publishing.selectors import table_of
from ouvert.validation.models import Validation
from ouvert.web.views.previews import preview

FACET_LABELS = {
    "organisation": "Organisation",
    "theme": "Thème",
    "licence": "Licence",
    "format": "Format",
    "keyword": "Mot-clé",
    "spatial": "Couverture géographique",
    "schema": "Schéma",
    "conformity": "Conformité au schéma",
}
SORT_LABELS = {
    "pertinence": "Pertinence",
    "recent": "Publication la plus récente",
    "modifie": "Mise à jour la plus récente",
    "titre": "Titre (A → Z)",
    "populaire": "Les plus consultés",
}


def _int(value: str | None, default: int) -> int:
    try:
        return max(1, int(value or default))
    except ValueError:
        return default


def query_from_request(request: HttpRequest) -> DatasetQuery:
    """The search a visitor asked for, from the query string (unknown values are ignored)."""
    params = request.GET
    sort = params.get("tri", "pertinence")
    return DatasetQuery(
        q=params.get("q", "")[:300],
        organisation=params.get("organisation", "")[:100],
        theme=params.get("theme", "")[:4],
        licence=params.get("licence", "")[:32],
        format=params.get("format", "")[:20],
        keyword=params.get("mot_cle", "")[:100],
        spatial=params.get("territoire", "")[:60],
        schema=params.get("schema", "")[:200],
        conformity=params.get("conformite", "")[:20],
        include_archived=params.get("archives") == "1",
        sort=sort if sort in SORTS else "pertinence",
        page=min(_int(params.get("page"), 1), 10_000),
    )


FACET_PARAMS = {
    "organisation": "organisation",
    "theme": "theme",
    "licence": "licence",
    "format": "format",
    "keyword": "mot_cle",
    "spatial": "territoire",
    "schema": "schema",
    "conformity": "conformite",
}


@require_GET
def dataset_search(request: HttpRequest) -> HttpResponse:
    query = query_from_request(request)
    result = selectors.search_datasets(request.user, request.portal, query)  # type: ignore[attr-defined]

    def link(**changes: str) -> str:
        params = {k: v for k, v in request.GET.items() if k != "page"}
        params.update(changes)
        return "?" + urlencode({k: v for k, v in params.items() if v})

    facets = [
        {
            "name": name,
            "label": FACET_LABELS[name],
            "values": [
                {
                    "value": value,
                    "href": link(**{FACET_PARAMS[name]: "" if value.selected else value.value}),
                }
                for value in values
            ],
        }
        for name, values in result.facets.items()
        if values
    ]
    pages = {
        "previous": link(page=str(result.page - 1)) if result.page > 1 else None,
        "next": link(page=str(result.page + 1)) if result.page < result.page_count else None,
    }
    return render(
        request,
        "web/dataset_search.html",
        {
            "query": query.q,
            "result": result,
            "facets": facets,
            "pages": pages,
            "sort": query.sort,
            "sorts": SORT_LABELS,
            "hidden": {k: v for k, v in request.GET.items() if k not in {"q", "tri", "page"}},
        },
    )


@require_GET
def dataset_detail(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = selectors.get_dataset(request.user, request.portal, slug)  # type: ignore[attr-defined]
    if dataset is None:
        raise Http404("Ce jeu de données n'existe pas ou n'est pas visible ici.")
    services.record_view(dataset)
    resources: list[dict[str, Any]] = []
    tables = []
    for resource in selectors.list_resources(dataset):
        table = table_of(resource.current_version)
        if table is not None:
            tables.append(table)
        resources.append(
            {
                "resource": resource,
                "versions": list(selectors.list_versions(resource, request.user)),
                "preview": preview(resource, table) if table is not None else None,
                "validation": Validation.objects.filter(version=resource.current_version)
                .select_related("schema")
                .first()
                if resource.current_version
                else None,
            }
        )
    context = {
        "dataset": dataset,
        "resources": resources,
        "keywords": selectors.keywords_of(dataset),
        "spatial": selectors.spatial_of(dataset),
        "themes": dataset.themes.all(),
        "can_edit": permissions.can(request.user, Action.EDIT_DATASET, dataset.organisation),
        "json_ld": dataset_json_ld(request, dataset) if dataset.is_public else None,
        "has_preview": bool(tables),
        "has_map": any(table.is_geographic for table in tables),
    }
    return render(request, "web/dataset_detail.html", context)


@require_GET
def resource_latest(request: HttpRequest, slug: str, uid: str) -> HttpResponse:
    """The resource's current version (a stable link that follows updates)."""
    dataset = selectors.get_dataset(request.user, request.portal, slug)  # type: ignore[attr-defined]
    resource = dataset.resources.filter(uid=uid).first() if dataset else None
    version: ResourceVersion | None = resource.current_version if resource else None
    if version is None:
        raise Http404("Cette ressource n'a pas de fichier en ligne.")
    return redirect("web:version_download", uid=version.uid, filename=version.filename or "lien")
