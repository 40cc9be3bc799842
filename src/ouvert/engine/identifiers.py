"""French public identifiers: SIREN, SIRET (Luhn key), INSEE codes."""

from __future__ import annotations

import re

# La Poste's establishments share SIREN 356000000; their SIRETs do not follow Luhn but have a
# digit sum divisible by 5 (INSEE's documented exception).
LA_POSTE_SIREN = "356000000"

INSEE_COMMUNE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")


def luhn_is_valid(digits: str) -> bool:
    """True when a string of digits carries a valid Luhn check digit."""
    if not digits.isdigit() or not digits.isascii():
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_digits(value: str) -> str:
    """Drop the spaces, dots and no-break spaces people put inside identifiers."""
    return re.sub(r"[\s.\u00a0\u202f-]", "", value)


def is_valid_siren(value: str) -> bool:
    """A SIREN is 9 digits with a Luhn key."""
    return len(value) == 9 and luhn_is_valid(value)


def is_valid_siret(value: str) -> bool:
    """A SIRET is 14 digits: SIREN + NIC, Luhn key on the whole (La Poste excepted)."""
    if len(value) != 14 or not value.isdigit() or not value.isascii():
        return False
    if value.startswith(LA_POSTE_SIREN):
        return sum(int(c) for c in value) % 5 == 0
    return luhn_is_valid(value)


def is_valid_insee_commune(value: str) -> bool:
    """5 characters: digits, or 2A/2B and 3 digits for Corsica."""
    return bool(INSEE_COMMUNE.match(value))
