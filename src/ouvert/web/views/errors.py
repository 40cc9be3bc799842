"""Error pages in French, rendered in the portal's theme."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string


def _page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        {"status": status, "title": title, "message": message},
        status=status,
    )


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _page(request, 400, "Requête incorrecte", "La requête n'a pas pu être comprise.")


def forbidden(request: HttpRequest, exception: Exception) -> HttpResponse:
    reason = str(exception) if str(exception) else "Vous n'avez pas accès à cette page."
    return _page(request, 403, "Accès refusé", reason)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _page(
        request,
        404,
        "Page introuvable",
        "Cette page n'existe pas ou n'est pas publiée sur ce portail.",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    # No template context processors here: the database may be what failed.
    body = render_to_string(
        "web/refused.html",
        {
            "status": 500,
            "message": (
                "Une erreur inattendue s'est produite. L'équipe de la plateforme en est informée."
            ),
        },
    )
    return HttpResponse(body, status=500)
