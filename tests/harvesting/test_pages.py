"""Back-office pages under /espace/moissonnage/ and the provenance on a dataset's page."""

from __future__ import annotations

from ouvert.accounts.models import Role
from ouvert.catalog.models import Dataset
from ouvert.harvesting.models import HarvestRun, HarvestSource


def test_an_admin_adds_a_source_runs_it_and_reads_the_report(client, fake_portal, harvester):
    fake_portal.record("/catalog.ttl", "dcat-page-1.ttl", "text/turtle")
    fake_portal.record("/catalog.ttl?page=2&page_size=3", "dcat-page-2.ttl", "text/turtle")
    organisation, admin = harvester
    client.force_login(admin)
    page = client.get("/espace/moissonnage/")
    assert page.status_code == 200 and "Aucune source pour l'instant." in page.content.decode()
    response = client.post(
        "/espace/moissonnage/ajouter/",
        {
            "name": "Brest métropole",
            "url": fake_portal.url("/catalog.ttl"),
            "protocol": "dcat",
            "organisation": organisation.pk,
            "insee_codes": "",
            "keywords": "",
            "remote_organisation": "",
            "schedule": "weekly",
        },
    )
    source = HarvestSource.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{source.pk}/")
    assert (source.schedule, source.created_by) == ("weekly", admin)

    response = client.post(f"/espace/moissonnage/{source.pk}/moissonner/", follow=True)
    text = response.content.decode()
    assert "Moissonnage lancé." in text
    run = HarvestRun.objects.get()
    assert (run.created, run.failed) == (4, 1)
    report = client.get(f"/espace/moissonnage/{source.pk}/moissonnages/{run.pk}/").content.decode()
    assert "Terminé avec des échecs" in report
    assert "Jeu sans titre (dct:title) : ignoré." in report
    assert "Équipements sportifs de Brest métropole" in report

    dataset = Dataset.objects.get(title="Équipements sportifs de Brest métropole")
    page = client.get(f"/jeux-de-donnees/{dataset.slug}/").content.decode()
    assert "Moissonné depuis" in page and "Brest métropole</a> le " in page
    assert 'href="https://data.brest-metropole.fr/datasets/equipements-sportifs/"' in page

    listing = client.get("/espace/moissonnage/").content.decode()
    assert "Brest métropole" in listing and "terminé avec des échecs" in listing


def test_a_dataset_published_here_shows_no_provenance(client, make_dataset):
    dataset = make_dataset()
    assert (
        "Moissonné depuis" not in client.get(f"/jeux-de-donnees/{dataset.slug}/").content.decode()
    )


def test_editors_and_other_organisations_admins_are_refused(client, harvester, make_user):
    organisation, _admin = harvester
    source = HarvestSource.objects.create(
        name="Source",
        url="https://exemple.fr/catalog.ttl",
        protocol="dcat",
        organisation=organisation,
    )
    editor = make_user(organisation, Role.EDITOR)
    client.force_login(editor)
    assert client.get("/espace/moissonnage/").status_code == 403
    assert client.get(f"/espace/moissonnage/{source.pk}/").status_code == 403
    assert client.post(f"/espace/moissonnage/{source.pk}/moissonner/").status_code == 403
    from ouvert.territory.models import Organisation

    other = Organisation.objects.create(name="Autre", slug="autre", kind="autre")
    client.force_login(make_user(other, Role.ADMIN))
    assert client.get("/espace/moissonnage/").status_code == 200
    assert client.get(f"/espace/moissonnage/{source.pk}/").status_code == 403
    response = client.post(
        "/espace/moissonnage/ajouter/",
        {
            "url": "https://exemple.fr/",
            "protocol": "ckan",
            "organisation": organisation.pk,
            "schedule": "manual",
        },
    )
    assert response.status_code == 200 and HarvestSource.objects.count() == 1
    assert not HarvestRun.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    response = client.get("/espace/moissonnage/")
    assert response.status_code == 302 and "/connexion/" in response["Location"]
