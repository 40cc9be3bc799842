"""Recorded answers of CKAN, udata (data.gouv.fr) and OpenDataSoft portals, several pages
each, harvested with the expected counts and fields."""

from __future__ import annotations

from ouvert.catalog.models import Dataset
from ouvert.harvesting import services
from ouvert.harvesting.models import HarvestRun

CKAN_SEARCH = "/api/3/action/package_search"
ODS_DATASETS = "/api/explore/v2.1/catalog/datasets"


def add_source(harvester, url, protocol, **kw):
    organisation, admin = harvester
    return services.create_source(admin, organisation, url=url, protocol=protocol, **kw)


def ckan(fake_portal):
    fake_portal.record(f"{CKAN_SEARCH}?rows=100&start=0", "ckan-page-1.json")
    fake_portal.record(f"{CKAN_SEARCH}?rows=100&start=3", "ckan-page-2.json")
    return fake_portal


def test_a_ckan_portal_is_harvested_page_by_page(fake_portal, harvester):
    ckan(fake_portal)
    source = add_source(harvester, fake_portal.url("/"), "ckan")
    run = services.run_source(harvester[1], source)
    assert (run.status, run.created, run.failed) == (HarvestRun.Status.DONE, 5, 0)
    assert fake_portal.requests == [
        f"{CKAN_SEARCH}?rows=100&start=0",
        f"{CKAN_SEARCH}?rows=100&start=3",
    ]
    water = Dataset.objects.get(harvest_record__remote_id="b3f1c0de-4a5e-4c1a-9a77-1d2e3f405001")
    assert water.title == "Qualité de l'eau des rivières bretonnes"
    # CKAN's HTML description kept as text.
    assert water.description.startswith("Mesures physico-chimiques mensuelles sur 120 stations")
    assert "- nitrates" in water.description
    assert (water.licence, water.frequency) == ("odc-odbl", "MONTHLY")
    assert [t.code for t in water.themes.all()] == ["ENVI"]
    assert sorted(water.keywords.values_list("name", flat=True)) == ["eau", "nitrates", "rivières"]
    assert sorted(water.resources.values_list("format", flat=True)) == ["CSV", "GEOJSON"]
    assert water.harvest_record.remote_url == (
        f"{fake_portal.base}/dataset/qualite-de-l-eau-des-rivieres"
    )
    licences = dict(Dataset.objects.values_list("title", "licence"))
    assert licences["Lignes de cars BreizhGo"] == "lov2"
    assert licences["Effectifs des lycées"] == "notspecified"
    assert licences["Trafic des aéroports régionaux"] == "cc-by"
    assert licences["Chiffres clés du tourisme"] == "odc-odbl"
    again = services.run_source(harvester[1], source)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)


def test_a_ckan_source_filtered_by_remote_organisation(fake_portal, harvester):
    fq = "fq=organization%3A%22cci-bretagne%22"
    fake_portal.record(f"{CKAN_SEARCH}?rows=100&start=0&{fq}", "ckan-page-2.json")
    source = add_source(
        harvester, fake_portal.url(CKAN_SEARCH), "ckan", remote_organisation="cci-bretagne"
    )
    run = services.run_source(harvester[1], source)
    # The recorded page ignores the filter: it is applied again locally.
    assert (run.created, run.skipped) == (1, 1)
    assert Dataset.objects.get().title == "Trafic des aéroports régionaux"


def test_a_udata_portal_is_harvested_following_next_page(fake_portal, harvester):
    fake_portal.record("/api/1/datasets/?page_size=100", "udata-page-1.json")
    fake_portal.record("/api/1/datasets/?page=2&page_size=3", "udata-page-2.json")
    source = add_source(harvester, fake_portal.url("/"), "udata")
    run = services.run_source(harvester[1], source)
    assert (run.status, run.created, run.failed) == (HarvestRun.Status.PARTIAL, 4, 1)
    assert "sans titre" in next(i for i in run.items if i["outcome"] == "failed")["reason"]
    bal = Dataset.objects.get(harvest_record__remote_id="6012b1c8e8f4b0a1c2d3e401")
    assert (bal.licence, bal.frequency) == ("lov2", "WEEKLY")
    assert bal.description.startswith("Adresses de la commune de Quimper, **certifiées**")
    assert bal.harvest_record.remote_url == (
        "https://www.data.gouv.fr/fr/datasets/base-adresse-locale-de-quimper/"
    )
    deliberations = Dataset.objects.get(title="Délibérations du conseil municipal de Brest")
    assert deliberations.licence == "fr-lo"
    assert (deliberations.temporal_start.year, deliberations.temporal_end.year) == (2019, 2024)
    assert deliberations.resources.count() == 2
    assert services.run_source(harvester[1], source).unchanged == 4


def test_a_udata_source_filtered_by_insee_codes(fake_portal, harvester, referential):
    fake_portal.record("/api/1/datasets/?page_size=100", "udata-page-1.json")
    fake_portal.record("/api/1/datasets/?page=2&page_size=3", "udata-page-2.json")
    source = add_source(harvester, fake_portal.url("/"), "udata", insee_codes="29232")
    run = services.run_source(harvester[1], source)
    assert run.created == 2
    titles = set(Dataset.objects.values_list("title", flat=True))
    assert titles == {"Base adresse locale de Quimper", "Équipements culturels de Quimper"}
    quimper = Dataset.objects.get(title="Base adresse locale de Quimper")
    assert [(t.kind, t.code) for t in quimper.spatial.all()] == [("commune", "29232")]


def test_an_opendatasoft_portal_is_harvested_with_limit_and_offset(fake_portal, harvester):
    fake_portal.record(f"{ODS_DATASETS}?limit=100&offset=0", "ods-page-1.json")
    fake_portal.record(f"{ODS_DATASETS}?limit=100&offset=2", "ods-page-2.json")
    source = add_source(harvester, fake_portal.url("/"), "ods")
    run = services.run_source(harvester[1], source)
    assert (run.status, run.created) == (HarvestRun.Status.DONE, 4)
    bikes = Dataset.objects.get(harvest_record__remote_id="stationnement-velo-rennes")
    assert bikes.description == (
        "Arceaux et abris vélos sur l'espace public.\nMise à jour hebdomadaire."
    )
    assert (bikes.licence, bikes.frequency) == ("lov2", "WEEKLY")
    assert [t.code for t in bikes.themes.all()] == ["ENVI"]
    assert "Transports, Déplacements" in bikes.keywords.values_list("name", flat=True)
    exports = {r.format: r.url for r in bikes.resources.all()}
    api = f"{fake_portal.base}{ODS_DATASETS}/stationnement-velo-rennes/exports"
    assert exports == {"CSV": f"{api}/csv", "JSON": f"{api}/json", "GEOJSON": f"{api}/geojson"}
    assert bikes.harvest_record.remote_url == (
        f"{fake_portal.base}/explore/dataset/stationnement-velo-rennes/"
    )
    budget = Dataset.objects.get(harvest_record__remote_id="budget-rennes-2024")
    assert budget.licence == "odc-odbl"
    assert budget.resources.count() == 3  # CSV, JSON exports and the PDF notice
    licences = dict(Dataset.objects.values_list("title", "licence"))
    assert licences["Arbres d'alignement"] == "fr-lo"
    assert licences["Comptages vélo : historique 2015-2020"] == "cc-by"
    # A dataset without records has no export: left as a draft, said in the report.
    archive = next(i for i in run.items if i["remote_id"] == "compteurs-velo-historique")
    assert archive["reason"].startswith("Laissé en brouillon")
    again = services.run_source(harvester[1], source)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
