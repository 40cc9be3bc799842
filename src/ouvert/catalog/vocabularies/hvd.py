"""The six high-value dataset categories of the EU implementing regulation 2023/138 (DCAT-AP
HVD `dcatap:hvdCategory`), shown in French as the EU vocabulary labels them."""

from __future__ import annotations

import re

BASE_URI = "http://data.europa.eu/bna/"
# The regulation a high-value dataset declares (`dcatap:applicableLegislation`).
LEGISLATION_URI = "http://data.europa.eu/eli/reg_impl/2023/138/oj"

CATEGORIES: dict[str, str] = {
    "c_ac64a52d": "Géospatiales",
    "c_dd313021": "Observation de la terre et environnement",
    "c_164e0bf5": "Météorologiques",
    "c_e1da4e07": "Statistiques",
    "c_a9135398": "Entreprises et propriété d'entreprises",
    "c_b79e35eb": "Mobilité",
}

CHOICES = sorted(CATEGORIES.items(), key=lambda item: item[1])
_CODE = re.compile(r"(?:^|/)(c_[0-9a-f]{8})/?$")


def category_uri(code: str) -> str:
    return BASE_URI + code


def find_category(value: str) -> str:
    """The category code of a URI (`http://data.europa.eu/bna/c_ac64a52d`) or a code; ""
    when it is not one of the six."""
    found = _CODE.search((value or "").strip().lower())
    return found.group(1) if found and found.group(1) in CATEGORIES else ""
