"""Public pages of a portal: home, search, organisations, theme."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from ouvert.accounts import permissions
from ouvert.accounts.permissions import Action
from ouvert.catalog import selectors as catalog_selectors
from ouvert.catalog.selectors import DatasetQuery
from ouvert.territory import selectors
from ouvert.territory.models import Organisation, Portal
from ouvert.territory.theme import Theme

PAGE_SIZE = 24


def _portal(request: HttpRequest) -> Portal:
    return request.portal  # type: ignore[attr-defined]


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    portal = _portal(request)
    organisations = selectors.list_portal_organisations(portal)
    context = {
        "latest": catalog_selectors.latest_datasets(request.user, portal),
        "popular": catalog_selectors.popular_datasets(request.user, portal),
        "themes": catalog_selectors.theme_counts(request.user, portal),
        "organisations": organisations.order_by("name")[:12],
        "organisation_count": organisations.count(),
        "hosted_portals": (
            [
                (hosted, portal_links(request, hosted))
                for hosted in selectors.list_hosted_portals()
                if hosted.pk != portal.pk
            ]
            if portal.is_platform
            else []
        ),
    }
    return render(request, "web/home.html", context)


def portal_links(request: HttpRequest, portal: Portal) -> dict[str, str]:
    """Where a portal answers: its primary domain (same scheme and port) and its path prefix."""
    links = {"path": f"/p/{portal.slug}/"}
    domains = list(portal.domains.all())
    if domains:
        primary = next((d for d in domains if d.is_primary), domains[0])
        # The port the visitor typed (the demo's :8000), not the one the server listens on.
        _domain, port = split_domain_port(request.get_host())
        default_port = "443" if request.is_secure() else "80"
        suffix = "" if port in {default_port, ""} else f":{port}"
        links["domain"] = f"{request.scheme}://{primary.host}{suffix}/"
    return links


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """The home page's search box: datasets and organisations matching the words."""
    portal = _portal(request)
    query = request.GET.get("q", "").strip()[:200]
    organisations = list(selectors.search_organisations(portal, query)[:12]) if query else []
    result = catalog_selectors.search_datasets(
        request.user, portal, DatasetQuery(q=query, page_size=10), with_facets=False
    )
    return render(
        request,
        "web/search.html",
        {"query": query, "organisations": organisations, "result": result},
    )


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    portal = _portal(request)
    organisations = selectors.list_portal_organisations(portal).select_related("territory")
    kind = request.GET.get("type", "")
    if kind in Organisation.Kind.values:
        organisations = organisations.filter(kind=kind)
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/organisation_list.html",
        {"page": page, "kind": kind, "kinds": Organisation.Kind.choices},
    )


def get_portal_organisation(request: HttpRequest, slug: str) -> Organisation:
    """The organisation, if the current portal shows it; 404 otherwise."""
    organisation = (
        selectors.list_portal_organisations(_portal(request))
        .select_related("territory__replaced_by", "managed_by")
        .filter(slug=slug)
        .first()
    )
    if organisation is None:
        raise Http404("Cette organisation n'existe pas sur ce portail.")
    return organisation


@require_GET
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_portal_organisation(request, slug)
    context = {
        "organisation": organisation,
        "groups": organisation.groups.filter(is_active=True).order_by("name"),
        "members": organisation.members.filter(is_active=True).order_by("name"),
        "managed": organisation.managed.filter(is_active=True).order_by("name"),
        "current_territory": organisation.territory.current() if organisation.territory else None,
        "can_manage_members": permissions.can(request.user, Action.MANAGE_MEMBERS, organisation),
        "can_edit": permissions.can(request.user, Action.EDIT_ORGANISATION, organisation),
        "portals": organisation.portals.all(),
        "datasets": catalog_selectors.organisation_datasets(
            request.user, _portal(request), organisation
        ).select_related("organisation")[:100],
    }
    return render(request, "web/organisation_detail.html", context)


@require_GET
@cache_control(public=True, max_age=300)
def theme_css(request: HttpRequest) -> HttpResponse:
    portal = _portal(request)
    css = Theme(portal.primary_colour, portal.accent_colour).css()
    return HttpResponse(css, content_type="text/css; charset=utf-8")
