"""Security headers that Django 5.2 does not set itself."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from ouvert.accounts.throttle import Locked


@cache
def content_security_policy() -> str:
    """No inline script or style anywhere (the portal theme is a stylesheet of its own); the
    map fetches its tiles from the configured server and runs its worker from a blob."""
    tiles = urlsplit(settings.OUVERT_MAP_TILES)
    tile_origin = f" {tiles.scheme}://{tiles.netloc}" if tiles.scheme and tiles.netloc else ""
    return (
        "default-src 'self'; img-src 'self' data: blob: https:; style-src 'self'; "
        f"script-src 'self'; connect-src 'self'{tile_origin}; worker-src 'self' blob:; "
        "child-src blob:; font-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    )


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path_info.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", content_security_policy())
        response.headers.setdefault(
            "Permissions-Policy", "geolocation=(), camera=(), microphone=()"
        )
        return response


class LockedDoorMiddleware:
    """A door closed after repeated failures (accounts.throttle.Locked, raised by a view) is a
    429 with Retry-After: a French page, or the API's JSON error under /api/."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, Locked):
            return None
        response: HttpResponse
        if request.path_info.startswith("/api/"):
            response = JsonResponse(
                {"status": 429, "error_code": "TooManyRequests", "message": str(exception)},
                status=429,
                json_dumps_params={"ensure_ascii": False},
            )
        else:
            response = render(
                request,
                "web/error.html",
                {"title": "Trop de tentatives", "message": str(exception)},
                status=429,
            )
        response["Retry-After"] = str(exception.retry_after)
        return response
