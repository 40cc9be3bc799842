"""Every permission decision of ouvert, in one place.

Rules:
- a platform admin may do everything;
- an organisation's admins and editors act on that organisation and on every organisation it
  manages (directly or through a chain of `managed_by`): the mutualising body publishes on its
  members' behalf;
- belonging to a grouping gives no right: an EPCI's editor cannot touch a member commune's data
  unless the EPCI manages that commune, and a commune's editor nothing of its EPCI's.
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from ouvert.accounts.models import Member, Role, User
from ouvert.territory.models import Organisation


class Action(StrEnum):
    # On an organisation
    VIEW_PRIVATE = "view_private"
    CREATE_DATASET = "create_dataset"
    EDIT_DATASET = "edit_dataset"
    PUBLISH_DATASET = "publish_dataset"
    DELETE_DATASET = "delete_dataset"
    EDIT_ORGANISATION = "edit_organisation"
    MANAGE_MEMBERS = "manage_members"
    MANAGE_PORTAL = "manage_portal"
    RELEASE_HELD_VERSION = "release_held_version"
    MANAGE_HARVEST = "manage_harvest"
    # On the platform
    CREATE_ORGANISATION = "create_organisation"
    MANAGE_PLATFORM = "manage_platform"
    VIEW_AUDIT_LOG = "view_audit_log"


PLATFORM_ACTIONS = frozenset(
    {Action.CREATE_ORGANISATION, Action.MANAGE_PLATFORM, Action.VIEW_AUDIT_LOG}
)
EDITOR_ACTIONS = frozenset(
    {Action.VIEW_PRIVATE, Action.CREATE_DATASET, Action.EDIT_DATASET, Action.PUBLISH_DATASET}
)
ADMIN_ACTIONS = frozenset(set(Action) - PLATFORM_ACTIONS)
ROLE_ACTIONS = {Role.EDITOR: EDITOR_ACTIONS, Role.ADMIN: ADMIN_ACTIONS}

REFUSALS = {
    Action.VIEW_PRIVATE: "Vous n'avez pas accès aux données non publiées de cette organisation.",
    Action.CREATE_DATASET: "Vous ne pouvez pas publier pour cette organisation.",
    Action.EDIT_DATASET: "Vous ne pouvez pas modifier les jeux de données de cette organisation.",
    Action.PUBLISH_DATASET: "Vous ne pouvez pas publier pour cette organisation.",
    Action.DELETE_DATASET: "Seuls les administrateurs de l'organisation peuvent supprimer.",
    Action.EDIT_ORGANISATION: "Seuls les administrateurs de l'organisation peuvent la modifier.",
    Action.MANAGE_MEMBERS: "Seuls les administrateurs de l'organisation gèrent ses membres.",
    Action.MANAGE_PORTAL: "Seuls les administrateurs de l'organisation gèrent son portail.",
    Action.RELEASE_HELD_VERSION: "Seuls les administrateurs de l'organisation peuvent lever une "
    "retenue.",
    Action.MANAGE_HARVEST: "Seuls les administrateurs de l'organisation gèrent le moissonnage.",
    Action.CREATE_ORGANISATION: "Seuls les administrateurs de la plateforme créent des "
    "organisations.",
    Action.MANAGE_PLATFORM: "Réservé aux administrateurs de la plateforme.",
    Action.VIEW_AUDIT_LOG: "Réservé aux administrateurs de la plateforme.",
}

AnyUser = User | AnonymousUser


def _is_platform_admin(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def roles_by_organisation(user: AnyUser) -> dict[int, Role]:
    """The user's effective role on each organisation: their own roles, extended down the
    `managed_by` links (an admin of the managing body is an admin of what it manages)."""
    if not user.is_authenticated or not user.is_active:
        return {}
    roles: dict[int, Role] = {
        organisation_id: Role(role)
        for organisation_id, role in Member.objects.filter(
            user=user, organisation__is_active=True
        ).values_list("organisation_id", "role")
    }
    frontier = dict(roles)
    while frontier:
        managed = Organisation.objects.filter(
            managed_by_id__in=frontier, is_active=True
        ).values_list("id", "managed_by_id")
        next_frontier: dict[int, Role] = {}
        for organisation_id, manager_id in managed:
            inherited = frontier[manager_id]
            current = roles.get(organisation_id)
            if current is None or (current == Role.EDITOR and inherited == Role.ADMIN):
                roles[organisation_id] = inherited
                next_frontier[organisation_id] = inherited
        frontier = next_frontier
    return roles


def effective_role(user: AnyUser, organisation: Organisation) -> Role | None:
    """The role that decides what the user may do on the organisation, if any."""
    return roles_by_organisation(user).get(organisation.pk)


def can(user: AnyUser, action: Action, organisation: Organisation | None = None) -> bool:
    """May this user do this action (on this organisation)?"""
    if _is_platform_admin(user):
        return True
    if action in PLATFORM_ACTIONS or organisation is None:
        return False
    if not organisation.is_active:
        return False
    role = effective_role(user, organisation)
    return role is not None and action in ROLE_ACTIONS[role]


def require(user: AnyUser, action: Action, organisation: Organisation | None = None) -> None:
    """Raise PermissionDenied, with a French reason, unless the user may do the action."""
    if not can(user, action, organisation):
        raise PermissionDenied(REFUSALS[action])


def organisations_where(user: AnyUser, action: Action) -> QuerySet[Organisation]:
    """Every organisation on which the user may do the action (for scoping lists and forms)."""
    if _is_platform_admin(user):
        return Organisation.objects.active()
    if action in PLATFORM_ACTIONS:
        return Organisation.objects.none()
    allowed = [
        organisation_id
        for organisation_id, role in roles_by_organisation(user).items()
        if action in ROLE_ACTIONS[role]
    ]
    return Organisation.objects.active().filter(pk__in=allowed)
