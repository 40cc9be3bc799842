"""Formats of a column's values, named as csv-detective names them, recognised on a sample.

A format is claimed only when every sampled value has it (codes are all-or-nothing), and for the
ambiguous ones (a department code is two digits, as is a count) when the header says so too.
Codes checked against the referential where the caller gives it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ouvert.engine.text import fold


@dataclass(frozen=True)
class Referential:
    """Known codes, given by the caller (the engine reads no database)."""

    communes: frozenset[str] = field(default_factory=frozenset)
    postcodes: frozenset[str] = field(default_factory=frozenset)
    departements: frozenset[str] = field(default_factory=frozenset)
    regions: frozenset[str] = field(default_factory=frozenset)


def luhn(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def siret_key(value: str) -> bool:
    # La Poste's establishments (SIREN 356000000) use a sum of digits divisible by 5.
    return luhn(value) or (value.startswith("356000000") and sum(map(int, value)) % 5 == 0)


def _hint(label: str, *words: str) -> bool:
    tokens = set(re.split(r"[^a-z0-9]+", fold(label)))
    joined = re.sub(r"[^a-z0-9]+", "", fold(label))
    return any(word in tokens or (len(word) > 4 and word in joined) for word in words)


_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"[\s\u00a0\u202f]")
EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
URL = re.compile(r"(https?://|www\.)[^\s]+", re.IGNORECASE)
INSEE = re.compile(r"(\d{5}|2[ABab]\d{3})")
POSTCODE = re.compile(r"\d{5}")
DEPARTEMENT = re.compile(r"(0[1-9]|[1-8]\d|9[0-5]|2[ABab]|97[1-8]|98[4-9])")
REGION = re.compile(r"\d{2}")
UAI = re.compile(r"\d{7}[A-Za-z]")
RNA = re.compile(r"[Ww]\d{9}")
LATLON = re.compile(r"\[?\s*(-?\d{1,2}\.\d{2,})\s*[,;]\s*(-?\d{1,3}\.\d{2,})\s*\]?")
SCIENTIFIC = re.compile(r"\d(?:[.,]\d+)?[Ee]\+\d+")


def _compact(value: str) -> str:
    return _SPACES.sub("", value)


def _all(values: Iterable[str], test: Callable[[str], bool]) -> bool:
    seen = False
    for value in values:
        seen = True
        if not test(value):
            return False
    return seen


def _share(values: list[str], test: Callable[[str], bool]) -> float:
    return sum(1 for value in values if test(value)) / len(values) if values else 0.0


def text_format(label: str, values: list[str], referential: Referential | None) -> str | None:
    """The format of a text column (values stripped, non-empty, distinct sample)."""
    if not values:
        return None
    ref = referential or Referential()

    def compact_digits(size: int) -> Callable[[str], bool]:
        return lambda v: len(c := _compact(v)) == size and c.isdigit()

    if _all(values, compact_digits(14)) and _share([_compact(v) for v in values], siret_key) >= 0.9:
        return "siret"
    if _all(values, compact_digits(9)) and _share([_compact(v) for v in values], luhn) >= 0.9:
        return "siren"
    if _all(values, lambda v: INSEE.fullmatch(v) is not None):
        upper = [v.upper() for v in values]
        in_communes = _share(upper, ref.communes.__contains__) if ref.communes else 0.0
        in_postcodes = _share(upper, ref.postcodes.__contains__) if ref.postcodes else 0.0
        postal_hint = _hint(label, "cp", "postal", "codepostal", "postcode")
        insee_hint = _hint(label, "insee", "codgeo", "commune", "com", "depcom", "codecommune")
        if (
            postal_hint
            and _all(values, lambda v: POSTCODE.fullmatch(v) is not None)
            and (in_postcodes >= 0.9 or not ref.postcodes)
        ):
            return "code_postal"
        if in_communes >= 0.9 and (insee_hint or in_communes > in_postcodes):
            return "code_commune_insee"
        if in_postcodes >= 0.9:
            return "code_postal"
        if insee_hint and not ref.communes:
            return "code_commune_insee"
    if _hint(label, "cp", "postal", "codepostal", "postcode") and _all(
        values, lambda v: v.isdigit() and len(v) in (4, 5)
    ):
        return "code_postal"
    if _hint(label, "dep", "departement", "dept", "codedep") and _all(
        values, lambda v: DEPARTEMENT.fullmatch(v) is not None
    ):
        return "code_departement"
    if _hint(label, "reg", "region", "codereg") and _all(
        values, lambda v: REGION.fullmatch(v) is not None
    ):
        return "code_region"
    if _all(values, lambda v: UAI.fullmatch(v) is not None):
        return "uai"
    if _all(values, lambda v: RNA.fullmatch(v) is not None):
        return "code_rna"
    if _all(values, lambda v: EMAIL.fullmatch(v) is not None):
        return "email"
    if _all(values, lambda v: URL.fullmatch(v) is not None):
        return "url"
    if _all(values, _is_latlon):
        return "latlon_wgs"
    return None


def _is_latlon(value: str) -> bool:
    match = LATLON.fullmatch(value)
    if match is None:
        return False
    lat, lon = float(match.group(1)), float(match.group(2))
    return -90 <= lat <= 90 and -180 <= lon <= 180


def number_format(label: str, kind: str, low: float | None, high: float | None) -> str | None:
    """The format of a numeric column, from its header and range."""
    if low is None or high is None:
        return None
    if (
        kind == "integer"
        and low >= 1800
        and high <= 2100
        and _hint(
            label, "annee", "an", "year", "exercice", "millesime", "annees", "date", "periode"
        )
    ):
        return "year"
    if low >= -90 and high <= 90 and _hint(label, "lat", "latitude", "y_wgs84", "ylat"):
        return "latitude_wgs"
    if low >= -180 and high <= 180 and _hint(label, "lon", "lng", "long", "longitude", "xlong"):
        return "longitude_wgs"
    if _hint(label, "pourcentage", "taux", "date", "part", "ratio"):
        return None
    if kind in ("number", "integer") and _hint(
        label, "montant", "prix", "cout", "budget", "euros", "eur", "mandate", "subvention"
    ):
        return "money"
    return None


def scientific_codes(label: str, values: list[str]) -> list[str]:
    """Values Excel wrote in scientific notation in a column of codes (a SIRET as 2.12E+13):
    the digits are lost and cannot be recovered from the file."""
    destroyed = [v for v in values if SCIENTIFIC.fullmatch(v)]
    if not destroyed:
        return []
    codes = _hint(label, "siret", "siren", "id", "identifiant", "code", "numero", "nir", "insee")
    others = [v for v in values if not SCIENTIFIC.fullmatch(v)]
    long_digits = (
        others and _share(others, lambda v: len(_compact(v)) >= 9 and _compact(v).isdigit()) > 0.5
    )
    return destroyed if codes or long_digits else []


IDENTIFIER_WORDS = (
    "siret",
    "siren",
    "nir",
    "id",
    "identifiant",
    "identification",
    "insee",
    "cp",
    "postal",
    "uai",
    "rna",
    "fantoir",
    "code",
    "codgeo",
    "ref",
    "reference",
)


def is_identifier(label: str, values: list[str]) -> bool:
    """Digits that are a code, not a quantity: named so, or too long to be counted."""
    if _hint(label, *IDENTIFIER_WORDS):
        return True
    long_values = sum(1 for v in values if len(v.lstrip("+-")) >= 9)
    return long_values > len(values) / 2


NOT_QUANTITIES = frozenset(
    {"year", "code_commune_insee", "code_postal", "code_departement", "code_region", "siren",
     "siret", "uai", "code_rna"}
)  # fmt: skip
YEAR_WORDS = ("annee", "annees", "an", "year", "exercice", "millesime")


def is_quantity(label: str, kind: str, format_: str | None) -> bool:
    """Whether a column's numbers are quantities, shown with thousands separated (12 000), and
    not codes or years, shown as written (75019, 2014)."""
    if kind not in ("integer", "number") or format_ in NOT_QUANTITIES:
        return False
    return not (
        _hint(label, *IDENTIFIER_WORDS, "numero", "num", "matricule") or _hint(label, *YEAR_WORDS)
    )
