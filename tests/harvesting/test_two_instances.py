"""Two ouvert instances on loopback: B harvests A by DCAT and by the OpenDataSoft API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ouvert.catalog.models import Dataset
from ouvert.harvesting import services
from ouvert.harvesting.models import HarvestRun
from tests.harvesting.instance import Instance


@pytest.fixture
def instance_a(settings) -> Iterator[Instance]:
    instance = Instance().start()
    settings.OUVERT_OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{instance.port}"]
    yield instance
    instance.stop()


def catalogue_of_b(source) -> dict[str, Dataset]:
    return {
        d.title: d
        for d in Dataset.objects.filter(
            harvest_record__source=source, status=Dataset.Status.PUBLISHED
        )
    }


def test_b_harvests_a_by_dcat(instance_a, harvester):
    organisation, admin = harvester
    source = services.create_source(
        admin, organisation, url=f"{instance_a.base}/catalog.ttl", protocol="dcat"
    )
    run = services.run_source(admin, source)
    assert (run.status, run.created, run.failed) == (HarvestRun.Status.DONE, 3, 0), run.items

    a = instance_a.datasets()
    b = catalogue_of_b(source)
    assert sorted(b) == [d["title"] for d in a]
    for remote in a:
        local = b[remote["title"]]
        assert local.description == remote["description"]
        assert sorted(local.keywords.values_list("name", flat=True)) == remote["keywords"]
        assert local.licence == remote["licence"]
        assert sorted(local.themes.values_list("code", flat=True)) == remote["themes"]
        assert local.harvest_record.remote_id == remote["uid"]
        assert (
            local.harvest_record.remote_url
            == f"{instance_a.base}/jeux-de-donnees/{remote['slug']}/"
        )
        # The files, not their API exports: same titles, links to A's downloads.
        resources = sorted((r.title, r.url) for r in local.resources.all())
        assert resources == [
            (
                title,
                f"{instance_a.base}/jeux-de-donnees/{remote['slug']}/ressources/{uid}/telecharger/",
            )
            for title, uid, _api_id in remote["resources"]
        ]

    again = services.run_source(admin, source)
    assert (again.created, again.updated, again.unchanged, again.archived) == (0, 0, 3, 0)

    instance_a.change(
        "d = Dataset.objects.get(title='Arrêts de bus')\n"
        "services.update_dataset(admin, d, title='Arrêts de bus et de tramway', "
        "description='Les arrêts des bus et du tramway.', keywords=['transport', 'tramway'])"
    )
    changed = services.run_source(admin, source)
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 2)
    tram = catalogue_of_b(source)["Arrêts de bus et de tramway"]
    assert tram.description == "Les arrêts des bus et du tramway."
    assert sorted(tram.keywords.values_list("name", flat=True)) == ["tramway", "transport"]
    assert Dataset.objects.filter(harvest_record__source=source).count() == 3

    instance_a.change(
        "services.unpublish_dataset(admin, Dataset.objects.get(title='Budget primitif 2025'))"
    )
    gone = services.run_source(admin, source)
    assert (gone.archived, gone.unchanged) == (1, 2)
    assert Dataset.objects.get(title="Budget primitif 2025").status == Dataset.Status.ARCHIVED

    instance_a.change(
        "services.publish_dataset(admin, Dataset.objects.get(title='Budget primitif 2025'))"
    )
    back = services.run_source(admin, source)
    assert (back.created, back.updated) == (0, 1)
    assert Dataset.objects.get(title="Budget primitif 2025").status == Dataset.Status.PUBLISHED


def test_b_harvests_a_by_its_opendatasoft_api(instance_a, harvester):
    organisation, admin = harvester
    source = services.create_source(admin, organisation, url=instance_a.base, protocol="ods")
    run = services.run_source(admin, source)
    assert (run.status, run.created, run.failed) == (HarvestRun.Status.DONE, 3, 0), run.items

    a = instance_a.datasets()
    b = catalogue_of_b(source)
    assert sorted(b) == [d["title"] for d in a]
    for remote in a:
        local = b[remote["title"]]
        assert local.description == remote["description"]
        assert sorted(local.keywords.values_list("name", flat=True)) == remote["keywords"]
        assert local.licence == remote["licence"]
        assert sorted(local.themes.values_list("code", flat=True)) == remote["themes"]
        ((_title, _uid, api_id),) = remote["resources"]
        assert local.harvest_record.remote_id == api_id
        exports = f"{instance_a.base}/api/explore/v2.1/catalog/datasets/{api_id}/exports"
        formats = ["csv", "json"]
        if remote["title"] == "Arrêts de bus":  # coordinates: A offers a GeoJSON export too
            formats = ["csv", "geojson", "json"]
        assert sorted(r.url for r in local.resources.all()) == [f"{exports}/{f}" for f in formats]

    again = services.run_source(admin, source)
    assert (again.created, again.updated, again.unchanged, again.archived) == (0, 0, 3, 0)

    instance_a.change(
        "d = Dataset.objects.get(title='Équipements sportifs')\n"
        "services.update_dataset(admin, d, description='Gymnases, piscines, stades et dojos.')"
    )
    changed = services.run_source(admin, source)
    assert (changed.updated, changed.unchanged) == (1, 2)
    assert catalogue_of_b(source)["Équipements sportifs"].description == (
        "Gymnases, piscines, stades et dojos."
    )

    instance_a.change(
        "services.unpublish_dataset(admin, Dataset.objects.get(title='Arrêts de bus'))"
    )
    gone = services.run_source(admin, source)
    assert (gone.archived, gone.unchanged) == (1, 2)
    assert Dataset.objects.get(title="Arrêts de bus").status == Dataset.Status.ARCHIVED
