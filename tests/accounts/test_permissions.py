"""The permission matrix: role × action × how the organisation relates to the person's own."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from ouvert.accounts import permissions, services
from ouvert.accounts.models import Member, Role, User
from ouvert.accounts.permissions import Action
from ouvert.territory import services as territory_services
from ouvert.territory.models import Membership, Organisation

ORGANISATION_ACTIONS = [
    "view_private",
    "create_dataset",
    "edit_dataset",
    "publish_dataset",
    "delete_dataset",
    "edit_organisation",
    "manage_members",
    "manage_portal",
    "release_held_version",
    "manage_harvest",
]
EDITOR = {"view_private", "create_dataset", "edit_dataset", "publish_dataset"}
ADMIN = set(ORGANISATION_ACTIONS)
NOTHING: set[str] = set()

RELATIONS = ["own", "managed", "managed_by_managed", "member", "group", "managing", "unrelated"]

# Written out by hand, not derived from the module under test.
EXPECTED: dict[tuple[str, str], set[str]] = {
    **{("anonymous", relation): NOTHING for relation in RELATIONS},
    **{("no_role", relation): NOTHING for relation in RELATIONS},
    **{("platform_admin", relation): ADMIN for relation in RELATIONS},
    ("editor", "own"): EDITOR,
    ("editor", "managed"): EDITOR,
    ("editor", "managed_by_managed"): EDITOR,
    ("editor", "member"): NOTHING,
    ("editor", "group"): NOTHING,
    ("editor", "managing"): NOTHING,
    ("editor", "unrelated"): NOTHING,
    ("admin", "own"): ADMIN,
    ("admin", "managed"): ADMIN,
    ("admin", "managed_by_managed"): ADMIN,
    ("admin", "member"): NOTHING,
    ("admin", "group"): NOTHING,
    ("admin", "managing"): NOTHING,
    ("admin", "unrelated"): NOTHING,
}


@pytest.fixture
def graph(db: None) -> dict[str, Organisation]:
    def org(slug: str, **fields: object) -> Organisation:
        return Organisation.objects.create(name=slug, slug=slug, kind="autre", **fields)

    managing = org("managing")
    own = org("own", managed_by=managing)
    managed = org("managed", managed_by=own)
    managed_by_managed = org("managed_by_managed", managed_by=managed)
    member = org("member")
    group = org("group")
    Membership.objects.create(member=member, group=own)
    Membership.objects.create(member=own, group=group)
    return {
        "own": own,
        "managed": managed,
        "managed_by_managed": managed_by_managed,
        "member": member,
        "group": group,
        "managing": managing,
        "unrelated": org("unrelated"),
    }


def person(role: str, own: Organisation) -> User | AnonymousUser:
    if role == "anonymous":
        return AnonymousUser()
    user = User.objects.create_user(f"{role}@exemple.fr", "motdepasse-de-test-42")
    if role == "platform_admin":
        user.is_superuser = user.is_staff = True
        user.save()
    elif role in {"editor", "admin"}:
        Member.objects.create(user=user, organisation=own, role=role)
    return user


@pytest.mark.parametrize("role", ["anonymous", "no_role", "editor", "admin", "platform_admin"])
def test_permission_matrix(graph: dict[str, Organisation], role: str) -> None:
    user = person(role, graph["own"])
    for relation in RELATIONS:
        allowed = {
            action
            for action in ORGANISATION_ACTIONS
            if permissions.can(user, Action(action), graph[relation])
        }
        assert allowed == EXPECTED[(role, relation)], (role, relation)


@pytest.mark.parametrize("role", ["anonymous", "no_role", "editor", "admin"])
def test_only_platform_admins_act_on_the_platform(
    graph: dict[str, Organisation], role: str
) -> None:
    user = person(role, graph["own"])
    for action in ("create_organisation", "manage_platform", "view_audit_log"):
        assert not permissions.can(user, Action(action))
        assert not permissions.can(user, Action(action), graph["own"])


def test_platform_admin_acts_on_the_platform(graph: dict[str, Organisation]) -> None:
    user = person("platform_admin", graph["own"])
    assert all(
        permissions.can(user, Action(a))
        for a in ("create_organisation", "manage_platform", "view_audit_log")
    )


def test_an_inactive_account_or_organisation_grants_nothing(graph: dict[str, Organisation]) -> None:
    user = person("admin", graph["own"])
    assert isinstance(user, User)
    user.is_active = False
    user.save()
    assert not any(permissions.can(user, Action(a), graph["own"]) for a in ORGANISATION_ACTIONS)
    user.is_active = True
    user.save()
    graph["own"].is_active = False
    graph["own"].save()
    assert not any(permissions.can(user, Action(a), graph["own"]) for a in ORGANISATION_ACTIONS)


def test_organisations_where_lists_exactly_what_can_allows(graph: dict[str, Organisation]) -> None:
    user = person("editor", graph["own"])
    where = set(permissions.organisations_where(user, Action.EDIT_DATASET))
    assert where == {graph["own"], graph["managed"], graph["managed_by_managed"]}
    assert not permissions.organisations_where(user, Action.MANAGE_MEMBERS).exists()


def test_a_commune_editor_cannot_change_anything_of_another_commune(
    demo: dict[str, Organisation], make_user
) -> None:
    quimper = demo["quimper"]
    neighbour = Organisation.objects.get(slug="commune-29051")  # Ergué-Gabéric, same EPCI
    editor = make_user(quimper, Role.EDITOR)
    admin = make_user(quimper, Role.ADMIN)
    for user in (editor, admin):
        for action in ORGANISATION_ACTIONS:
            assert not permissions.can(user, Action(action), neighbour), action
            assert not permissions.can(user, Action(action), demo["qbo"]), action
        with pytest.raises(PermissionDenied):
            territory_services.update_organisation(user, neighbour, description="piraté")
        with pytest.raises(PermissionDenied):
            services.invite_member(user, neighbour, "x@exemple.fr", Role.ADMIN, "http://t/{token}")
        with pytest.raises(PermissionDenied):
            territory_services.create_portal(user, name="Faux", organisation=neighbour)
    neighbour_admin = make_user(neighbour, Role.ADMIN)
    their_member = Member.objects.get(user=neighbour_admin)
    with pytest.raises(PermissionDenied):
        services.change_role(admin, their_member, Role.EDITOR)
    with pytest.raises(PermissionDenied):
        services.remove_member(admin, their_member)
    neighbour.refresh_from_db()
    assert neighbour.description == ""


def test_the_managing_epci_publishes_for_its_small_communes(
    demo: dict[str, Organisation], make_user
) -> None:
    qbo_editor = make_user(demo["qbo"], Role.EDITOR)
    small = Organisation.objects.get(slug="commune-29051")
    assert permissions.can(qbo_editor, Action.CREATE_DATASET, small)
    # Quimper manages itself: the EPCI has no right on the city's data.
    assert not permissions.can(qbo_editor, Action.CREATE_DATASET, demo["quimper"])
