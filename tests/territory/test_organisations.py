"""Organisations: identifiers, referential ties, the membership graph, managed-by."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ouvert.accounts.models import User
from ouvert.territory import services
from ouvert.territory.models import Membership, Organisation, Territory
from ouvert.territory.selectors import group_organisation_ids, member_organisation_ids


@pytest.fixture
def platform_admin(db: None) -> User:
    return User.objects.create_superuser("plateforme@exemple.fr", "motdepasse-de-test-42")


def test_siren_and_siret_are_checked(referential: None, platform_admin: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_organisation(
            platform_admin, name="Mauvais SIREN", kind="association", siren="123456788"
        )
    assert "SIREN valide" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.create_organisation(
            platform_admin,
            name="SIRET d'un autre",
            kind="association",
            siren="212902324",
            siret="21290051800015",
        )
    assert "SIRET" in str(error.value)


def test_a_commune_is_filled_from_the_referential(referential: None, platform_admin: User) -> None:
    territory = Territory.objects.get(kind="commune", code="29232")
    quimper = services.create_organisation(
        platform_admin, name="Ville de Quimper", kind="commune", territory=territory
    )
    assert quimper.siren == "212902324"
    assert quimper.insee_code == "29232"
    assert quimper.slug == "ville-de-quimper"


def test_the_kind_must_match_the_referential_entry(referential: None, platform_admin: User) -> None:
    epci = Territory.objects.get(kind="epci", code="200068120")
    with pytest.raises(ValidationError) as error:
        services.create_organisation(
            platform_admin, name="Quimper ?", kind="commune", territory=epci
        )
    assert "territoire de type « Commune »" in str(error.value)


def test_memberships_follow_the_referential_both_ways(
    referential: None, platform_admin: User
) -> None:
    def create(name: str, kind: str, code: str, territory_kind: str) -> Organisation:
        return services.create_organisation(
            platform_admin,
            name=name,
            kind=kind,
            territory=Territory.objects.get(kind=territory_kind, code=code),
        )

    quimper = create("Ville de Quimper", "commune", "29232", "commune")
    finistere = create("Département du Finistère", "departement", "29", "departement")
    # No EPCI yet: the commune joins the département.
    assert set(quimper.groups.all()) == {finistere}
    qbo = create("QBO", "epci", "200068120", "epci")
    # The EPCI joins the département and takes in its existing member commune.
    assert set(qbo.groups.all()) == {finistere}
    assert quimper in qbo.members.all()
    bretagne = create("Région Bretagne", "region", "53", "region")
    assert finistere in bretagne.members.all()
    assert member_organisation_ids([bretagne.pk]) >= {finistere.pk, qbo.pk, quimper.pk}
    assert group_organisation_ids(quimper.pk) >= {qbo.pk, finistere.pk, bretagne.pk}


def test_the_membership_graph_refuses_cycles(db: None, platform_admin: User) -> None:
    a = Organisation.objects.create(name="A", slug="a", kind="syndicat")
    b = Organisation.objects.create(name="B", slug="b", kind="syndicat")
    c = Organisation.objects.create(name="C", slug="c", kind="syndicat")
    services.add_membership(platform_admin, a, b)
    services.add_membership(platform_admin, b, c)
    with pytest.raises(ValidationError):
        services.add_membership(platform_admin, c, a)
    with pytest.raises(ValidationError):
        services.add_membership(platform_admin, a, a)
    assert Membership.objects.count() == 2


def test_managed_by_refuses_loops(db: None, platform_admin: User) -> None:
    a = Organisation.objects.create(name="A", slug="a", kind="autre")
    b = Organisation.objects.create(name="B", slug="b", kind="autre", managed_by=a)
    with pytest.raises(ValidationError):
        services.update_organisation(platform_admin, a, managed_by=b)


def test_only_the_platform_decides_who_manages(demo: dict, make_user) -> None:
    admin = make_user(demo["quimper"], "admin")
    with pytest.raises(ValidationError):
        services.update_organisation(admin, demo["quimper"], managed_by=demo["qbo"])
