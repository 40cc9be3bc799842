"""data.gouv.fr's api-tabular, over each resource's table: `/api/resources/{rid}/data/`…

The resource id is its uid (as data.gouv.fr's resource ids). Filters `col__exact`… and the
opaque `cursor`, in docs/tabular-api.md.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.views.decorators.http import require_GET

from ouvert.api.explore import JSON_OPTIONS, _source, _user
from ouvert.engine.tabular.query import tabular, tabular_docs
from ouvert.engine.tabular.query.errors import QueryError, StoreError
from ouvert.publishing.models import Table
from ouvert.publishing.selectors import find_queryable


def tabular_errors(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except QueryError as error:
            return JsonResponse(
                error.to_tabular(), status=error.status, json_dumps_params=JSON_OPTIONS
            )
        except StoreError:
            return JsonResponse(
                {
                    "errors": [
                        {
                            "code": None,
                            "title": "Erreur interne",
                            "detail": "Les données de cette ressource sont indisponibles.",
                        }
                    ]
                },
                status=500,
                json_dumps_params=JSON_OPTIONS,
            )

    return wrapper


def _table(request: HttpRequest, rid: str) -> Table | JsonResponse:
    found = find_queryable(_user(request), request.portal, str(rid))  # type: ignore[attr-defined]
    if found is None:
        return JsonResponse(
            {
                "errors": [
                    {
                        "code": None,
                        "title": "Ressource introuvable",
                        "detail": "Cette ressource n'existe pas ou n'a pas de données tabulaires.",
                    }
                ]
            },
            status=404,
            json_dumps_params=JSON_OPTIONS,
        )
    return found[1]


def _urls(request: HttpRequest, rid: str) -> tabular.TabularUrls:
    def absolute(name: str) -> str:
        return request.build_absolute_uri(reverse(name, args=[rid]))

    return tabular.TabularUrls(
        profile=absolute("tabular_profile"),
        swagger=absolute("tabular_swagger"),
        data=absolute("tabular_data"),
    )


def _pairs(request: HttpRequest) -> list[tuple[str, str]]:
    return [(key, value) for key, values in request.GET.lists() for value in values]


@require_GET
@tabular_errors
def data(request: HttpRequest, rid: str) -> HttpResponse:
    table = _table(request, rid)
    if isinstance(table, JsonResponse):
        return table
    body = tabular.tabular_page(_source(table), _pairs(request), _urls(request, str(rid)))
    return JsonResponse(body, json_dumps_params=JSON_OPTIONS)


def _export(request: HttpRequest, rid: str, fmt: str) -> HttpResponseBase:
    table = _table(request, rid)
    if isinstance(table, JsonResponse):
        return table
    result = tabular.tabular_export(_source(table), _pairs(request), fmt)
    response = StreamingHttpResponse(result.chunks, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{rid}.{result.extension}"'
    return response


@require_GET
@tabular_errors
def data_csv(request: HttpRequest, rid: str) -> HttpResponseBase:
    return _export(request, rid, "csv")


@require_GET
@tabular_errors
def data_json(request: HttpRequest, rid: str) -> HttpResponseBase:
    return _export(request, rid, "json")


@require_GET
@tabular_errors
def profile(request: HttpRequest, rid: str) -> HttpResponse:
    table = _table(request, rid)
    if isinstance(table, JsonResponse):
        return table
    formats = {c["name"]: c["format"] for c in table.columns if c.get("name") and c.get("format")}
    dataset_id = str(table.version.resource.dataset.uid)
    body = tabular_docs.tabular_profile(_source(table), formats=formats, dataset_id=dataset_id)
    return JsonResponse(body, json_dumps_params=JSON_OPTIONS)


@require_GET
@tabular_errors
def swagger(request: HttpRequest, rid: str) -> HttpResponse:
    table = _table(request, rid)
    if isinstance(table, JsonResponse):
        return table
    body = tabular_docs.tabular_swagger(_source(table), str(rid))
    return JsonResponse(body, json_dumps_params=JSON_OPTIONS)
