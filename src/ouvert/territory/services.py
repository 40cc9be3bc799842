"""Writes on the territory: organisations, their graph, portals. Each checks permissions first."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from ouvert.accounts import permissions
from ouvert.accounts.permissions import Action, AnyUser
from ouvert.territory.models import Membership, Organisation, Portal, PortalDomain, Territory
from ouvert.territory.selectors import member_organisation_ids

ORGANISATION_FIELDS = {
    "name",
    "acronym",
    "kind",
    "siren",
    "siret",
    "insee_code",
    "territory",
    "logo",
    "description",
    "website",
    "email",
    "phone",
    "address",
    "managed_by",
}


def unique_slug(name: str, model: type[Organisation] | type[Portal], max_length: int = 90) -> str:
    base = slugify(name)[:max_length] or "organisation"
    slug, counter = base, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug


def _fill_from_territory(organisation: Organisation) -> None:
    territory = organisation.territory
    if territory is None:
        return
    if not organisation.siren and territory.siren:
        organisation.siren = territory.siren
    if not organisation.insee_code and territory.kind in {
        Territory.Kind.COMMUNE,
        Territory.Kind.DEPARTEMENT,
        Territory.Kind.REGION,
    }:
        organisation.insee_code = territory.code


def create_organisation(actor: AnyUser, **fields: Any) -> Organisation:
    """Create an organisation, tie it to the referential and to existing groupings."""
    permissions.require(actor, Action.CREATE_ORGANISATION)
    unknown = set(fields) - ORGANISATION_FIELDS - {"slug"}
    if unknown:
        raise TypeError(f"unknown organisation fields: {sorted(unknown)}")
    organisation = Organisation(**fields)
    if not organisation.slug:
        organisation.slug = unique_slug(organisation.name, Organisation)
    _fill_from_territory(organisation)
    organisation.full_clean()
    with transaction.atomic():
        organisation.save()
        link_referential_memberships(organisation)
    return organisation


def update_organisation(actor: AnyUser, organisation: Organisation, **fields: Any) -> Organisation:
    permissions.require(actor, Action.EDIT_ORGANISATION, organisation)
    unknown = set(fields) - ORGANISATION_FIELDS
    if unknown:
        raise TypeError(f"unknown organisation fields: {sorted(unknown)}")
    if "managed_by" in fields and not permissions.can(actor, Action.MANAGE_PLATFORM):
        # Who publishes on whose behalf is decided by the platform, not by the organisation.
        raise ValidationError({"managed_by": "Seule la plateforme désigne le gestionnaire."})
    for name, value in fields.items():
        setattr(organisation, name, value)
    _fill_from_territory(organisation)
    organisation.full_clean()
    organisation.save()
    return organisation


def add_membership(actor: AnyUser, member: Organisation, group: Organisation) -> Membership:
    """Declare that `member` belongs to the grouping `group`."""
    permissions.require(actor, Action.MANAGE_PLATFORM)
    return _add_membership(member, group)


def _add_membership(
    member: Organisation, group: Organisation, *, from_referential: bool = False
) -> Membership:
    if member.pk == group.pk:
        raise ValidationError("Une organisation ne peut pas être membre d'elle-même.")
    if group.pk in member_organisation_ids([member.pk]):
        raise ValidationError(
            f"{group} est déjà membre (directement ou non) de {member} : ce lien ferait une boucle."
        )
    membership, _ = Membership.objects.get_or_create(
        member=member, group=group, defaults={"from_referential": from_referential}
    )
    return membership


def remove_membership(actor: AnyUser, membership: Membership) -> None:
    permissions.require(actor, Action.MANAGE_PLATFORM)
    membership.delete()


def _referential_chain(territory: Territory) -> list[int]:
    """Territories above this one, nearest first: commune → EPCI → département → région."""
    chain = {
        Territory.Kind.COMMUNE: [territory.epci_id, territory.departement_id, territory.region_id],
        Territory.Kind.EPCI: [territory.departement_id, territory.region_id],
        Territory.Kind.DEPARTEMENT: [territory.region_id],
    }.get(Territory.Kind(territory.kind), [])
    return [territory_id for territory_id in chain if territory_id is not None]


def _link_upwards(organisation: Organisation) -> list[Membership]:
    """Join the nearest grouping the referential implies among organisations on the platform,
    and drop referential links to farther ones (commune ⊂ EPCI, not commune ⊂ département)."""
    territory = organisation.territory
    if territory is None:
        return []
    chain = _referential_chain(territory)
    for position, territory_id in enumerate(chain):
        groups = list(Organisation.objects.filter(territory_id=territory_id, is_active=True))
        if groups:
            Membership.objects.filter(
                member=organisation,
                from_referential=True,
                group__territory_id__in=chain[position + 1 :],
            ).delete()
            return [_add_membership(organisation, group, from_referential=True) for group in groups]
    return []


def link_referential_memberships(organisation: Organisation) -> list[Membership]:
    """Add the memberships the referential implies (commune ⊂ EPCI ⊂ département ⊂ région),
    for this organisation and for those below it that are already on the platform."""
    territory = organisation.territory
    if territory is None:
        return []
    created = _link_upwards(organisation)
    below = {
        Territory.Kind.EPCI: {"epci": territory},
        Territory.Kind.DEPARTEMENT: {"departement": territory},
        Territory.Kind.REGION: {"region": territory},
    }.get(Territory.Kind(territory.kind))
    if below:
        for member in Organisation.objects.filter(
            is_active=True, **{f"territory__{key}": value for key, value in below.items()}
        ).exclude(pk=organisation.pk):
            created.extend(_link_upwards(member))
    return created


def create_portal(
    actor: AnyUser,
    *,
    name: str,
    organisation: Organisation | None,
    domains: list[str] | None = None,
    slug: str = "",
    **fields: Any,
) -> Portal:
    """Create a portal for an organisation (its admins may), or the platform's (admins only)."""
    if fields.get("is_platform") or organisation is None:
        permissions.require(actor, Action.MANAGE_PLATFORM)
    else:
        permissions.require(actor, Action.MANAGE_PORTAL, organisation)
    portal = Portal(name=name, organisation=organisation, slug=slug, **fields)
    if not portal.slug:
        portal.slug = unique_slug(name, Portal, 50)
    portal.full_clean()
    with transaction.atomic():
        portal.save()
        for index, host in enumerate(domains or []):
            domain = PortalDomain(portal=portal, host=host.strip().lower(), is_primary=index == 0)
            domain.full_clean()
            domain.save()
    return portal


def update_portal(actor: AnyUser, portal: Portal, **fields: Any) -> Portal:
    if portal.is_platform or portal.organisation is None:
        permissions.require(actor, Action.MANAGE_PLATFORM)
    else:
        permissions.require(actor, Action.MANAGE_PORTAL, portal.organisation)
    for name, value in fields.items():
        setattr(portal, name, value)
    portal.full_clean()
    portal.save()
    return portal
