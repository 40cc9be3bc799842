"""Harvested CSV files ingested into tables (option of the source); scheduled runs."""

from __future__ import annotations

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from ouvert.catalog.models import Dataset
from ouvert.harvesting import services, tasks
from ouvert.harvesting.models import HarvestRun, HarvestSource

CATALOGUE = b"""@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<https://opendata.quimper.example/jeux/toilettes> a dcat:Dataset ;
    dct:identifier "toilettes-publiques" ;
    dct:title "Toilettes publiques"@fr ;
    dct:description "Emplacement et accessibilit\xc3\xa9 des toilettes publiques."@fr ;
    dcat:distribution [ a dcat:Distribution ; dct:title "Toilettes (CSV)" ;
        dcat:downloadURL <{base}/fichiers/toilettes.csv> ; dct:format "CSV" ] ,
      [ a dcat:Distribution ; dct:title "Notice" ;
        dcat:downloadURL <{base}/fichiers/notice.pdf> ; dct:format "PDF" ] .
"""
CSV = b"nom;quartier;accessible\nHalles;Centre;oui\nLocmaria;Locmaria;non\n"


def test_csv_resources_are_ingested_when_the_source_asks(fake_portal, harvester):
    fake_portal.add("/catalog.ttl", CATALOGUE, "text/turtle")
    fake_portal.add("/fichiers/toilettes.csv", CSV, "text/csv")
    organisation, admin = harvester
    source = services.create_source(
        admin, organisation, url=fake_portal.url("/catalog.ttl"), protocol="dcat", ingest_csv=True
    )
    run = services.run_source(admin, source)
    assert (run.status, run.created) == (HarvestRun.Status.DONE, 1), run.items
    dataset = Dataset.objects.get()
    csv = dataset.resources.get(format="CSV")
    version = csv.current_version
    assert version.storage_path and version.size == len(CSV)
    assert version.table.row_count == 2  # processed: the tabular API serves it
    assert csv.url == f"{fake_portal.base}/fichiers/toilettes.csv"
    pdf = dataset.resources.get(format="PDF")
    assert not pdf.current_version.storage_path  # only CSV files are downloaded
    assert fake_portal.requests.count("/fichiers/toilettes.csv") == 1

    # Version 1 is the link, version 2 the downloaded file; an unchanged run adds nothing.
    assert csv.versions.count() == 2
    again = services.run_source(admin, source)
    assert again.unchanged == 1 and csv.versions.count() == 2


def test_csv_resources_stay_links_by_default(fake_portal, harvester):
    fake_portal.add("/catalog.ttl", CATALOGUE, "text/turtle")
    organisation, admin = harvester
    source = services.create_source(
        admin, organisation, url=fake_portal.url("/catalog.ttl"), protocol="dcat"
    )
    services.run_source(admin, source)
    assert "/fichiers/toilettes.csv" not in fake_portal.requests
    csv = Dataset.objects.get().resources.get(format="CSV")
    assert csv.current_version.url and not csv.current_version.storage_path


def test_a_failed_csv_download_is_reported_and_the_dataset_kept(fake_portal, harvester, settings):
    settings.OUVERT_MAX_UPLOAD_SIZE = 10
    fake_portal.add("/catalog.ttl", CATALOGUE, "text/turtle")
    fake_portal.add("/fichiers/toilettes.csv", CSV, "text/csv")
    organisation, admin = harvester
    source = services.create_source(
        admin, organisation, url=fake_portal.url("/catalog.ttl"), protocol="dcat", ingest_csv=True
    )
    run = services.run_source(admin, source)
    assert run.created == 1
    failure = next(i for i in run.items if i["outcome"] == "failed")
    assert failure["reason"].startswith("Fichier CSV non importé : ")
    assert "trop volumineuse" in failure["reason"]


def test_due_sources_are_queued_and_run_as_their_author(fake_portal, harvester, capsys):
    fake_portal.add("/catalog.ttl", CATALOGUE, "text/turtle")
    organisation, admin = harvester
    daily = services.create_source(
        admin, organisation, url=fake_portal.url("/catalog.ttl"), protocol="dcat", schedule="daily"
    )
    services.create_source(
        admin, organisation, url=fake_portal.url("/catalog.ttl"), protocol="dcat", name="Manuelle"
    )
    paused = services.create_source(
        admin,
        organisation,
        url=fake_portal.url("/catalog.ttl"),
        protocol="dcat",
        schedule="weekly",
        name="En pause",
    )
    services.set_source_active(admin, paused, False)
    assert tasks.due_sources() == [daily]
    call_command("harvest", "run", "--due")  # the tests run queued tasks at once
    assert "1 moissonnage(s) programmé(s) mis en file." in capsys.readouterr().out
    assert HarvestRun.objects.get().source == daily
    assert tasks.due_sources() == []
    HarvestRun.objects.update(started_at=timezone.now() - timedelta(days=1))
    assert tasks.due_sources() == [daily]


def test_a_scheduled_run_without_its_author_fails_with_a_reason(harvester):
    organisation, _admin = harvester
    source = HarvestSource.objects.create(
        name="Orpheline",
        url="https://exemple.fr/catalog.ttl",
        protocol="dcat",
        organisation=organisation,
        schedule="daily",
    )
    tasks.run_source.enqueue(source.pk)
    run = HarvestRun.objects.get()
    assert run.status == HarvestRun.Status.FAILED and "n'existe plus" in run.error
