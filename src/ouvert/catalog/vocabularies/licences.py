"""The licences of data.gouv.fr's list, with their SPDX ids and canonical URLs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    id: str  # data.gouv.fr / udata id
    title: str  # as data.gouv.fr titles it
    label: str  # French label shown on pages
    url: str  # the URL data.gouv.fr's harvester recognises
    spdx: str = ""
    alternate_urls: tuple[str, ...] = ()
    needs_reason: bool = False  # the law names Licence Ouverte; others need a recorded reason
    is_open: bool = True


LICENCES: dict[str, Licence] = {
    licence.id: licence
    for licence in (
        Licence(
            "lov2",
            "Licence Ouverte / Open Licence version 2.0",
            "Licence Ouverte / Etalab 2.0",
            "https://www.etalab.gouv.fr/licence-ouverte-open-licence",
            "etalab-2.0",
            (
                "https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf",
                "https://github.com/etalab/Licence-Ouverte/blob/master/LO.md",
            ),
        ),
        Licence(
            "odc-odbl",
            "Open Data Commons Open Database License (ODbL)",
            "Open Database License (ODbL)",
            "http://opendatacommons.org/licenses/odbl/summary/",
            "ODbL-1.0",
            ("https://opendefinition.org/licenses/odc-odbl",),
            needs_reason=True,
        ),
        Licence(
            "fr-lo",
            "Licence Ouverte / Open Licence",
            "Licence Ouverte 1.0 (ancienne version)",
            "https://www.etalab.gouv.fr/wp-content/uploads/2014/05/Licence_Ouverte.pdf",
            "",
            ("https://www.etalab.gouv.fr/wp-content/uploads/2014/05/Open_Licence.pdf",),
            needs_reason=True,
        ),
        Licence(
            "cc-by",
            "Creative Commons Attribution",
            "Creative Commons Attribution (CC BY)",
            "http://www.opendefinition.org/licenses/cc-by",
            "CC-BY-4.0",
            needs_reason=True,
        ),
        Licence(
            "cc-by-sa",
            "Creative Commons Attribution Share-Alike",
            "Creative Commons Attribution - Partage dans les mêmes conditions (CC BY-SA)",
            "http://www.opendefinition.org/licenses/cc-by-sa",
            "CC-BY-SA-4.0",
            needs_reason=True,
        ),
        Licence(
            "cc-zero",
            "Creative Commons CCZero",
            "Creative Commons Zéro (CC0, domaine public)",
            "http://www.opendefinition.org/licenses/cc-zero",
            "CC0-1.0",
            needs_reason=True,
        ),
        Licence(
            "odc-by",
            "Open Data Commons Attribution License",
            "Open Data Commons Attribution (ODC-By)",
            "http://opendatacommons.org/licenses/by/summary/",
            "ODC-By-1.0",
            needs_reason=True,
        ),
        Licence(
            "odc-pddl",
            "Open Data Commons Public Domain Dedication and Licence (PDDL)",
            "Open Data Commons Domaine public (PDDL)",
            "http://opendatacommons.org/licenses/pddl/summary/",
            "PDDL-1.0",
            needs_reason=True,
        ),
        Licence(
            "other-open",
            "Other (Open)",
            "Autre licence ouverte",
            "",
            needs_reason=True,
        ),
        Licence(
            "notspecified",
            "License Not Specified",
            "Licence non précisée",
            "",
            needs_reason=True,
            is_open=False,
        ),
    )
}

DEFAULT_LICENCE = "lov2"

# What people type: SPDX ids and common names lead to the data.gouv.fr id.
ALIASES = {
    **{licence.spdx.lower(): licence.id for licence in LICENCES.values() if licence.spdx},
    "etalab": "lov2",
    "lo": "lov2",
    "licence-ouverte": "lov2",
    "odbl": "odc-odbl",
    "cc0": "cc-zero",
}


def find_licence(identifier: str) -> Licence | None:
    """A licence by its data.gouv.fr id, its SPDX id or a common alias (case-insensitive)."""
    key = identifier.strip().lower()
    return LICENCES.get(key) or LICENCES.get(ALIASES.get(key, ""))


CHOICES = [(licence.id, licence.label) for licence in LICENCES.values()]
