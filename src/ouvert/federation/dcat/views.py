"""`/catalog` (content negotiation) and `/catalog.ttl`, `/catalog.rdf`, `/catalog.jsonld`."""

from __future__ import annotations

from datetime import datetime, time
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_GET

from ouvert.federation.dcat.catalog import DEFAULT_PAGE_SIZE, render_catalog
from ouvert.federation.dcat.graph import Links

NEGOTIATED = [
    ("text/turtle", "ttl"),
    ("application/x-turtle", "ttl"),
    ("application/rdf+xml", "rdf"),
    ("application/xml", "rdf"),
    ("text/xml", "rdf"),
    ("application/ld+json", "jsonld"),
    ("application/json", "jsonld"),
]


def links_for(request: HttpRequest) -> Links:
    prefix = get_script_prefix()
    return Links(lambda path: request.build_absolute_uri(prefix + path.lstrip("/")))


def _negotiate(request: HttpRequest) -> str | None:
    accept = request.headers.get("Accept", "")
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        ranked.append((-quality, position, media.lower()))
    for _quality, _position, media in sorted(ranked):
        if media in {"text/html", "application/xhtml+xml"}:
            return None
        for candidate, fmt in NEGOTIATED:
            if media == candidate:
                return fmt
    return "ttl" if not accept or "*/*" in accept else None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return default


def _since(value: str | None) -> datetime | str | None:
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            return "invalid"
        moment = datetime.combine(day, time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


@require_GET
def catalog(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    if fmt is None:
        fmt = _negotiate(request)
        if fmt is None:
            return redirect("web:dataset_search")
    since = _since(request.GET.get("modified_since"))
    if since == "invalid":
        return HttpResponseBadRequest(
            "modified_since doit être une date ISO 8601 (2026-01-31 ou 2026-01-31T12:00:00Z).",
            content_type="text/plain; charset=utf-8",
        )
    page_size = _int(request.GET.get("page_size"), DEFAULT_PAGE_SIZE)
    links = links_for(request)

    def page_url(number: int) -> str:
        params: dict[str, str | int] = {"page": number, "page_size": page_size}
        if request.GET.get("modified_since"):
            params["modified_since"] = request.GET["modified_since"]
        return links.absolute(f"/catalog.{fmt}?{urlencode(params)}")

    body, media_type = render_catalog(
        links,
        request.portal,  # type: ignore[attr-defined]
        fmt,
        page=_int(request.GET.get("page"), 1),
        page_size=page_size,
        modified_since=since if isinstance(since, datetime) else None,
        page_url=page_url,
    )
    response = HttpResponse(body, content_type=media_type)
    response["Vary"] = "Accept"
    return response
