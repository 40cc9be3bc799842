"""The authenticated person, for checking a token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from ouvert.accounts import permissions
from ouvert.api.auth import ApiKey

router = Router(tags=["compte"])


class RoleOut(Schema):
    organisation: str
    role: str


class MeOut(Schema):
    email: str
    full_name: str
    is_platform_admin: bool
    roles: list[RoleOut]


@router.get("/me/", response=MeOut, auth=ApiKey(), summary="Le compte du jeton utilisé")
def me(request: HttpRequest) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    roles = permissions.roles_by_organisation(user)
    from ouvert.territory.models import Organisation

    slugs = dict(Organisation.objects.filter(pk__in=roles).values_list("pk", "slug"))
    return {
        "email": user.email,
        "full_name": user.full_name,
        "is_platform_admin": user.is_platform_admin,
        "roles": [
            {"organisation": slugs[pk], "role": role.value} for pk, role in sorted(roles.items())
        ],
    }
