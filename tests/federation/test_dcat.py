"""The DCAT-AP 3.0.1 catalogue: conforms to the official SHACL shapes, pages with Hydra, shows
only what an anonymous visitor may see."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SH

from ouvert.catalog import services
from ouvert.catalog.models import Dataset, Keyword, Resource, ResourceVersion, Schema, Theme
from ouvert.territory.models import Organisation, Territory

SHAPES = Path(__file__).resolve().parent / "shapes"  # official DCAT-AP 3.0.1, see SOURCE.md
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    graph = Graph()
    graph.parse(SHAPES / "dcat-ap-SHACL.ttl", format="turtle")
    # The official 3.0.1 file names two property shapes of dcat:DataServiceShape that it never
    # defines (no sh:path): pyshacl stops on them. Every other shape is used as published.
    dangling = [
        (shape, prop)
        for shape, prop in graph.subject_objects(SH.property)
        if (prop, SH.path, None) not in graph
    ]
    assert len(dangling) == 2
    for triple in dangling:
        graph.remove((triple[0], SH.property, triple[1]))
    return graph


def conforms(data: bytes, fmt: str, shapes: Graph) -> None:
    graph = Graph().parse(data=data, format=fmt)
    ok, _report, text = validate(graph, shacl_graph=shapes, inference="none", advanced=True)
    assert ok, text[:6000]


@pytest.fixture
def rich_dataset(make_dataset, quimper_editor, trees):
    schema, _ = Schema.objects.get_or_create(
        name="scdl/subventions",
        version="2.1.1",
        defaults={
            "title": "Subventions",
            "url": "https://schema.data.gouv.fr/schemas/scdl/subventions/2.1.1/schema.json",
        },
    )
    dataset = make_dataset(
        "Subventions 2025",
        "Les **subventions** votées.",
        themes=["ECON"],
        keywords=["subventions", "associations"],
        spatial=[Territory.objects.get(kind="commune", code="29232")],
        frequency="ANNUAL",
        contact_name="Service des finances",
        contact_email="finances@quimper.example",
        temporal_start=timezone.now().date() - timedelta(days=365),
        temporal_end=timezone.now().date(),
        hvd_categories=["http://data.europa.eu/bna/c_e1da4e07"],
    )
    services.update_dataset(quimper_editor, dataset, schema=schema)
    services.add_resource(quimper_editor, dataset, url="https://example.org/subventions.csv")
    return dataset


def test_the_demo_catalogue_conforms_to_dcat_ap_3(rich_dataset, trees, client: Client, shapes):
    for url, fmt in (
        ("/catalog.ttl", "turtle"),
        ("/catalog.rdf", "xml"),
        ("/catalog.jsonld", "json-ld"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        conforms(response.content, fmt, shapes)
    graph = Graph().parse(data=client.get("/catalog.ttl").content, format="turtle")
    dataset = URIRef(f"http://testserver/jeux-de-donnees/{rich_dataset.uid}/")
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    assert (dataset, DCTERMS.identifier, Literal(str(rich_dataset.uid))) in graph
    schema = URIRef("https://schema.data.gouv.fr/schemas/scdl/subventions/2.1.1/schema.json")
    assert (dataset, DCTERMS.conformsTo, schema) in graph
    licence = URIRef("https://www.etalab.gouv.fr/licence-ouverte-open-licence")
    assert (None, DCTERMS.license, licence) in graph
    assert (dataset, DCTERMS.spatial, URIRef("http://id.insee.fr/geo/commune/29232")) in graph
    # A high-value dataset: its category and the regulation, as DCAT-AP HVD asks.
    dcatap = Namespace("http://data.europa.eu/r5r/")
    category = URIRef("http://data.europa.eu/bna/c_e1da4e07")
    assert (dataset, dcatap.hvdCategory, category) in graph
    legislation = URIRef("http://data.europa.eu/eli/reg_impl/2023/138/oj")
    assert (dataset, dcatap.applicableLegislation, legislation) in graph
    period = graph.value(dataset, DCTERMS.temporal)
    assert graph.value(period, DCAT.startDate) is not None
    # The queryable resource has one distribution per export format, served by the API.
    exports = [
        o
        for o in graph.objects(
            URIRef(f"http://testserver/jeux-de-donnees/{trees.uid}/"), DCAT.distribution
        )
        if "/exports/" in str(o)
    ]
    assert {str(o).rsplit("/", 1)[1] for o in exports} == {
        "csv",
        "json",
        "geojson",
        "parquet",
        "xlsx",
    }
    assert (URIRef("http://testserver/api/explore/v2.1/"), RDF.type, DCAT.DataService) in graph


def test_content_negotiation(rich_dataset, client: Client) -> None:
    assert client.get("/catalog", HTTP_ACCEPT="text/turtle")["Content-Type"].startswith(
        "text/turtle"
    )
    assert client.get("/catalog", HTTP_ACCEPT="application/rdf+xml")["Content-Type"].startswith(
        "application/rdf+xml"
    )
    assert client.get("/catalog", HTTP_ACCEPT="application/ld+json")["Content-Type"].startswith(
        "application/ld+json"
    )
    browser = client.get("/catalog", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert browser.status_code == 302 and browser["Location"].endswith("/jeux-de-donnees/")


def test_hydra_paging_and_modified_since(make_dataset, client: Client) -> None:
    for index in range(5):
        make_dataset(f"Jeu {index}", "x")
    first = Graph().parse(data=client.get("/catalog.ttl?page_size=2").content, format="turtle")
    catalog = URIRef("http://testserver/catalog")
    assert int(first.value(catalog, HYDRA.totalItems)) == 5
    assert len(list(first.objects(catalog, DCAT.dataset))) == 2
    view = first.value(catalog, HYDRA.view)
    assert (view, RDF.type, HYDRA.PartialCollectionView) in first
    seen, url = set(), str(first.value(view, HYDRA.first))
    while url:
        page = Graph().parse(
            data=client.get(url.replace("http://testserver", "")).content, format="turtle"
        )
        seen |= set(page.objects(catalog, DCAT.dataset))
        next_url = page.value(page.value(catalog, HYDRA.view), HYDRA.next)
        url = str(next_url) if next_url else ""
    assert len(seen) == 5
    tomorrow = (timezone.now() + timedelta(days=1)).date().isoformat()
    later = Graph().parse(
        data=client.get(f"/catalog.ttl?modified_since={tomorrow}").content, format="turtle"
    )
    assert int(later.value(catalog, HYDRA.totalItems)) == 0
    assert client.get("/catalog.ttl?modified_since=hier").status_code == 400


def test_only_public_datasets_are_exposed(make_dataset, quimper_editor, demo, client) -> None:
    draft = make_dataset("Brouillon secret", "x", publish=False)
    private = make_dataset("Privé secret", "x")
    services.make_private(quimper_editor, private, [demo["qbo"]])
    archived = make_dataset("Archivé", "x")
    services.archive_dataset(quimper_editor, archived)
    text = client.get("/catalog.ttl").content.decode()
    for hidden in (draft, private, archived):
        assert str(hidden.uid) not in text and hidden.title not in text


def test_each_portal_has_its_catalogue(make_dataset, demo, make_user, client) -> None:
    brest = make_dataset(
        "Stationnement à Brest",
        "x",
        organisation=demo["brest"],
        actor=make_user(demo["brest"], "editor"),
    )
    assert str(brest.uid) in client.get("/catalog.ttl").content.decode()
    assert str(brest.uid) not in client.get("/p/quimper/catalog.ttl").content.decode()
    text = client.get("/catalog.ttl", HTTP_HOST="quimper.localhost").content.decode()
    assert "<http://quimper.localhost/catalog>" in text


def test_a_catalogue_of_1000_datasets_conforms(demo, shapes, client: Client) -> None:
    organisations = list(Organisation.objects.filter(kind="commune")[:10])
    themes = list(Theme.objects.all())
    now = timezone.now()
    datasets = Dataset.objects.bulk_create(
        [
            Dataset(
                title=f"Jeu généré n°{n} <script>",
                slug=f"jeu-genere-{n}",
                description=f"Description du jeu {n} avec & et « guillemets ».",
                organisation=organisations[n % len(organisations)],
                status="published",
                published_at=now,
                licence=["lov2", "odc-odbl", "cc-by"][n % 3],
                licence_reason="Motif." if n % 3 else "",
                frequency=["ANNUAL", "MONTHLY", "UNKNOWN"][n % 3],
            )
            for n in range(1000)
        ]
    )
    keyword = Keyword.objects.create(name="généré", slug="genere")
    Dataset.keywords.through.objects.bulk_create(
        [Dataset.keywords.through(dataset_id=d.pk, keyword_id=keyword.pk) for d in datasets]
    )
    Dataset.themes.through.objects.bulk_create(
        [
            Dataset.themes.through(dataset_id=d.pk, theme_id=themes[i % len(themes)].pk)
            for i, d in enumerate(datasets)
        ]
    )
    resources = Resource.objects.bulk_create(
        [
            Resource(
                dataset=d, title="Fichier", format="CSV", media_type="text/csv", api_id=f"{d.slug}"
            )
            for d in datasets
        ]
    )
    versions = ResourceVersion.objects.bulk_create(
        [
            ResourceVersion(
                resource=r,
                number=1,
                filename="f.csv",
                storage_path="originals/x",
                size=10,
                sha256="0" * 64,
                status="ready",
                uid=uuid.uuid4(),
            )
            for r in resources
        ]
    )
    for resource, version in zip(resources, versions, strict=True):
        resource.current_version = version
    Resource.objects.bulk_update(resources, ["current_version"])
    response = client.get("/catalog.ttl?page_size=1000")
    graph = Graph().parse(data=response.content, format="turtle")
    assert len(list(graph.subjects(RDF.type, DCAT.Dataset))) == 1000
    conforms(response.content, "turtle", shapes)


def test_the_command_prints_a_portals_whole_catalogue(make_dataset, demo, capsysbinary) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from ouvert.territory.models import Portal

    dataset = make_dataset("Arbres remarquables", "Les arbres.")
    portal = (
        Portal.objects.exclude(is_platform=True).filter(organisation=dataset.organisation).first()
    )
    assert portal is not None
    call_command("dcat", "--portal", portal.slug, "--format", "xml")
    graph = Graph().parse(data=capsysbinary.readouterr().out, format="xml")
    subjects = {str(s) for s in graph.subjects(RDF.type, DCAT.Dataset)}
    assert any(str(dataset.uid) in s for s in subjects)
    assert all(s.startswith(("https://", "http://127.0.0.1:8000/p/")) for s in subjects)
    with pytest.raises(CommandError, match="inconnu"):
        call_command("dcat", "--portal", "nulle-part")
