"""Licence labels and URIs as portals write them, mapped to data.gouv.fr's licence ids."""

from __future__ import annotations

import pytest

from ouvert.catalog.vocabularies import hvd
from ouvert.harvesting.vocabularies import guess_licence

SPELLINGS = {
    "fr-lo": [
        "Licence Ouverte Version 1.0",
        "Licence Ouverte v1.0",
        "licence ouverte 1.0",
        "Licence Ouverte / Open Licence",
        "LO/OL",
        "https://www.etalab.gouv.fr/wp-content/uploads/2014/05/Licence_Ouverte.pdf",
        "https://www.etalab.gouv.fr/wp-content/uploads/2014/05/Open_Licence.pdf",
        "http://www.data.gouv.fr/Licence-Ouverte-Open-Licence",
    ],
    "lov2": [
        "Licence Ouverte version 2.0",
        "Licence Ouverte v2.0 (Etalab)",
        "Licence Ouverte / Open Licence version 2.0",
        "License Etalab v2",
        "Licence Ouverte (Etalab)",
        "Licence Ouverte",
        "Open Licence v2.0",
        "etalab-2.0",
        "https://www.etalab.gouv.fr/licence-ouverte-open-licence",
        "https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf",
        "https://spdx.org/licenses/etalab-2.0.html",
    ],
    "odc-odbl": [
        "ODbL",
        "ODC-ODbL",
        "Open Database License (ODbL) 1.0",
        "Open Data Commons Open Database License (ODbL)",
        "http://opendatacommons.org/licenses/odbl/1-0/",
        "https://opendatacommons.org/licenses/odbl/1.0/",
        "http://publications.europa.eu/resource/authority/licence/ODC_BL",
    ],
    "cc-by": [
        "CC-BY",
        "CC BY 4.0",
        "Creative Commons Attribution 4.0 International",
        "Creative Commons Attribution (CC BY)",
        "https://creativecommons.org/licenses/by/4.0/deed.fr",
        "https://creativecommons.org/licenses/by/2.0/fr/",
        "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0",
    ],
    "cc-by-sa": [
        "CC-BY-SA",
        "CC BY-SA 4.0",
        "Creative Commons Attribution Share-Alike",
        "Creative Commons Attribution - Partage dans les Mêmes Conditions 4.0 International",
        "https://creativecommons.org/licenses/by-sa/3.0/",
        "http://publications.europa.eu/resource/authority/licence/CC_BYSA_4_0",
    ],
    "cc-zero": [
        "CC0",
        "CC0 1.0",
        "CC-0",
        "Creative Commons Zero",
        "Creative Commons CCZero",
        "https://creativecommons.org/publicdomain/zero/1.0/",
        "http://publications.europa.eu/resource/authority/licence/CC0",
    ],
    # Not open: recognised as nothing, the dataset gets « Licence non précisée ».
    "": [
        "CC BY-NC 4.0",
        "https://creativecommons.org/licenses/by-nc-sa/4.0/",
        "Creative Commons Attribution - Pas d'Utilisation Commerciale 4.0",
        "Tous droits réservés",
    ],
}


@pytest.mark.parametrize(
    ("expected", "spelling"),
    [(licence, spelling) for licence, spellings in SPELLINGS.items() for spelling in spellings],
)
def test_licence_spellings(expected: str, spelling: str) -> None:
    assert guess_licence(spelling) == expected


def test_high_value_categories_by_uri_or_code() -> None:
    assert hvd.find_category("http://data.europa.eu/bna/c_ac64a52d") == "c_ac64a52d"
    assert hvd.find_category("c_b79e35eb") == "c_b79e35eb"
    assert hvd.find_category("http://data.europa.eu/bna/c_00000000") == ""
    assert (
        hvd.find_category("http://publications.europa.eu/resource/authority/data-theme/TRAN") == ""
    )
