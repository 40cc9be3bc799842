"""API authentication: personal tokens as OpenDataSoft sends them, or udata's header."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyHeader
from ninja.utils import check_csrf

from ouvert.accounts import throttle
from ouvert.accounts.models import User
from ouvert.accounts.services import authenticate_api_token

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def token_from_request(request: HttpRequest) -> str | None:
    """`Authorization: Apikey <token>` (OpenDataSoft), or `X-API-KEY: <token>` (udata)."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "apikey" and value.strip():
        return value.strip()
    return request.headers.get("X-API-KEY") or None


def user_from_request(request: HttpRequest) -> User | None:
    """The user of an API call: by token, or by the browser's session."""
    token = token_from_request(request)
    if token is not None:
        return user_from_token(request, token)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    return None


def user_from_token(request: HttpRequest, token: str) -> User | None:
    """The user of a token; bad tokens are counted by address, and after too many the door
    closes for a while (throttle.Locked, answered 429)."""
    throttle.check(throttle.Door.API_TOKEN, request)
    user = authenticate_api_token(token)
    if user is None:
        throttle.record_failure(throttle.Door.API_TOKEN, request)  # still answered 401
    return user


class ApiKey(APIKeyHeader):
    """Required authentication for writes and personal endpoints."""

    param_name = "Authorization"
    openapi_description = (
        "Jeton personnel créé sur la page « Mon compte », envoyé dans l'en-tête "
        "`Authorization: Apikey <jeton>` (ou `X-API-KEY: <jeton>`)."
    )

    def __call__(self, request: HttpRequest) -> Any:
        # A browser session writing: the CSRF token is required, as for any form.
        if (
            token_from_request(request) is None
            and request.method not in SAFE_METHODS
            and check_csrf(request) is not None
        ):
            return None
        user = user_from_request(request)
        if user is not None:
            request.user = user
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return user_from_request(request)
