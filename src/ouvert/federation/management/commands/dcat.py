"""`ouvert dcat`: prints a portal's DCAT-AP 3.0.1 catalogue, as `/catalog.ttl` serves it."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ouvert.federation.dcat.catalog import render_catalog
from ouvert.federation.dcat.graph import Links
from ouvert.territory.models import Portal

SYNTAXES = {"ttl": "ttl", "turtle": "ttl", "xml": "rdf", "rdf": "rdf", "jsonld": "jsonld"}


def portal_base_url(portal: Portal, fallback: str) -> str:
    """Where the portal answers: its primary domain in https, else the platform's address
    followed by its path prefix."""
    domain = portal.domains.order_by("-is_primary", "host").first()
    if domain is not None:
        return f"https://{domain.host}"
    base = fallback.rstrip("/")
    return base if portal.is_platform else f"{base}/p/{portal.slug}"


class Command(BaseCommand):
    help = "Affiche le catalogue DCAT-AP 3.0.1 d'un portail (Turtle, RDF/XML ou JSON-LD)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--portal", help="Identifiant (slug) du portail ; par défaut, celui de la plateforme."
        )
        parser.add_argument(
            "--format",
            default="ttl",
            choices=sorted(SYNTAXES),
            help="Syntaxe RDF (ttl par défaut).",
        )
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Adresse de la plateforme quand le portail n'a pas de domaine.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["portal"]
        portal = Portal.objects.filter(slug=slug).first() if slug else Portal.objects.platform()
        if portal is None:
            known = ", ".join(Portal.objects.values_list("slug", flat=True)) or "aucun"
            raise CommandError(f"Portail « {slug} » inconnu. Portails : {known}.")
        base = portal_base_url(portal, options["base_url"])
        links = Links(lambda path: base + "/" + path.lstrip("/"))
        body, _media_type = render_catalog(
            links, portal, SYNTAXES[options["format"]], page_size=None
        )
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
