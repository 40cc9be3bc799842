"""The demo territory: the Finistère, its Département running the platform, QBO and Brest.

Idempotent: running it again changes nothing; it only creates what is missing.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from ouvert.accounts.models import Member, Role, User
from ouvert.territory.models import Organisation, Portal, PortalDomain, Territory
from ouvert.territory.services import link_referential_memberships

QBO_SIREN = "200068120"
BREST_METROPOLE_SIREN = "242900314"

ADMIN_EMAIL = "admin@demo.ouvert.localhost"
EDITOR_EMAIL = "editrice.quimper@demo.ouvert.localhost"


@dataclass(frozen=True)
class DemoCredentials:
    admin_email: str
    admin_password: str
    editor_email: str
    editor_password: str


@dataclass(frozen=True)
class DemoPortal:
    slug: str
    name: str
    host: str


DEMO_PORTALS = (
    DemoPortal("finistere", "Open data Finistère", "finistere.localhost"),
    DemoPortal("qbo", "Données de Quimper Bretagne Occidentale", "qbo.localhost"),
    DemoPortal("quimper", "Quimper, données ouvertes", "quimper.localhost"),
)


def _territory(kind: str, code: str) -> Territory:
    return Territory.objects.get(kind=kind, code=code)


def _organisation(slug: str, **fields: object) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        organisation = Organisation(slug=slug, **fields)
        organisation.full_clean()
        organisation.save()
        link_referential_memberships(organisation)
    return organisation


def load_demo_territory() -> dict[str, Organisation]:
    """Create the demo organisations, their graph and their portals."""
    if not Territory.objects.filter(kind=Territory.Kind.COMMUNE).exists():
        raise RuntimeError("Le référentiel n'est pas chargé : `ouvert load-referential`.")
    with transaction.atomic():
        bretagne = _organisation(
            "region-bretagne",
            name="Région Bretagne",
            kind=Organisation.Kind.REGION,
            siren="233500016",
            insee_code="53",
            territory=_territory(Territory.Kind.REGION, "53"),
            website="https://www.bretagne.bzh",
        )
        finistere = _organisation(
            "departement-du-finistere",
            name="Département du Finistère",
            acronym="CD29",
            kind=Organisation.Kind.DEPARTEMENT,
            siren="222900011",
            insee_code="29",
            territory=_territory(Territory.Kind.DEPARTEMENT, "29"),
            website="https://www.finistere.fr",
            email="opendata@finistere.example",
            description=(
                "Le Département du Finistère fait fonctionner la plateforme **Open data "
                "Finistère** : chaque commune, intercommunalité ou établissement public du "
                "territoire y publie ses données, sur son propre portail."
            ),
        )
        qbo_territory = _territory(Territory.Kind.EPCI, QBO_SIREN)
        qbo = _organisation(
            "quimper-bretagne-occidentale",
            name="Quimper Bretagne Occidentale",
            acronym="QBO",
            kind=Organisation.Kind.EPCI,
            siren=QBO_SIREN,
            territory=qbo_territory,
            managed_by=finistere,
            website="https://www.quimper-bretagne-occidentale.bzh",
            description="Communauté d'agglomération de 14 communes autour de Quimper.",
        )
        communes = {}
        for territory in Territory.objects.filter(epci=qbo_territory, kind="commune").order_by(
            "-population"
        ):
            is_quimper = territory.code == "29232"
            communes[territory.code] = _organisation(
                "ville-de-quimper" if is_quimper else f"commune-{territory.code}",
                name="Ville de Quimper" if is_quimper else f"Commune de {territory.name}",
                kind=Organisation.Kind.COMMUNE,
                siren=territory.siren,
                insee_code=territory.code,
                territory=territory,
                # Small communes have no data team: QBO publishes on their behalf.
                managed_by=None if is_quimper else qbo,
            )
        brest = _organisation(
            "brest-metropole",
            name="Brest Métropole",
            kind=Organisation.Kind.EPCI,
            siren=BREST_METROPOLE_SIREN,
            territory=_territory(Territory.Kind.EPCI, BREST_METROPOLE_SIREN),
            website="https://www.brest.fr",
        )
        chu = _organisation(
            "chu-de-brest",
            name="CHU de Brest",
            acronym="CHRU",
            kind=Organisation.Kind.ETABLISSEMENT_PUBLIC,
            description="Centre hospitalier régional universitaire de Brest.",
        )
        _portal(
            DEMO_PORTALS[0],
            finistere,
            is_platform=True,
            primary="#00607a",
            accent="#e3f1f4",
            tagline="Les données publiques du Finistère, de ses communes et de leurs partenaires",
        )
        _portal(
            DEMO_PORTALS[1],
            qbo,
            include_members=True,
            primary="#5c2d91",
            accent="#f1ebf8",
            tagline="Les données de l'agglomération et de ses 14 communes",
        )
        _portal(
            DEMO_PORTALS[2],
            communes["29232"],
            primary="#b3261e",
            accent="#fcefe9",
            tagline="Les données publiques de la Ville de Quimper",
        )
    return {
        "region": bretagne,
        "departement": finistere,
        "qbo": qbo,
        "quimper": communes["29232"],
        "brest": brest,
        "chu": chu,
    }


def _portal(
    demo: DemoPortal,
    organisation: Organisation,
    *,
    primary: str,
    accent: str,
    tagline: str,
    is_platform: bool = False,
    include_members: bool = False,
) -> Portal:
    portal = Portal.objects.filter(slug=demo.slug).first()
    if portal is None:
        if is_platform:
            # The platform portal created on first request becomes the Département's.
            portal = Portal.objects.filter(is_platform=True).first()
        portal = portal or Portal(slug=demo.slug)
        portal.slug = demo.slug
        portal.name = demo.name
        portal.organisation = organisation
        portal.is_platform = is_platform
        portal.include_members = include_members
        portal.primary_colour = primary
        portal.accent_colour = accent
        portal.tagline = tagline
        portal.full_clean()
        portal.save()
    PortalDomain.objects.get_or_create(
        host=demo.host, defaults={"portal": portal, "is_primary": True}
    )
    return portal


def credentials_file() -> Path:
    return Path(settings.DATA_DIR) / "demo-credentials.json"


def ensure_demo_people(organisations: dict[str, Organisation]) -> DemoCredentials:
    """The demo admin and editor, with passwords generated once and kept in the data folder."""
    path = credentials_file()
    stored: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    admin_password = stored.get("admin_password") or secrets.token_urlsafe(12)
    editor_password = stored.get("editor_password") or secrets.token_urlsafe(12)
    with transaction.atomic():
        admin = User.objects.filter(email=ADMIN_EMAIL).first()
        if admin is None:
            admin = User.objects.create_superuser(
                ADMIN_EMAIL, admin_password, full_name="Administratrice de la plateforme"
            )
        editor = User.objects.filter(email=EDITOR_EMAIL).first()
        if editor is None:
            editor = User.objects.create_user(
                EDITOR_EMAIL, editor_password, full_name="Éditrice de la Ville de Quimper"
            )
        Member.objects.get_or_create(
            user=admin, organisation=organisations["departement"], defaults={"role": Role.ADMIN}
        )
        Member.objects.get_or_create(
            user=editor, organisation=organisations["quimper"], defaults={"role": Role.EDITOR}
        )
    if not stored:
        path.write_text(
            json.dumps({"admin_password": admin_password, "editor_password": editor_password})
        )
        os.chmod(path, 0o600)
    return DemoCredentials(ADMIN_EMAIL, admin_password, EDITOR_EMAIL, editor_password)
