"""Field validators with French messages."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from ouvert.engine.identifiers import is_valid_insee_commune, is_valid_siren, is_valid_siret

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
HOSTNAME = re.compile(
    r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$"
)


def validate_siren(value: str) -> None:
    """9 digits with a valid Luhn key."""
    if not is_valid_siren(value):
        raise ValidationError(
            "« %(value)s » n'est pas un SIREN valide : 9 chiffres dont le dernier est une clé de "
            "contrôle (algorithme de Luhn).",
            params={"value": value[:40]},
            code="siren",
        )


def validate_siret(value: str) -> None:
    """14 digits with a valid Luhn key."""
    if not is_valid_siret(value):
        raise ValidationError(
            "« %(value)s » n'est pas un SIRET valide : 14 chiffres (SIREN + NIC) dont le dernier "
            "est une clé de contrôle (algorithme de Luhn).",
            params={"value": value[:40]},
            code="siret",
        )


def validate_insee_code(value: str) -> None:
    """5 characters: digits, or 2A/2B for Corsica; leading zeros kept."""
    if not is_valid_insee_commune(value) and not re.fullmatch(r"\d{2,3}|2[AB]", value):
        raise ValidationError(
            "« %(value)s » n'est pas un code INSEE : 5 caractères pour une commune (01001, 2A004), "
            "2 ou 3 pour un département.",
            params={"value": value[:40]},
            code="insee",
        )


def validate_hex_colour(value: str) -> None:
    """#rrggbb only: the value goes into a CSS custom property."""
    if not HEX_COLOUR.match(value):
        raise ValidationError(
            "« %(value)s » n'est pas une couleur : utilisez la notation #rrvvbb, par exemple "
            "#005a9c.",
            params={"value": value[:40]},
            code="colour",
        )


def validate_hostname(value: str) -> None:
    """A bare host name: no scheme, port or path."""
    if not HOSTNAME.match(value):
        raise ValidationError(
            "« %(value)s » n'est pas un nom de domaine : indiquez seulement l'hôte, sans http:// "
            "ni chemin, par exemple data.quimper.bzh.",
            params={"value": value[:80]},
            code="hostname",
        )
