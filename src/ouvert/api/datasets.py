"""Datasets, resources and versions, in the shapes data.gouv.fr's API v1 serves them.

Reads see what the caller may see (anonymous, or the token's or session's person); writes need a
token and go through the same service functions as the pages.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict

from ouvert.accounts import permissions
from ouvert.accounts.permissions import Action, AnyUser
from ouvert.api.auth import ApiKey, user_from_request
from ouvert.api.pagination import envelope
from ouvert.catalog import selectors, services
from ouvert.catalog.models import Dataset, Resource, ResourceVersion
from ouvert.catalog.selectors import DatasetQuery
from ouvert.catalog.vocabularies import frequencies, licences
from ouvert.publishing import services as publishing
from ouvert.territory.models import Organisation, Territory
from ouvert.validation.models import Validation

router = Router(tags=["jeux de données"])

UDATA_SORTS = {
    "created": "recent",
    "-created": "recent",
    "title": "titre",
    "views": "populaire",
    "-views": "populaire",
    "last_update": "modifie",
    "-last_update": "modifie",
    "last_modified": "modifie",
    "-last_modified": "modifie",
}
UDATA_FREQUENCIES = {f.udata: f.code for f in frequencies.FREQUENCIES.values()}


class OrganisationRef(Schema):
    id: str
    slug: str
    name: str
    page: str


class ChecksumOut(Schema):
    type: str
    value: str


class SchemaRef(Schema):
    name: str
    version: str
    url: str | None


class VersionOut(Schema):
    id: str
    number: int
    filename: str | None
    url: str
    filesize: int | None
    checksum: ChecksumOut | None
    mime: str | None
    format: str | None
    status: str
    status_message: str | None
    author: str | None
    created_at: datetime


class ValidationOut(Schema):
    valid: bool = Field(description="Conforme au schéma déclaré")
    errors: int
    schema_: SchemaRef = Field(alias="schema")
    report: str = Field(description="Le rapport complet, au format de frictionless-py")

    model_config = ConfigDict(populate_by_name=True)


class ResourceOut(Schema):
    id: str
    title: str
    description: str
    filetype: str
    format: str | None
    mime: str | None
    url: str | None
    latest: str
    filesize: int | None
    checksum: ChecksumOut | None
    schema_: SchemaRef | None = Field(None, alias="schema")
    validation: ValidationOut | None = Field(
        None, description="La validation de la version en ligne contre le schéma déclaré"
    )
    version: int | None
    versions: int
    processing: VersionOut | None = Field(
        None, description="La dernière version déposée, si elle n'est pas encore en ligne."
    )
    created_at: datetime
    last_modified: datetime

    model_config = ConfigDict(populate_by_name=True)


class ThemeOut(Schema):
    code: str
    label: str
    uri: str


class TerritoryOut(Schema):
    kind: str
    code: str
    name: str


class TemporalOut(Schema):
    start: date | None
    end: date | None


class DatasetOut(Schema):
    id: str
    slug: str
    title: str
    description: str
    organization: OrganisationRef
    published_by: OrganisationRef | None
    license: str
    license_spdx: str | None
    license_url: str | None
    license_reason: str | None
    tags: list[str]
    themes: list[ThemeOut]
    frequency: str
    frequency_eu: str
    spatial: list[TerritoryOut]
    temporal_coverage: TemporalOut | None
    contact_point: dict[str, str] | None
    schema_: SchemaRef | None = Field(None, alias="schema")
    status: str
    private: bool
    archived: bool
    created_at: datetime
    last_modified: datetime
    last_update: datetime | None
    published_at: datetime | None
    page: str
    uri: str
    resources: list[ResourceOut]

    model_config = ConfigDict(populate_by_name=True)


class FacetOut(Schema):
    value: str
    label: str
    count: int


class DatasetList(Schema):
    data: list[DatasetOut]
    page: int
    page_size: int
    total: int
    next_page: str | None
    previous_page: str | None
    facets: dict[str, list[FacetOut]]


def _caller(request: HttpRequest) -> AnyUser:
    """Who calls (token, session or nobody), looked up once per request."""
    caller = getattr(request, "_ouvert_caller", None)
    if caller is None:
        caller = user_from_request(request) or AnonymousUser()
        request._ouvert_caller = caller  # type: ignore[attr-defined]
    return caller


def _organisation_ref(request: HttpRequest, organisation: Organisation | None) -> Any:
    if organisation is None:
        return None
    return {
        "id": str(organisation.pk),
        "slug": organisation.slug,
        "name": organisation.name,
        "page": request.build_absolute_uri(
            reverse("web:organisation_detail", args=[organisation.slug])
        ),
    }


def _schema_ref(schema: Any) -> Any:
    if schema is None:
        return None
    return {"name": schema.name, "version": schema.version, "url": schema.url or None}


def version_url(request: HttpRequest, version: ResourceVersion) -> str:
    if version.url and not version.storage_path:
        return version.url
    return request.build_absolute_uri(
        reverse("web:version_download", args=[version.uid, version.filename or "fichier"])
    )


def _checksum(version: ResourceVersion) -> dict[str, str] | None:
    """The checksum of the bytes a download serves (an office file's copy without its
    properties, not the original)."""
    sha256 = version.served_sha256
    return {"type": "sha256", "value": sha256} if sha256 else None


def serialise_version(request: HttpRequest, version: ResourceVersion) -> dict[str, Any]:
    return {
        "id": str(version.uid),
        "number": version.number,
        "filename": version.filename or None,
        "url": version_url(request, version),
        "filesize": version.served_size,
        "checksum": _checksum(version),
        "mime": version.media_type or None,
        "format": version.format.lower() or None,
        "status": version.status,
        "status_message": version.status_message or None,
        "author": str(version.author) if version.author else None,
        "created_at": version.created_at,
    }


def _pending(request: HttpRequest, resource: Resource) -> dict[str, Any] | None:
    """The newest version when it is not online yet — for the organisation's people only."""
    if not permissions.can(_caller(request), Action.VIEW_PRIVATE, resource.dataset.organisation):
        return None
    newest = resource.versions.order_by("-number").first()
    if newest is None or newest.pk == resource.current_version_id:
        return None
    return serialise_version(request, newest)


def _validation(request: HttpRequest, resource: Resource) -> dict[str, Any] | None:
    found = (
        Validation.objects.filter(version_id=resource.current_version_id)
        .select_related("schema")
        .first()
    )
    if found is None:
        return None
    return {
        "valid": found.valid,
        "errors": found.error_count,
        "schema_": _schema_ref(found.schema),
        "report": request.build_absolute_uri(
            reverse("web:validation_report_json", args=[resource.dataset.slug, resource.uid])
        ),
    }


def serialise_resource(request: HttpRequest, resource: Resource) -> dict[str, Any]:
    version = resource.current_version
    return {
        "id": str(resource.uid),
        "title": resource.title,
        "description": resource.description,
        "filetype": resource.kind,
        "format": resource.format.lower() or None,
        "mime": resource.media_type or None,
        "url": version_url(request, version) if version else None,
        "latest": request.build_absolute_uri(
            reverse("web:resource_latest", args=[resource.dataset.slug, resource.uid])
        ),
        "filesize": version.served_size if version else None,
        "checksum": _checksum(version) if version else None,
        "schema_": _schema_ref(resource.schema or resource.dataset.schema),
        "validation": _validation(request, resource),
        "version": version.number if version else None,
        "versions": resource.versions.count(),
        "processing": _pending(request, resource),
        "created_at": resource.created_at,
        "last_modified": resource.modified_at,
    }


def serialise_dataset(request: HttpRequest, dataset: Dataset) -> dict[str, Any]:
    licence = dataset.licence_info
    temporal = None
    if dataset.temporal_start or dataset.temporal_end:
        temporal = {"start": dataset.temporal_start, "end": dataset.temporal_end}
    contact = None
    if dataset.contact_name or dataset.contact_email:
        contact = {"name": dataset.contact_name, "email": dataset.contact_email}
    return {
        "id": str(dataset.uid),
        "slug": dataset.slug,
        "title": dataset.title,
        "description": dataset.description,
        "organization": _organisation_ref(request, dataset.organisation),
        "published_by": _organisation_ref(request, dataset.published_by),
        "license": licence.id,
        "license_spdx": licence.spdx or None,
        "license_url": licence.url or None,
        "license_reason": dataset.licence_reason or None,
        "tags": [k.name for k in dataset.keywords.all()],
        "themes": [{"code": t.code, "label": t.label, "uri": t.uri} for t in dataset.themes.all()],
        "frequency": dataset.frequency_info.udata,
        "frequency_eu": frequencies.frequency_uri(dataset.frequency_info.code),
        "spatial": [
            {"kind": t.kind, "code": t.code, "name": t.name} for t in dataset.spatial.all()
        ],
        "temporal_coverage": temporal,
        "contact_point": contact,
        "schema_": _schema_ref(dataset.schema),
        "status": dataset.status,
        "private": dataset.status in {Dataset.Status.PRIVATE, Dataset.Status.DRAFT},
        "archived": dataset.status == Dataset.Status.ARCHIVED,
        "created_at": dataset.created_at,
        "last_modified": dataset.modified_at,
        "last_update": dataset.data_updated_at,
        "published_at": dataset.published_at,
        "page": request.build_absolute_uri(reverse("web:dataset_detail", args=[dataset.slug])),
        "uri": request.build_absolute_uri(f"/api/1/datasets/{dataset.uid}/"),
        "resources": [serialise_resource(request, r) for r in selectors.list_resources(dataset)],
    }


def _prefetched_list(datasets: list[Dataset]) -> list[Dataset]:
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(datasets, "keywords", "themes", "spatial", "published_by", "schema")
    return datasets


@router.get(
    "/datasets/", response=DatasetList, by_alias=True, summary="Chercher des jeux de données"
)
def list_datasets(
    request: HttpRequest,
    q: str = "",
    organization: str = "",
    tag: str = "",
    theme: str = "",
    license: str = "",
    format: str = "",
    spatial: str = "",
    schema_: str = Query("", alias="schema"),
    conformity: str = Query("", description="conforme ou non-conforme"),
    archived: bool = False,
    sort: str = "",
    page: int = 1,
    page_size: int = 20,
) -> dict[str, Any]:
    """Recherche en français (accents et pluriels ignorés), facettes et filtres ; enveloppe de
    liste de data.gouv.fr. `spatial` s'écrit `commune:29232`, `epci:200068120`…"""
    query = DatasetQuery(
        q=q[:300],
        organisation=organization[:100],
        keyword=tag[:100],
        theme=theme[:4].upper(),
        licence=license[:32],
        format=format[:20],
        spatial=spatial[:60],
        schema=schema_[:200],
        conformity=conformity[:20],
        include_archived=archived,
        sort=UDATA_SORTS.get(sort, "pertinence"),
        page=max(page, 1),
        page_size=min(max(page_size, 1), 100),
    )
    result = selectors.search_datasets(_caller(request), request.portal, query)  # type: ignore[attr-defined]
    data = [serialise_dataset(request, d) for d in _prefetched_list(result.datasets)]
    response = envelope(request, data, result.page, result.page_size, result.total)
    response["facets"] = {
        name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
        for name, values in result.facets.items()
    }
    return response


def _get(request: HttpRequest, id_or_slug: str) -> Dataset:
    dataset = selectors.get_dataset(_caller(request), request.portal, id_or_slug)  # type: ignore[attr-defined]
    if dataset is None:
        raise Http404("Jeu de données introuvable sur ce portail.")
    return dataset


@router.get(
    "/datasets/{id_or_slug}/", response=DatasetOut, by_alias=True, summary="Un jeu de données"
)
def get_dataset(request: HttpRequest, id_or_slug: str) -> dict[str, Any]:
    return serialise_dataset(request, _get(request, id_or_slug))


class TemporalIn(Schema):
    start: date | None = None
    end: date | None = None


class DatasetIn(Schema):
    title: str
    description: str = ""
    organization: str
    license: str = licences.DEFAULT_LICENCE
    license_reason: str = ""
    tags: list[str] = []
    themes: list[str] = []
    frequency: str = "unknown"
    spatial: list[str] = []
    temporal_coverage: TemporalIn | None = None
    contact_point: dict[str, str] | None = None
    schema_: str | None = Field(None, alias="schema")


class DatasetPatch(Schema):
    title: str | None = None
    description: str | None = None
    license: str | None = None
    license_reason: str | None = None
    tags: list[str] | None = None
    themes: list[str] | None = None
    frequency: str | None = None
    spatial: list[str] | None = None
    temporal_coverage: TemporalIn | None = None
    contact_point: dict[str, str] | None = None
    schema_: str | None = Field(None, alias="schema")
    status: str | None = None


def _frequency(value: str) -> str:
    if value in frequencies.FREQUENCIES:
        return value
    if value in UDATA_FREQUENCIES:
        return UDATA_FREQUENCIES[value]
    from django.core.exceptions import ValidationError

    raise ValidationError(f"Fréquence inconnue : « {value[:40]} ».")


def _territories(codes: list[str]) -> list[Territory]:
    from django.core.exceptions import ValidationError

    from ouvert.web.forms import find_territory

    found = []
    for code in codes[:500]:
        territory = find_territory(code)
        if territory is None:
            raise ValidationError(f"Territoire inconnu du référentiel : « {code[:40]} ».")
        found.append(territory)
    return found


def _fields(payload: DatasetIn | DatasetPatch) -> dict[str, Any]:
    data = payload.dict(exclude_unset=True)
    fields: dict[str, Any] = {}
    mapping = {
        "title": "title",
        "description": "description",
        "license": "licence",
        "license_reason": "licence_reason",
        "tags": "keywords",
        "themes": "themes",
    }
    for source, target in mapping.items():
        if source in data and data[source] is not None:
            fields[target] = data[source]
    if data.get("frequency"):
        fields["frequency"] = _frequency(data["frequency"])
    if data.get("spatial") is not None:
        fields["spatial"] = _territories(data["spatial"])
    if "temporal_coverage" in data:
        temporal = data["temporal_coverage"] or {}
        fields["temporal_start"] = temporal.get("start")
        fields["temporal_end"] = temporal.get("end")
    if "contact_point" in data:
        contact = data["contact_point"] or {}
        fields["contact_name"] = contact.get("name", "")
        fields["contact_email"] = contact.get("email", "")
    if "schema_" in data:
        fields["schema"] = data["schema_"] or ""
    return fields


@router.post(
    "/datasets/",
    response={201: DatasetOut},
    auth=ApiKey(),
    by_alias=True,
    summary="Créer un jeu de données",
)
def create_dataset(request: HttpRequest, payload: DatasetIn) -> Status[dict[str, Any]]:
    """Crée un brouillon ; le publier avec `PUT` et `"status": "published"`."""
    lookup = payload.organization
    organisations = Organisation.objects.active()
    organisation = organisations.filter(
        **({"pk": int(lookup)} if lookup.isdigit() else {"slug": lookup})
    ).first()
    if organisation is None:
        raise Http404("Organisation inconnue.")
    dataset = services.create_dataset(request.auth, organisation, **_fields(payload))  # type: ignore[attr-defined]
    return Status(201, serialise_dataset(request, dataset))


STATUS_CHANGES = {
    Dataset.Status.PUBLISHED: services.publish_dataset,
    Dataset.Status.DRAFT: services.unpublish_dataset,
    Dataset.Status.ARCHIVED: services.archive_dataset,
}


@router.put(
    "/datasets/{id_or_slug}/",
    response=DatasetOut,
    auth=ApiKey(),
    by_alias=True,
    summary="Modifier un jeu",
)
def update_dataset(request: HttpRequest, id_or_slug: str, payload: DatasetPatch) -> dict[str, Any]:
    """Modifie les champs envoyés ; `status` publie (`published`), dépublie (`draft`) ou archive
    (`archived`)."""
    from django.core.exceptions import ValidationError

    dataset = _get(request, id_or_slug)
    fields = _fields(payload)
    if fields:
        services.update_dataset(request.auth, dataset, **fields)  # type: ignore[attr-defined]
    if payload.status is not None:
        change = STATUS_CHANGES.get(payload.status)  # type: ignore[call-overload]
        if change is None:
            raise ValidationError("Statut inconnu : published, draft ou archived.")
        change(request.auth, dataset)  # type: ignore[attr-defined]
    dataset.refresh_from_db()
    return serialise_dataset(request, dataset)


@router.delete(
    "/datasets/{id_or_slug}/", response={204: None}, auth=ApiKey(), summary="Supprimer un jeu"
)
def delete_dataset(request: HttpRequest, id_or_slug: str) -> Status[None]:
    services.delete_dataset(request.auth, _get(request, id_or_slug))  # type: ignore[attr-defined]
    return Status(204, None)


@router.get(
    "/datasets/{id_or_slug}/resources/",
    response=list[ResourceOut],
    by_alias=True,
    summary="Ses ressources",
)
def list_resources(request: HttpRequest, id_or_slug: str) -> list[dict[str, Any]]:
    dataset = _get(request, id_or_slug)
    return [serialise_resource(request, r) for r in selectors.list_resources(dataset)]


def _resource(request: HttpRequest, id_or_slug: str, rid: str) -> Resource:
    dataset = _get(request, id_or_slug)
    resource = selectors.list_resources(dataset).filter(uid=rid).first() if _is_uuid(rid) else None
    if resource is None:
        raise Http404("Ressource introuvable.")
    return resource


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@router.get(
    "/datasets/{id_or_slug}/resources/{rid}/",
    response=ResourceOut,
    by_alias=True,
    summary="Une ressource",
)
def get_resource(request: HttpRequest, id_or_slug: str, rid: str) -> dict[str, Any]:
    return serialise_resource(request, _resource(request, id_or_slug, rid))


@router.get(
    "/datasets/{id_or_slug}/resources/{rid}/versions/",
    response=list[VersionOut],
    summary="Les versions d'une ressource",
)
def list_versions(request: HttpRequest, id_or_slug: str, rid: str) -> list[dict[str, Any]]:
    resource = _resource(request, id_or_slug, rid)
    versions = selectors.list_versions(resource, _caller(request))
    return [serialise_version(request, v) for v in versions]


class RemoteResourceIn(Schema):
    url: str
    title: str = ""
    description: str = ""


@router.post(
    "/datasets/{id_or_slug}/resources/",
    response={201: ResourceOut},
    auth=ApiKey(),
    by_alias=True,
    summary="Ajouter un lien",
)
def add_remote_resource(
    request: HttpRequest, id_or_slug: str, payload: RemoteResourceIn
) -> Status[dict[str, Any]]:
    dataset = _get(request, id_or_slug)
    resource = services.add_resource(
        request.auth,  # type: ignore[attr-defined]
        dataset,
        title=payload.title,
        description=payload.description,
        url=payload.url,
    )
    return Status(201, serialise_resource(request, resource))


@router.post(
    "/datasets/{id_or_slug}/upload/",
    response={201: ResourceOut},
    auth=ApiKey(),
    by_alias=True,
    summary="Déposer un fichier (nouvelle ressource)",
)
def upload_resource(
    request: HttpRequest,
    id_or_slug: str,
    file: UploadedFile = File(...),  # noqa: B008 - django-ninja's declaration style
    title: str = Form(""),
    description: str = Form(""),
) -> Status[dict[str, Any]]:
    dataset = _get(request, id_or_slug)
    resource = publishing.upload_resource(
        request.auth,  # type: ignore[attr-defined]
        dataset,
        file,
        file.name or "fichier",
        title=title,
        description=description,
    )
    resource.refresh_from_db()
    return Status(201, serialise_resource(request, resource))


@router.post(
    "/datasets/{id_or_slug}/resources/{rid}/upload/",
    response={201: VersionOut},
    auth=ApiKey(),
    summary="Déposer une nouvelle version d'une ressource",
)
def upload_version(
    request: HttpRequest,
    id_or_slug: str,
    rid: str,
    file: UploadedFile = File(...),  # noqa: B008
) -> Status[dict[str, Any]]:
    resource = _resource(request, id_or_slug, rid)
    version = publishing.upload_version(request.auth, resource, file, file.name or "fichier")  # type: ignore[attr-defined]
    return Status(201, serialise_version(request, version))
