"""Mapping what remote portals say (licence names and URLs, frequencies, themes) to ouvert's
vocabularies."""

from __future__ import annotations

import re
import unicodedata

from ouvert.catalog.vocabularies import frequencies, licences, themes


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _url_key(url: str) -> str:
    url = url.strip().lower().split("://", 1)[-1]
    return url.removeprefix("www.").rstrip("/")


def _licence_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for licence in licences.LICENCES.values():
        for name in (licence.id, licence.title, licence.label, licence.spdx):
            if name:
                names[_fold(name)] = licence.id
    for alias, licence_id in licences.ALIASES.items():
        names[_fold(alias)] = licence_id
    # data.gouv.fr's alternate titles (GET /api/1/datasets/licenses/) and what portals write
    # (CKAN ids, ODS labels). Spellings beyond these are read by `_licence_from_words`.
    names.update(
        {
            "licence ouverte": "lov2",
            "license ouverte": "lov2",
            "licence ouverte etalab": "lov2",
            "license etalab": "lov2",
            "licence etalab": "lov2",
            "lo ol": "fr-lo",
            "public domain": "odc-pddl",
        }
    )
    return names


LICENCE_NAMES = _licence_names()
LICENCE_URLS = {
    _url_key(url): licence.id
    for licence in licences.LICENCES.values()
    for url in (licence.url, *licence.alternate_urls)
    if url
}
LICENCE_URLS.update(
    {
        # Licence Ouverte 1.0 (2011), as data.gouv.fr and Etalab published it then.
        "data.gouv.fr/licence-ouverte-open-licence": "fr-lo",
        "www.data.gouv.fr/licence-ouverte-open-licence": "fr-lo",
        "wiki.data.gouv.fr/wiki/licence_ouverte_/_open_licence": "fr-lo",
        "spdx.org/licenses/etalab-2.0.html": "lov2",
        "opendatacommons.org/licenses/odbl": "odc-odbl",
        "opendatacommons.org/licenses/odbl/1-0": "odc-odbl",
        "opendatacommons.org/licenses/odbl/1.0": "odc-odbl",
        "creativecommons.org/licenses/by/4.0": "cc-by",
        "creativecommons.org/licenses/by-sa/4.0": "cc-by-sa",
        "creativecommons.org/publicdomain/zero/1.0": "cc-zero",
        "publications.europa.eu/resource/authority/licence/cc_by_4_0": "cc-by",
        "publications.europa.eu/resource/authority/licence/cc_bysa_4_0": "cc-by-sa",
        "publications.europa.eu/resource/authority/licence/cc0": "cc-zero",
        "publications.europa.eu/resource/authority/licence/odc_bl": "odc-odbl",
        "publications.europa.eu/resource/authority/licence/odc_by": "odc-by",
        "publications.europa.eu/resource/authority/licence/odc_pddl": "odc-pddl",
        "spdx.org/licenses/etalab-2.0": "lov2",
        "spdx.org/licenses/odbl-1.0": "odc-odbl",
    }
)


# Words read in a folded licence label or URL (a-z, 0-9, single spaces). Order matters: a
# non-commercial or no-derivatives Creative Commons licence is not open and matches nothing.
_NOT_OPEN = re.compile(
    r"\b(nc|nd|by nc|by nd|bync|bynd|noncommercial|non commercial|noderivs|no derivatives|"
    r"pas d utilisation commerciale|pas de modification)\b"
)
_OUVERTE = re.compile(r"\b(licen[cs]e ouverte|open licen[cs]e|etalab|lo ol)\b")
_VERSION_1 = re.compile(r"\b(v ?1|version 1|1 0|2011)\b")
_CREATIVE_COMMONS = re.compile(r"\b(cc|creative ?commons)\b|creativecommons")
_LICENCE_WORDS = (
    (re.compile(r"\bodbl\b|open ?database licen[cs]e|odc bl\b"), "odc-odbl"),
    (re.compile(r"\bpddl\b|public domain dedication"), "odc-pddl"),
    (re.compile(r"\bodc ?by\b|open data commons attribution"), "odc-by"),
    (re.compile(r"\bcc ?0\b|\bcc ?zero\b|commons zero|publicdomain zero"), "cc-zero"),
)


def _licence_from_words(folded: str) -> str:
    """A licence id read from the words of a folded label or URL; "" when unsure."""
    if _NOT_OPEN.search(folded):
        return ""
    if _OUVERTE.search(folded):
        return "fr-lo" if _VERSION_1.search(folded) else "lov2"
    for pattern, licence_id in _LICENCE_WORDS:
        if pattern.search(folded):
            return licence_id
    if _CREATIVE_COMMONS.search(folded):
        if re.search(r"\b(by ?sa|share ?alike|partage dans les memes conditions)\b", folded):
            return "cc-by-sa"
        if re.search(r"\b(by|attribution|paternite)\b", folded):
            return "cc-by"
    return ""


def guess_licence(*candidates: str) -> str:
    """The licence id for the first candidate (URL, id or name) recognised; "" otherwise."""
    for candidate in candidates:
        candidate = (candidate or "").strip()
        if not candidate:
            continue
        if "://" in candidate:
            key = _url_key(candidate)
            if key in LICENCE_URLS:
                return LICENCE_URLS[key]
            for url, licence_id in LICENCE_URLS.items():
                if key.startswith(url) or url.startswith(key):
                    return licence_id
            if found_in_url := _licence_from_words(_fold(key)):
                return found_in_url
            continue
        found = licences.find_licence(candidate)
        if found is not None:
            return found.id
        folded = _fold(candidate)
        if folded in LICENCE_NAMES:
            return LICENCE_NAMES[folded]
        if found_in_words := _licence_from_words(folded):
            return found_in_words
    return ""


UDATA_FREQUENCIES = {f.udata: f.code for f in frequencies.FREQUENCIES.values()}
UDATA_FREQUENCIES.update(
    {
        "annual": "ANNUAL",
        "yearly": "ANNUAL",
        "semiannual": "ANNUAL_2",
        "fourTimesAWeek": "WEEKLY",
        "threeTimesAWeek": "WEEKLY",
        "semiweekly": "WEEKLY",
        "threeTimesAYear": "QUARTERLY",
        "semimonthly": "BIWEEKLY",
        "continuous": "UPDATE_CONT",
        "punctual": "NEVER",
    }
)
# Dublin Core's frequency names (http://purl.org/cld/freq/…) and French words from ODS metas.
WORD_FREQUENCIES = {
    "quotidienne": "DAILY",
    "quotidien": "DAILY",
    "hebdomadaire": "WEEKLY",
    "mensuelle": "MONTHLY",
    "mensuel": "MONTHLY",
    "trimestrielle": "QUARTERLY",
    "semestrielle": "ANNUAL_2",
    "annuelle": "ANNUAL",
    "annuel": "ANNUAL",
    "temps reel": "UPDATE_CONT",
    "en continu": "UPDATE_CONT",
    "irreguliere": "IRREG",
    "ponctuelle": "NEVER",
}


def guess_frequency(value: str) -> str:
    """An EU frequency code from an EU or Dublin Core URI, a udata name or a French word."""
    value = (value or "").strip()
    if not value:
        return ""
    last = value.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    if last.upper() in frequencies.FREQUENCIES:
        return last.upper()
    if last in UDATA_FREQUENCIES:
        return UDATA_FREQUENCIES[last]
    return WORD_FREQUENCIES.get(_fold(value), "")


THEME_LABELS = {_fold(label): code for code, label in themes.THEMES.items()}


def guess_theme(value: str) -> str:
    """An EU data-theme code from its URI, code or French label; "" otherwise."""
    value = (value or "").strip()
    last = value.rstrip("/").rsplit("/", 1)[-1].upper()
    if last in themes.THEMES:
        return last
    return THEME_LABELS.get(_fold(value), "")


def format_label(value: str, url: str = "") -> str:
    """The upper-case format label (CSV, GEOJSON…) from a format name, an EU file-type or IANA
    URI, a media type, or the URL's extension."""
    value = (value or "").strip()
    if value:
        last = value.rstrip("/").rsplit("/", 1)[-1]
        media = {
            "csv": "CSV",
            "json": "JSON",
            "geo+json": "GEOJSON",
            "vnd.geo+json": "GEOJSON",
            "zip": "ZIP",
            "pdf": "PDF",
            "xml": "XML",
            "vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
            "vnd.ms-excel": "XLS",
            "vnd.oasis.opendocument.spreadsheet": "ODS",
            "vnd.apache.parquet": "PARQUET",
        }.get(last.lower())
        if media:
            return media
        if "/" not in value or value.startswith("http"):
            return last.upper().replace("RDF_XML", "RDF").replace("RDF_TURTLE", "TTL")[:20]
    path = url.split("?", 1)[0].rsplit("/", 1)[-1]
    if "." in path:
        return path.rsplit(".", 1)[-1].upper()[:20]
    return ""
