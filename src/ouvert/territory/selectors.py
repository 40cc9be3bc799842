"""Reads of the territory: organisation graph, portal scope."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from ouvert.engine.text import fold
from ouvert.territory.models import Membership, Organisation, Portal


def member_organisation_ids(group_ids: Iterable[int]) -> set[int]:
    """The given organisations and every organisation below them in the membership graph."""
    found = set(group_ids)
    frontier = set(found)
    while frontier:
        below = set(
            Membership.objects.filter(group_id__in=frontier).values_list("member_id", flat=True)
        )
        frontier = below - found
        found |= frontier
    return found


def group_organisation_ids(member_id: int) -> set[int]:
    """Every grouping above an organisation in the membership graph (not itself)."""
    found: set[int] = set()
    frontier = {member_id}
    while frontier:
        above = set(
            Membership.objects.filter(member_id__in=frontier).values_list("group_id", flat=True)
        )
        frontier = above - found - {member_id}
        found |= frontier
    return found


def portal_organisation_ids(portal: Portal) -> set[int] | None:
    """Organisations whose data the portal shows; None means all (the platform portal)."""
    if portal.is_platform or portal.organisation_id is None:
        return None
    if portal.include_members:
        return member_organisation_ids([portal.organisation_id])
    return {portal.organisation_id}


def list_portal_organisations(portal: Portal) -> QuerySet[Organisation]:
    """Active organisations in the portal's scope."""
    organisations = Organisation.objects.active()
    scope = portal_organisation_ids(portal)
    if scope is not None:
        organisations = organisations.filter(pk__in=scope)
    return organisations


def search_organisations(portal: Portal, query: str) -> QuerySet[Organisation]:
    """Organisations of the portal whose name, acronym or code matches every word of the query."""
    organisations = list_portal_organisations(portal).select_related("territory")
    for word in fold(query).split()[:10]:
        organisations = organisations.filter(search_text__contains=word)
    return organisations


def find_portal_by_host(host: str) -> Portal | None:
    """The portal answering on a host name, if any."""
    return (
        Portal.objects.filter(domains__host=host.lower().rstrip("."))
        .select_related("organisation")
        .first()
    )


def find_portal_by_slug(slug: str) -> Portal | None:
    """The portal with a path prefix /p/<slug>/, if any."""
    return Portal.objects.filter(slug=slug).select_related("organisation").first()


def list_hosted_portals() -> QuerySet[Portal]:
    """Every portal the platform hosts, with their domains."""
    return Portal.objects.select_related("organisation").prefetch_related("domains")


def is_current_image(name: str) -> bool:
    """Whether a stored file is the current logo of an organisation or the logo or favicon of a
    portal (public like the pages showing them): the only stored files with a public address."""
    if not name:
        return False
    return (
        Organisation.objects.filter(logo=name).exists()
        or Portal.objects.filter(Q(logo=name) | Q(favicon=name)).exists()
    )
