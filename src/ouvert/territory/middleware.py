"""Resolve the portal of each request from its Host header or its /p/<slug>/ prefix."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port, validate_host
from django.template.loader import render_to_string
from django.urls import get_script_prefix, set_script_prefix

from ouvert.territory.models import Portal
from ouvert.territory.selectors import find_portal_by_host, find_portal_by_slug

PREFIX = re.compile(r"^/p/(?P<slug>[-a-z0-9_]+)(?=/|$)")


class PortalMiddleware:
    """Sets `request.portal`; strips a /p/<slug> prefix so that URLs resolve and reverse with it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            domain, _port = split_domain_port(request.get_host())
        except DisallowedHost:
            domain = ""
        previous_prefix = get_script_prefix()
        try:
            return self._handle(request, domain)
        finally:
            # Script prefixes are per thread: never leak one portal's prefix into the next request.
            set_script_prefix(previous_prefix)

    def _handle(self, request: HttpRequest, domain: str) -> HttpResponse:
        match = PREFIX.match(request.path_info)
        portal: Portal | None
        if match:
            portal = find_portal_by_slug(match["slug"])
            if portal is None:
                return _refuse(request, 404, "Ce portail n'existe pas.")
            prefix = match.group(0)
            request.path_info = request.path_info[len(prefix) :] or "/"
            set_script_prefix(get_script_prefix() + prefix.lstrip("/") + "/")
            request.portal_prefix = prefix  # type: ignore[attr-defined]
            if not _is_known_host(domain):
                return _refuse(request, 400, "Ce nom de domaine n'est pas servi par la plateforme.")
        else:
            portal = find_portal_by_host(domain) if domain else None
            if portal is None:
                if not domain or not validate_host(domain, settings.OUVERT_ALLOWED_HOSTS):
                    return _refuse(
                        request, 400, "Ce nom de domaine n'est pas servi par la plateforme."
                    )
                portal = Portal.objects.platform()
            request.portal_prefix = ""  # type: ignore[attr-defined]
        request.portal = portal  # type: ignore[attr-defined]
        return self.get_response(request)


def _is_known_host(domain: str) -> bool:
    if not domain:
        return False
    if validate_host(domain, settings.OUVERT_ALLOWED_HOSTS):
        return True
    return find_portal_by_host(domain) is not None


def _refuse(request: HttpRequest, status: int, message: str) -> HttpResponse:
    body = render_to_string("web/refused.html", {"message": message, "status": status})
    return HttpResponse(body, status=status)
