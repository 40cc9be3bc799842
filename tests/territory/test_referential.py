"""Loading the official referential, and reloading a newer vintage where communes merged."""

from __future__ import annotations

from pathlib import Path

import pytest

from ouvert.territory.models import Organisation, Territory
from ouvert.territory.referential import load_referential
from tests.conftest import write_referential


@pytest.mark.django_db
def test_the_shipped_referential_loads_every_commune() -> None:
    report = load_referential()
    assert (
        Territory.objects.filter(kind__startswith="commune").count()
        + Territory.objects.filter(kind="arrondissement-municipal").count()
        == 37_590
    )
    assert report.counts["commune-actuelle"] == 34_969
    assert Territory.objects.filter(kind="region").count() == 26
    assert Territory.objects.filter(kind="departement").count() == 109
    assert Territory.objects.filter(kind="epci").count() == 1255
    quimper = Territory.objects.get(kind="commune", code="29232")
    assert quimper.siren == "212902324"
    assert quimper.postcodes == ["29000"]
    assert quimper.population == 64385
    assert quimper.epci.code == "200068120"
    assert quimper.departement.code == "29"
    assert quimper.region.code == "53"
    # Codes keep their leading zeros and Corsica's letters.
    assert Territory.objects.filter(kind="commune", code="01001").exists()
    assert Territory.objects.filter(kind="commune", code="2A004").exists()
    # Delegated communes point at the commune they belong to.
    delegated = Territory.objects.get(kind="commune-deleguee", code="01015")  # Arbignieu
    assert delegated.parent == Territory.objects.get(kind="commune", code="01015")
    # Loading the same vintage again changes nothing.
    load_referential()
    assert Territory.objects.filter(is_current=False).count() == 0


def _commune(code: str, name: str, **extra: object) -> dict:
    return {
        "code": code,
        "nom": name,
        "type": "commune-actuelle",
        "departement": "29",
        "region": "53",
        "siren": "",
        "codesPostaux": ["29000"],
        "population": 100,
        **extra,
    }


BASE = {
    "regions": [{"code": "53", "nom": "Bretagne"}],
    "departements": [{"code": "29", "nom": "Finistère", "region": "53"}],
}


@pytest.mark.django_db
def test_a_newer_vintage_keeps_organisations_of_merged_communes(tmp_path: Path) -> None:
    year_one = write_referential(
        tmp_path / "2024",
        {
            **BASE,
            "epci": [
                {
                    "code": "200000001",
                    "nom": "CC Test",
                    "type": "CC",
                    "membres": [{"code": "29901"}, {"code": "29902"}],
                }
            ],
            "communes": [_commune("29901", "Alpha"), _commune("29902", "Beta")],
        },
    )
    load_referential(year_one, "2024")
    beta = Territory.objects.get(kind="commune", code="29902")
    organisation = Organisation.objects.create(
        name="Commune de Beta", slug="beta", kind="commune", territory=beta
    )

    # 2025: Beta merges into Alpha, which becomes "Alpha-Beta" and lists Beta's former code.
    year_two = write_referential(
        tmp_path / "2025",
        {
            **BASE,
            "epci": [
                {
                    "code": "200000001",
                    "nom": "CC Test",
                    "type": "CC",
                    "membres": [{"code": "29901"}],
                }
            ],
            "communes": [
                _commune("29901", "Alpha-Beta", anciensCodes=["29902"]),
                {
                    "code": "29902",
                    "nom": "Beta",
                    "type": "commune-deleguee",
                    "chefLieu": "29901",
                    "departement": "29",
                    "region": "53",
                },
            ],
        },
    )
    report = load_referential(year_two, "2025")

    organisation.refresh_from_db()
    beta.refresh_from_db()
    alpha = Territory.objects.get(kind="commune", code="29901")
    assert organisation.territory == beta  # never broken, never silently moved
    assert not beta.is_current
    assert beta.replaced_by == alpha
    assert beta.current() == alpha
    assert alpha.name == "Alpha-Beta" and alpha.is_current
    assert report.replaced == 1
    assert report.orphaned_organisations == [("Commune de Beta", str(beta))]
    assert Territory.objects.get(kind="commune-deleguee", code="29902").parent == alpha
