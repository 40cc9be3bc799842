"""OpenDataSoft Explore API v2.1, over each resource's table (docs/tabular-api.md).

Each queryable resource is one ODS dataset, its id `Resource.api_id`: the dataset's slug for the
first resource, `<slug>--<n>` for the next ones. Errors keep ODS's shapes; API keys are read as
ODS reads them (`Authorization: Apikey …` or `?apikey=…`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.views.decorators.http import require_GET

from ouvert.accounts.permissions import AnyUser
from ouvert.api.auth import user_from_request, user_from_token
from ouvert.catalog.models import Dataset, Resource
from ouvert.engine.tabular.query import execute, explore, exports
from ouvert.engine.tabular.query.errors import QueryError, StoreError
from ouvert.engine.tabular.query.explore import DatasetMetadata, FieldMetadata
from ouvert.engine.tabular.query.facets import FacetsRequest
from ouvert.engine.tabular.query.ods import RecordsRequest
from ouvert.publishing.models import Table
from ouvert.publishing.selectors import find_queryable, queryable_resources

CATALOG_LIMIT = 100
JSON_OPTIONS = {"ensure_ascii": False}


def _user(request: HttpRequest) -> AnyUser:
    key = request.GET.get("apikey", "")
    if key:
        return user_from_token(request, key) or AnonymousUser()
    return user_from_request(request) or AnonymousUser()


def _error(status: int, error_code: str, message: str) -> JsonResponse:
    return JsonResponse(
        {"error_code": error_code, "message": message},
        status=status,
        json_dumps_params=JSON_OPTIONS,
    )


def ods_errors(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Refusals in ODS's shape; a broken table is a server fault, said in French."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except QueryError as error:
            return JsonResponse(error.to_ods(), status=error.status, json_dumps_params=JSON_OPTIONS)
        except StoreError:
            return _error(
                500, "InternalError", "Les données de ce jeu sont momentanément indisponibles."
            )

    return wrapper


def _records_request(request: HttpRequest) -> RecordsRequest:
    params = request.GET
    return RecordsRequest(
        select=params.get("select"),
        where=params.get("where"),
        group_by=params.get("group_by"),
        order_by=params.get("order_by"),
        limit=params.get("limit"),
        offset=params.get("offset"),
        refine=params.getlist("refine"),
        exclude=params.getlist("exclude"),
        lang=params.get("lang"),
        timezone=params.get("timezone"),
    )


def _found(request: HttpRequest, dataset_id: str) -> tuple[Resource, Table] | JsonResponse:
    found = find_queryable(_user(request), request.portal, dataset_id)  # type: ignore[attr-defined]
    if found is None:
        return _error(404, "NoSuchDataset", f"Jeu de données inconnu : « {dataset_id[:100]} ».")
    return found


def dataset_metadata(request: HttpRequest, resource: Resource, table: Table) -> DatasetMetadata:
    dataset: Dataset = resource.dataset
    licence = dataset.licence_info
    metas = {
        "default": {
            "title": dataset.title
            if resource.api_id == dataset.slug
            else f"{dataset.title} — {resource.title}",
            "description": dataset.description,
            "theme": [theme.label for theme in dataset.themes.all()],
            "keyword": list(dataset.keywords.values_list("name", flat=True)),
            "license": licence.label,
            "license_url": licence.url or None,
            "language": "fr",
            "timezone": "Europe/Paris",
            "modified": (dataset.data_updated_at or dataset.modified_at).isoformat(),
            "data_processed": table.created_at.isoformat(),
            "metadata_processed": dataset.modified_at.isoformat(),
            "publisher": dataset.organisation.name,
            "records_count": table.row_count,
            "references": request.build_absolute_uri(
                reverse("web:dataset_detail", args=[dataset.slug])
            ),
            "territory": [t.name for t in dataset.spatial.all()],
        }
    }
    fields = {
        column["name"]: FieldMetadata(
            label=column.get("label") or None, description=column.get("description") or None
        )
        for column in table.columns
        if "name" in column
    }
    return DatasetMetadata(
        dataset_id=resource.api_id or str(resource.uid),
        dataset_uid=f"da_{resource.uid.hex[:8]}",
        metas=metas,
        fields=fields,
        has_records=table.row_count > 0,
    )


def _source(table: Table) -> execute.ParquetSource:
    return execute.open_source(table.absolute_path)


@require_GET
@ods_errors
def catalog_datasets(request: HttpRequest) -> HttpResponse:
    """The portal's queryable datasets. Supported: `limit` (≤ 100), `offset`, `where` as words
    to search for, `refine=publisher:…`, `refine=keyword:…`, `order_by=modified desc|title`."""
    params = request.GET
    limit = explore_int(params.get("limit"), "limit", 10, CATALOG_LIMIT)
    offset = explore_int(params.get("offset"), "offset", 0, 10_000)
    resources = queryable_resources(_user(request), request.portal)  # type: ignore[attr-defined]
    words = (params.get("where") or params.get("q") or "").strip().strip('"')
    if words:
        from ouvert.catalog.selectors import DatasetQuery, filter_datasets

        matching = filter_datasets(Dataset.objects.all(), DatasetQuery(q=words))
        resources = resources.filter(dataset__in=matching.values("pk"))
    for refine in params.getlist("refine"):
        facet, _, value = refine.partition(":")
        if facet == "publisher":
            resources = resources.filter(dataset__organisation__name=value)
        elif facet == "keyword":
            resources = resources.filter(dataset__keywords__name=value)
    if params.get("order_by", "").strip().lower().startswith("title"):
        resources = resources.order_by("dataset__title", "pk")
    total = resources.count()
    items = []
    for resource in resources[offset : offset + limit]:
        table: Table = resource.current_version.table  # type: ignore[union-attr]
        items.append(explore.dataset(_source(table), dataset_metadata(request, resource, table)))
    return JsonResponse(explore.datasets(items, total), json_dumps_params=JSON_OPTIONS)


def explore_int(value: str | None, name: str, default: int, maximum: int) -> int:
    from ouvert.engine.tabular.query.errors import InvalidParameterError

    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError as error:
        raise InvalidParameterError(name, f"« {value[:20]} » n'est pas un entier.") from error
    if not 0 <= number <= maximum:
        raise InvalidParameterError(
            name,
            f"Valeur invalide pour le paramètre {name} de l'API : {number} trouvé alors que "
            f"0 <= {name} <= {maximum} est attendu.",
        )
    return number


@require_GET
@ods_errors
def catalog_dataset(request: HttpRequest, dataset_id: str) -> HttpResponse:
    found = _found(request, dataset_id)
    if isinstance(found, JsonResponse):
        return found
    resource, table = found
    body = explore.dataset(_source(table), dataset_metadata(request, resource, table))
    return JsonResponse(body, json_dumps_params=JSON_OPTIONS)


@require_GET
@ods_errors
def records(request: HttpRequest, dataset_id: str) -> HttpResponse:
    found = _found(request, dataset_id)
    if isinstance(found, JsonResponse):
        return found
    _resource, table = found
    body = explore.records(_source(table), _records_request(request))
    return JsonResponse(body, json_dumps_params=JSON_OPTIONS)


@require_GET
@ods_errors
def record(request: HttpRequest, dataset_id: str, record_id: str) -> HttpResponse:
    found = _found(request, dataset_id)
    if isinstance(found, JsonResponse):
        return found
    _resource, table = found
    params = request.GET
    body = explore.record(
        _source(table),
        record_id,
        select=params.get("select"),
        lang=params.get("lang"),
        timezone=params.get("timezone"),
    )
    return JsonResponse(body, json_dumps_params=JSON_OPTIONS)


@require_GET
@ods_errors
def facets(request: HttpRequest, dataset_id: str) -> HttpResponse:
    found = _found(request, dataset_id)
    if isinstance(found, JsonResponse):
        return found
    _resource, table = found
    params = request.GET
    facet_request = FacetsRequest(
        facet=params.getlist("facet"),
        where=params.get("where"),
        refine=params.getlist("refine"),
        exclude=params.getlist("exclude"),
        lang=params.get("lang"),
        timezone=params.get("timezone"),
    )
    default = [c["name"] for c in table.columns if c.get("facet")]
    body = explore.facets(_source(table), facet_request, default_facets=default)
    return JsonResponse(body, json_dumps_params=JSON_OPTIONS)


EXPORT_FORMATS = ("csv", "json", "jsonl", "geojson", "parquet", "xlsx")


@require_GET
@ods_errors
def export_list(request: HttpRequest, dataset_id: str) -> HttpResponse:
    found = _found(request, dataset_id)
    if isinstance(found, JsonResponse):
        return found
    links = [
        {"rel": fmt, "href": request.build_absolute_uri(f"{request.path.rstrip('/')}/{fmt}")}
        for fmt in EXPORT_FORMATS
    ]
    return JsonResponse({"links": links}, json_dumps_params=JSON_OPTIONS)


@require_GET
@ods_errors
def export(request: HttpRequest, dataset_id: str, format: str) -> HttpResponseBase:
    found = _found(request, dataset_id)
    if isinstance(found, JsonResponse):
        return found
    resource, table = found
    params = request.GET
    options = exports.ExportOptions(
        delimiter=params.get("delimiter", ";"),
        list_separator=params.get("list_separator", ","),
        quote_all=params.get("quote_all", "false").lower() == "true",
        with_bom=params.get("with_bom", "true").lower() != "false",
        parquet_compression=params.get("parquet_compression", "snappy"),
        compressed=params.get("compressed", "false").lower() == "true",
    )
    result = exports.export_records(_source(table), format, _records_request(request), options)
    response = StreamingHttpResponse(result.chunks, content_type=result.content_type)
    name = resource.api_id or str(resource.uid)
    response["Content-Disposition"] = f'attachment; filename="{name}.{result.extension}"'
    return response
