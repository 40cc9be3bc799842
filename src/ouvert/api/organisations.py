"""Organisations, read-only, in the shape udata serves them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Router, Schema

from ouvert.api.pagination import paginate
from ouvert.territory import selectors
from ouvert.territory.models import Organisation

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    id: str
    slug: str
    name: str
    acronym: str | None
    kind: str
    kind_label: str
    siren: str | None
    siret: str | None
    insee_code: str | None
    description: str
    url: str | None
    email: str | None
    logo: str | None
    managed_by: str | None
    member_of: list[str]
    page: str
    created_at: datetime
    last_modified: datetime


class OrganisationList(Schema):
    data: list[OrganisationOut]
    page: int
    page_size: int
    total: int
    next_page: str | None
    previous_page: str | None


def serialise_organisation(request: HttpRequest, organisation: Organisation) -> dict[str, Any]:
    return {
        "id": str(organisation.pk),
        "slug": organisation.slug,
        "name": organisation.name,
        "acronym": organisation.acronym or None,
        "kind": organisation.kind,
        "kind_label": organisation.get_kind_display(),
        "siren": organisation.siren or None,
        "siret": organisation.siret or None,
        "insee_code": organisation.insee_code or None,
        "description": organisation.description,
        "url": organisation.website or None,
        "email": organisation.email or None,
        "logo": (
            request.build_absolute_uri(reverse("web:image", args=[organisation.logo.name]))
            if organisation.logo
            else None
        ),
        "managed_by": organisation.managed_by.slug if organisation.managed_by else None,
        "member_of": [group.slug for group in organisation.groups.all()],
        "page": request.build_absolute_uri(f"/organisations/{organisation.slug}/"),
        "created_at": organisation.created_at,
        "last_modified": organisation.updated_at,
    }


@router.get("/organizations/", response=OrganisationList, summary="Organisations du portail")
def list_organisations(
    request: HttpRequest, q: str = "", page: int = 1, page_size: int = 20
) -> dict[str, Any]:
    portal = request.portal  # type: ignore[attr-defined]
    organisations = (
        selectors.search_organisations(portal, q[:200])
        if q
        else selectors.list_portal_organisations(portal)
    )
    organisations = organisations.select_related("managed_by").prefetch_related("groups")
    return paginate(
        request, organisations, page, page_size, lambda o: serialise_organisation(request, o)
    )


@router.get("/organizations/{id_or_slug}/", response=OrganisationOut, summary="Une organisation")
def get_organisation(request: HttpRequest, id_or_slug: str) -> dict[str, Any]:
    organisations = selectors.list_portal_organisations(request.portal)  # type: ignore[attr-defined]
    lookup = {"pk": int(id_or_slug)} if id_or_slug.isdigit() else {"slug": id_or_slug}
    organisation = organisations.filter(**lookup).first()
    if organisation is None:
        raise Http404("Organisation introuvable sur ce portail.")
    return serialise_organisation(request, organisation)
