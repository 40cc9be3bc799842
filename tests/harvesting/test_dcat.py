"""DCAT catalogues: Turtle with Hydra PartialCollectionView, RDF/XML with the older
PagedCollection, JSON-LD with a remote context; idempotent runs."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from ouvert.catalog.models import Dataset
from ouvert.harvesting import services
from ouvert.harvesting.models import HarvestedDataset, HarvestRun

TURTLE = "text/turtle; charset=utf-8"


@pytest.fixture
def turtle_portal(fake_portal):
    fake_portal.record("/catalog.ttl", "dcat-page-1.ttl", TURTLE)
    fake_portal.record("/catalog.ttl?page=2&page_size=3", "dcat-page-2.ttl", TURTLE)
    return fake_portal


def add_source(harvester, url, protocol="dcat", **kw):
    organisation, admin = harvester
    return services.create_source(admin, organisation, url=url, protocol=protocol, **kw)


def test_a_turtle_catalogue_is_harvested_across_its_pages(turtle_portal, harvester):
    source = add_source(harvester, turtle_portal.url("/catalog.ttl"))
    run = services.run_source(harvester[1], source)
    assert (run.status, run.created, run.failed) == (HarvestRun.Status.PARTIAL, 4, 1)
    failure = next(item for item in run.items if item["outcome"] == "failed")
    assert failure["remote_id"] == "sans-titre" and "sans titre" in failure["reason"]
    assert "/catalog.ttl?page=2&page_size=3" in turtle_portal.requests

    sports = Dataset.objects.get(harvest_record__remote_id="5f1c2a9b8e3d4c0012ab34cd")
    assert sports.title == "Équipements sportifs de Brest métropole"
    assert sports.status == Dataset.Status.PUBLISHED
    assert sports.organisation == harvester[0]
    assert sorted(sports.keywords.values_list("name", flat=True)) == [
        "piscine",
        "sport",
        "équipements",
    ]
    assert [t.code for t in sports.themes.all()] == ["EDUC"]
    assert (sports.licence, sports.frequency) == ("lov2", "ANNUAL")
    assert (str(sports.temporal_start), str(sports.temporal_end)) == ("2020-01-01", "2024-12-31")
    resources = {r.title: (r.url, r.format) for r in sports.resources.all()}
    assert resources == {
        "Équipements sportifs (CSV)": (
            "https://data.brest-metropole.fr/fichiers/equipements_sportifs.csv",
            "CSV",
        ),
        "Équipements sportifs (GeoJSON)": (
            "https://data.brest-metropole.fr/fichiers/equipements_sportifs.geojson",
            "GEOJSON",
        ),
    }
    record = sports.harvest_record
    assert record.remote_url == "https://data.brest-metropole.fr/datasets/equipements-sportifs/"

    bus = Dataset.objects.get(harvest_record__remote_id="arrets-bibus")
    assert (bus.licence, bus.frequency) == ("odc-odbl", "MONTHLY")
    assert bus.licence_reason  # ODbL needs a reason: the producer's choice
    assert (bus.temporal_start.year, bus.temporal_end.year) == (2023, 2025)
    cc = Dataset.objects.get(title="Délibérations du conseil de la métropole")
    assert cc.licence == "cc-by"
    # No dct:identifier: its IRI is its key.
    assert cc.harvest_record.remote_id == "https://data.brest-metropole.fr/datasets/deliberations"


def test_running_again_changes_nothing(turtle_portal, harvester):
    source = add_source(harvester, turtle_portal.url("/catalog.ttl"))
    services.run_source(harvester[1], source)
    modified = dict(Dataset.objects.values_list("pk", "modified_at"))
    again = services.run_source(harvester[1], source)
    assert (again.created, again.updated, again.unchanged, again.archived) == (0, 0, 4, 0)
    assert Dataset.objects.count() == 4
    assert dict(Dataset.objects.values_list("pk", "modified_at")) == modified


def test_a_changed_remote_url_does_not_duplicate_and_a_gone_dataset_is_archived(
    turtle_portal, harvester
):
    source = add_source(harvester, turtle_portal.url("/catalog.ttl"))
    services.run_source(harvester[1], source)
    page = (turtle_portal.routes["/catalog.ttl"].body).decode()
    page = page.replace(
        "dcat:landingPage <https://data.brest-metropole.fr/datasets/equipements-sportifs/>",
        "dcat:landingPage <https://donnees.brest-metropole.fr/jeux/equipements-sportifs>",
    )
    turtle_portal.add("/catalog.ttl", page.encode(), TURTLE)
    # Page 2 now lists only the budget: the deliberations are gone from the source.
    page2 = turtle_portal.routes["/catalog.ttl?page=2&page_size=3"].body.decode()
    cut = page2.index("# No dct:identifier")
    turtle_portal.add("/catalog.ttl?page=2&page_size=3", page2[:cut].encode(), TURTLE)

    run = services.run_source(harvester[1], source)
    assert (run.created, run.updated, run.unchanged, run.archived) == (0, 1, 2, 1)
    assert Dataset.objects.count() == 4
    record = HarvestedDataset.objects.get(remote_id="5f1c2a9b8e3d4c0012ab34cd")
    assert record.remote_url == "https://donnees.brest-metropole.fr/jeux/equipements-sportifs"
    gone = Dataset.objects.get(title="Délibérations du conseil de la métropole")
    assert gone.status == Dataset.Status.ARCHIVED


def test_an_rdf_xml_catalogue_with_paged_collection(fake_portal, harvester):
    xml = "application/rdf+xml"
    fake_portal.record("/catalogue.rdf", "dcat-legacy-page-1.rdf", xml)
    fake_portal.record("/catalogue.rdf?page=2", "dcat-legacy-page-2.rdf", xml)
    source = add_source(harvester, fake_portal.url("/catalogue.rdf"))
    run = services.run_source(harvester[1], source)
    assert (run.status, run.created, run.failed) == (HarvestRun.Status.DONE, 4, 0)
    voies = Dataset.objects.get(title="Voies navigables de Bretagne")
    assert voies.licence == "odc-odbl"
    assert voies.resources.get().format == "SHP"
    assert services.run_source(harvester[1], source).unchanged == 4


def test_a_json_ld_catalogue_with_a_remote_context(fake_portal, harvester):
    fake_portal.record("/catalogue.jsonld", "dcat.jsonld", "application/ld+json")
    fake_portal.record("/contexte-dcat.jsonld", "contexte-dcat.jsonld", "application/ld+json")
    source = add_source(harvester, fake_portal.url("/catalogue.jsonld"))
    run = services.run_source(harvester[1], source)
    assert (run.status, run.created) == (HarvestRun.Status.DONE, 2)
    routes = Dataset.objects.get(title="Routes départementales")
    assert routes.licence == "odc-odbl"
    colleges = Dataset.objects.get(title="Collèges publics du Finistère")
    assert colleges.licence == "lov2"
    assert colleges.resources.get().format == "CSV"


def test_keyword_filter_keeps_only_matching_datasets(turtle_portal, harvester):
    source = add_source(harvester, turtle_portal.url("/catalog.ttl"), keywords="transport,budget")
    run = services.run_source(harvester[1], source)
    assert (run.created, run.skipped) == (2, 2)
    assert set(Dataset.objects.values_list("title", flat=True)) == {
        "Arrêts du réseau Bibus",
        "Budget primitif 2024",
    }


def test_command_line_add_run_list(turtle_portal, harvester, capsys):
    organisation, admin = harvester
    call_command(
        "harvest",
        "add",
        turtle_portal.url("/catalog.ttl"),
        "--protocol",
        "dcat",
        "--organisation",
        organisation.slug,
        "--name",
        "Brest métropole",
        "--filter",
        "keyword=sport",
        "--user",
        admin.email,
    )
    out = capsys.readouterr().out
    assert "Source n° " in out and "ajoutée" in out
    source_id = out.split("Source n° ")[1].split(" ")[0]
    call_command("harvest", "run", source_id, "--user", admin.email)
    out = capsys.readouterr().out
    # The dataset without a title fails before any filter can be applied to it.
    assert "1 créé(s), 0 mis à jour, 0 inchangé(s), 0 archivé(s), 1 en échec" in out
    assert "3 écarté(s) par les filtres" in out
    assert "[créé] Équipements sportifs de Brest métropole" in out
    call_command("harvest", "list")
    out = capsys.readouterr().out
    assert "Brest métropole — DCAT" in out and "dernier moissonnage : terminé" in out


def test_what_the_catalogue_cannot_hold_is_trimmed_not_failed(fake_portal, harvester):
    keywords = ", ".join(f'"mot {n:02d}"' for n in range(80))
    fake_portal.add(
        "/catalog.ttl",
        f"""@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<https://exemple.fr/jeux/1> a dcat:Dataset ; dct:identifier "1" ;
    dct:title "{"Un titre très long " * 20}" ; dct:description "Beaucoup de mots-clés." ;
    dcat:keyword {keywords} ;
    dcat:distribution [ dcat:downloadURL <ftp://exemple.fr/fichier.csv> ] ,
        [ dcat:downloadURL <https://exemple.fr/fichier.csv> ] .
""".encode(),
        "text/turtle",
    )
    source = add_source(harvester, fake_portal.url("/catalog.ttl"))
    run = services.run_source(harvester[1], source)
    assert (run.created, run.failed) == (1, 0), run.items
    dataset = Dataset.objects.get()
    assert 240 < len(dataset.title) <= 250 and dataset.keywords.count() == 50
    assert [r.url for r in dataset.resources.all()] == ["https://exemple.fr/fichier.csv"]
    assert services.run_source(harvester[1], source).unchanged == 1


def test_resources_follow_the_source(turtle_portal, harvester):
    source = add_source(harvester, turtle_portal.url("/catalog.ttl"))
    services.run_source(harvester[1], source)
    page = turtle_portal.routes["/catalog.ttl"].body.decode()
    page = page.replace(
        'dct:title "Équipements sportifs (CSV)"@fr', 'dct:title "Équipements (CSV, 2025)"@fr'
    )
    page = page.replace(
        ",\n        <https://data.brest-metropole.fr/datasets/r/0a1b2c3d-equipements-geojson> .",
        " .",
    )
    turtle_portal.add("/catalog.ttl", page.encode(), TURTLE)
    run = services.run_source(harvester[1], source)
    assert run.updated == 1, run.items
    sports = Dataset.objects.get(harvest_record__remote_id="5f1c2a9b8e3d4c0012ab34cd")
    assert [(r.title, r.format) for r in sports.resources.all()] == [
        ("Équipements (CSV, 2025)", "CSV")
    ]


def test_high_value_categories_licence_labels_and_linked_documents(fake_portal, harvester):
    fake_portal.record("/hvd.ttl", "dcat-hvd.ttl", TURTLE)
    run = services.run_source(harvester[1], add_source(harvester, fake_portal.url("/hvd.ttl")))
    assert (run.created, run.failed) == (3, 0)

    stops = Dataset.objects.get(harvest_record__remote_id="arrets-transport")
    assert stops.hvd_categories == ["c_b79e35eb"]
    # The category given as a theme is not a keyword; the EU theme stays a theme.
    assert [t.code for t in stops.themes.all()] == ["TRAN"]
    assert list(stops.keywords.values_list("name", flat=True)) == ["transport"]
    assert stops.licence == "fr-lo"  # Licence Ouverte 1.0 by its 2014 URL
    resources = {r.url: (r.title, r.format) for r in stops.resources.all()}
    assert resources == {
        "https://data.region.example/fichiers/arrets.csv": ("Arrêts (CSV)", "CSV"),
        "https://data.region.example/documents/arrets-notice.pdf": ("Notice des données", "PDF"),
        "https://data.region.example/documents/arrets-guide.html": ("arrets-guide.html", "HTML"),
    }

    parcels = Dataset.objects.get(harvest_record__remote_id="plan-cadastral")
    assert parcels.hvd_categories == ["c_ac64a52d"]
    assert parcels.licence == "fr-lo"  # « Licence Ouverte Version 1.0 » as a label
    # A document without an address cannot be a link.
    assert [r.url for r in parcels.resources.all()] == [
        "https://data.region.example/fichiers/parcelles.zip"
    ]
    minutes = Dataset.objects.get(harvest_record__remote_id="deliberations-2012")
    assert (minutes.licence, minutes.hvd_categories) == ("fr-lo", [])

    page = Client().get(f"/jeux-de-donnees/{stops.slug}/").content.decode()
    assert "Données de forte valeur" in page and "Mobilité" in page

    again = services.run_source(harvester[1], run.source)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
