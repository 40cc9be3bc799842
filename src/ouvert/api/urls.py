"""The API's single entry point: /api/1/… (catalogue) and /api/docs (OpenAPI)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from ouvert import __version__
from ouvert.accounts.throttle import Locked
from ouvert.api import datasets, me, organisations, scan, validate, vocabularies

api = NinjaAPI(
    title="API ouvert",
    version=__version__,
    description="API du catalogue de la plateforme : jeux de données, ressources, organisations. "
    "Les listes suivent l'enveloppe de data.gouv.fr (`data`, `page`, `page_size`, `total`, "
    "`next_page`, `previous_page`).",
    docs_url="/docs",
    openapi_url="/openapi.json",
    urls_namespace="api",
)
# Fixed paths (/datasets/licenses/) before the ones with a parameter (/datasets/{id_or_slug}/).
api.add_router("/1/", vocabularies.router)
api.add_router("/1/", datasets.router)
api.add_router("/1/", organisations.router)
api.add_router("/1/", me.router)
api.add_router("/1/", scan.router)
api.add_router("/1/", validate.router)


def _error(request: HttpRequest, status: int, message: str) -> HttpResponse:
    return api.create_response(request, {"status": status, "message": message}, status=status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, str(exc) or "Introuvable.")


@api.exception_handler(Locked)
def too_many(request: HttpRequest, exc: Locked) -> HttpResponse:
    response = _error(request, 429, str(exc))
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or "Accès refusé.")


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(
        request,
        401,
        "Jeton d'API manquant, invalide, expiré ou révoqué : envoyez l'en-tête "
        "« Authorization: Apikey <jeton> ».",
    )


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(request, 400, " ".join(exc.messages))


@api.exception_handler(NinjaValidationError)
def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return api.create_response(
        request,
        {"status": 400, "message": "Paramètres invalides.", "errors": exc.errors},
        status=400,
    )
