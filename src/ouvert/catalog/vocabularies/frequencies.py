"""Update frequencies: the EU frequency vocabulary, shown in French, mapped to udata's names."""

from __future__ import annotations

from dataclasses import dataclass

BASE_URI = "http://publications.europa.eu/resource/authority/frequency/"


@dataclass(frozen=True)
class Frequency:
    code: str  # EU authority table code
    label: str
    udata: str  # data.gouv.fr's name, for API compatibility


FREQUENCIES: dict[str, Frequency] = {
    f.code: f
    for f in (
        Frequency("UPDATE_CONT", "En continu", "continuous"),
        Frequency("HOURLY", "Toutes les heures", "hourly"),
        Frequency("DAILY", "Quotidienne", "daily"),
        Frequency("WEEKLY", "Hebdomadaire", "weekly"),
        Frequency("BIWEEKLY", "Toutes les deux semaines", "biweekly"),
        Frequency("MONTHLY", "Mensuelle", "monthly"),
        Frequency("BIMONTHLY", "Tous les deux mois", "bimonthly"),
        Frequency("QUARTERLY", "Trimestrielle", "quarterly"),
        Frequency("ANNUAL_2", "Semestrielle", "semiannual"),
        Frequency("ANNUAL", "Annuelle", "annual"),
        Frequency("BIENNIAL", "Tous les deux ans", "biennial"),
        Frequency("TRIENNIAL", "Tous les trois ans", "triennial"),
        Frequency("QUINQUENNIAL", "Tous les cinq ans", "quinquennial"),
        Frequency("IRREG", "Irrégulière", "irregular"),
        Frequency("NEVER", "Ponctuelle (pas de mise à jour prévue)", "punctual"),
        Frequency("OTHER", "Autre", "other"),
        Frequency("UNKNOWN", "Inconnue", "unknown"),
    )
}

DEFAULT_FREQUENCY = "UNKNOWN"
CHOICES = [(f.code, f.label) for f in FREQUENCIES.values()]


def frequency_uri(code: str) -> str:
    return BASE_URI + code
