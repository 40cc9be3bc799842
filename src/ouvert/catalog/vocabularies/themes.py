"""The EU data themes (DCAT-AP `dcat:theme`), shown in French."""

from __future__ import annotations

BASE_URI = "http://publications.europa.eu/resource/authority/data-theme/"

THEMES: dict[str, str] = {
    "AGRI": "Agriculture, pêche, sylviculture et alimentation",
    "ECON": "Économie et finances",
    "EDUC": "Éducation, culture et sport",
    "ENER": "Énergie",
    "ENVI": "Environnement",
    "GOVE": "Gouvernement et secteur public",
    "HEAL": "Santé",
    "INTR": "Questions internationales",
    "JUST": "Justice, système juridique et sécurité publique",
    "REGI": "Régions et villes",
    "SOCI": "Population et société",
    "TECH": "Science et technologie",
    "TRAN": "Transports",
}

CHOICES = sorted(THEMES.items(), key=lambda item: item[1])


def theme_uri(code: str) -> str:
    return BASE_URI + code
