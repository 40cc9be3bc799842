"""A portal's catalogue as a DCAT-AP 3.0.1 graph.

Every node the official SHACL shapes check is typed (licences `dct:LicenseDocument`, publishers
`foaf:Agent`, themes `skos:Concept`…); datasets and distributions carry a stable IRI and a
`dct:identifier`, as data.gouv.fr's harvester requires (docs/federation.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch
from rdflib import BNode, Graph, Literal, URIRef

from ouvert.catalog.models import Dataset, Resource
from ouvert.catalog.vocabularies import frequencies, hvd, licences, themes
from ouvert.engine.markdown import markdown_to_text
from ouvert.federation.dcat.vocab import (
    ADMS,
    DATA_THEME_SCHEME,
    DCAT,
    DCATAP,
    DCTERMS,
    ELI,
    FILE_TYPE,
    FILE_TYPES,
    FOAF,
    HYDRA,
    IANA_MEDIA,
    INSEE,
    INSEE_KINDS,
    LANGUAGE_FRENCH,
    RDF,
    RDFS,
    SKOS,
    SPDX,
    VCARD,
    XSD,
)
from ouvert.territory.models import Organisation, Portal, Territory

EXPORT_FORMATS = {
    "csv": ("CSV", "text/csv"),
    "json": ("JSON", "application/json"),
    "geojson": ("GEOJSON", "application/geo+json"),
    "parquet": ("PARQUET", "application/vnd.apache.parquet"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


@dataclass(frozen=True)
class Links:
    """Absolute URLs of the portal, from the request that asked for the catalogue."""

    absolute: Callable[[str], str]  # a path → an absolute URL on this portal

    def catalog(self) -> URIRef:
        return URIRef(self.absolute("/catalog"))

    def dataset(self, dataset: Dataset) -> URIRef:
        # The uid, not the slug: a dataset's IRI never changes, even when it is renamed.
        return URIRef(self.absolute(f"/jeux-de-donnees/{dataset.uid}/"))

    def dataset_page(self, dataset: Dataset) -> URIRef:
        return URIRef(self.absolute(f"/jeux-de-donnees/{dataset.slug}/"))

    def resource(self, resource: Resource) -> URIRef:
        return URIRef(
            self.absolute(f"/api/1/datasets/{resource.dataset.uid}/resources/{resource.uid}/")
        )

    def download(self, resource: Resource) -> URIRef:
        return URIRef(
            self.absolute(
                f"/jeux-de-donnees/{resource.dataset.slug}/ressources/{resource.uid}/telecharger/"
            )
        )

    def export(self, resource: Resource, fmt: str) -> URIRef:
        return URIRef(
            self.absolute(f"/api/explore/v2.1/catalog/datasets/{resource.api_id}/exports/{fmt}")
        )

    def organisation(self, organisation: Organisation) -> URIRef:
        return URIRef(self.absolute(f"/organisations/{organisation.slug}/"))

    def service(self) -> URIRef:
        return URIRef(self.absolute("/api/explore/v2.1/"))


def _date(value: datetime | date) -> Literal:
    if isinstance(value, datetime):
        return Literal(value.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
    return Literal(value.isoformat(), datatype=XSD.date)


def _agent(graph: Graph, links: Links, organisation: Organisation) -> URIRef:
    node = links.organisation(organisation)
    graph.add((node, RDF.type, FOAF.Agent))
    graph.add((node, RDF.type, FOAF.Organization))
    graph.add((node, FOAF.name, Literal(organisation.name, lang="fr")))
    if organisation.siren:
        graph.add((node, DCTERMS.identifier, Literal(organisation.siren)))
    if organisation.website:
        graph.add((node, FOAF.homepage, _document(graph, organisation.website)))
    return node


def _document(graph: Graph, url: str) -> URIRef:
    node = URIRef(url)
    graph.add((node, RDF.type, FOAF.Document))
    return node


def _licence(graph: Graph, licence: licences.Licence) -> URIRef | None:
    if not licence.url:
        return None
    node = URIRef(licence.url)
    graph.add((node, RDF.type, DCTERMS.LicenseDocument))
    # udata matches a licence node by its label too (standards.md §4.3).
    graph.add((node, RDFS.label, Literal(licence.title)))
    if licence.spdx:
        graph.add((node, DCTERMS.identifier, Literal(licence.spdx)))
    return node


def _place(graph: Graph, territory: Territory) -> URIRef:
    kind = INSEE_KINDS.get(territory.kind, territory.kind)
    node = URIRef(f"{INSEE}{kind}/{territory.code}")
    graph.add((node, RDF.type, DCTERMS.Location))
    graph.add((node, SKOS.prefLabel, Literal(territory.name, lang="fr")))
    graph.add((node, DCTERMS.identifier, Literal(territory.code)))
    return node


def _contact(graph: Graph, dataset: Dataset) -> BNode | None:
    if not (dataset.contact_name or dataset.contact_email):
        return None
    node = BNode()
    graph.add((node, RDF.type, VCARD.Kind))
    graph.add((node, RDF.type, VCARD.Organization))
    graph.add((node, VCARD.fn, Literal(dataset.contact_name or dataset.organisation.name)))
    if dataset.contact_email:
        graph.add((node, VCARD.hasEmail, URIRef(f"mailto:{dataset.contact_email}")))
    return node


def _schema(graph: Graph, dataset: Dataset, resource: Resource | None = None) -> URIRef | None:
    schema = (resource.schema if resource else None) or dataset.schema
    if schema is None or not schema.url:
        return None
    node = URIRef(schema.url)
    graph.add((node, RDF.type, DCTERMS.Standard))
    graph.add((node, DCTERMS.title, Literal(schema.title, lang="fr")))
    graph.add((node, DCTERMS.identifier, Literal(schema.reference)))
    return node


def _format(graph: Graph, node: URIRef, label: str, media_type: str) -> None:
    code = FILE_TYPES.get(label.upper())
    if code:
        file_type = FILE_TYPE[code]
        graph.add((file_type, RDF.type, DCTERMS.MediaTypeOrExtent))
        graph.add((node, DCTERMS.format, file_type))
    if media_type and "/" in media_type:
        media = URIRef(IANA_MEDIA + media_type)
        graph.add((media, RDF.type, DCTERMS.MediaType))
        graph.add((node, DCAT.mediaType, media))


def _distribution(
    graph: Graph, links: Links, dataset: Dataset, resource: Resource, licence: URIRef | None
) -> URIRef | None:
    version = resource.current_version
    if version is None:
        return None
    node = links.resource(resource)
    graph.add((node, RDF.type, DCAT.Distribution))
    graph.add((node, DCTERMS.identifier, Literal(str(resource.uid))))
    graph.add((node, DCTERMS.title, Literal(resource.title, lang="fr")))
    if resource.description:
        text = markdown_to_text(resource.description, 5000)
        graph.add((node, DCTERMS.description, Literal(text, lang="fr")))
    url = (
        URIRef(version.url)
        if version.url and not version.storage_path
        else links.download(resource)
    )
    graph.add((node, DCAT.accessURL, url))
    graph.add((node, DCAT.downloadURL, url))
    _format(graph, node, resource.format, resource.media_type)
    # The size and checksum of the bytes served (an office file's copy without its properties).
    size, sha256 = version.served_size, version.served_sha256
    if size is not None:
        graph.add((node, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
    if sha256:
        checksum = BNode()
        graph.add((checksum, RDF.type, SPDX.Checksum))
        graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        graph.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
        graph.add((checksum, SPDX.checksumValue, Literal(sha256, datatype=XSD.hexBinary)))
        graph.add((node, SPDX.checksum, checksum))
    if licence is not None:
        graph.add((node, DCTERMS.license, licence))
    schema = _schema(graph, dataset, resource)
    if schema is not None:
        graph.add((node, DCTERMS.conformsTo, schema))
    graph.add((node, DCTERMS.issued, _date(resource.created_at)))
    graph.add((node, DCTERMS.modified, _date(version.created_at)))
    return node


def _export_distributions(
    graph: Graph, links: Links, resource: Resource, licence: URIRef | None, service: URIRef
) -> Iterable[URIRef]:
    """One distribution per export format of a queryable resource, served by the API."""
    for fmt, (label, media_type) in EXPORT_FORMATS.items():
        url = links.export(resource, fmt)
        graph.add((url, RDF.type, DCAT.Distribution))
        graph.add((url, DCTERMS.identifier, Literal(f"{resource.uid}/{fmt}")))
        graph.add((url, DCTERMS.title, Literal(f"{resource.title} ({label})", lang="fr")))
        graph.add((url, DCAT.accessURL, url))
        graph.add((url, DCAT.downloadURL, url))
        graph.add((url, DCAT.accessService, service))
        _format(graph, url, label, media_type)
        if licence is not None:
            graph.add((url, DCTERMS.license, licence))
        yield url


def _add_hvd(graph: Graph, node: URIRef, categories: list[str]) -> None:
    """A high-value dataset: its categories and the regulation (DCAT-AP HVD 3.0)."""
    known = [code for code in categories if code in hvd.CATEGORIES]
    if not known:
        return
    legislation = URIRef(hvd.LEGISLATION_URI)
    graph.add((legislation, RDF.type, ELI.LegalResource))
    graph.add((node, DCATAP.applicableLegislation, legislation))
    for code in known:
        concept = URIRef(hvd.category_uri(code))
        graph.add((concept, RDF.type, SKOS.Concept))
        graph.add((concept, SKOS.prefLabel, Literal(hvd.CATEGORIES[code], lang="fr")))
        graph.add((node, DCATAP.hvdCategory, concept))


def add_dataset(graph: Graph, links: Links, dataset: Dataset, service: URIRef) -> URIRef:
    """The dataset, its publisher, themes, places, period, contact and distributions."""
    node = links.dataset(dataset)
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.identifier, Literal(str(dataset.uid))))
    graph.add((node, DCTERMS.title, Literal(dataset.title, lang="fr")))
    description = markdown_to_text(dataset.description, 20_000) or dataset.title
    graph.add((node, DCTERMS.description, Literal(description, lang="fr")))
    graph.add((node, DCTERMS.publisher, _agent(graph, links, dataset.organisation)))
    if dataset.published_by is not None:
        graph.add((node, DCTERMS.creator, _agent(graph, links, dataset.published_by)))
    landing = links.dataset_page(dataset)
    graph.add((landing, RDF.type, FOAF.Document))
    graph.add((node, DCAT.landingPage, landing))
    graph.add((node, DCTERMS.language, LANGUAGE_FRENCH))
    graph.add((LANGUAGE_FRENCH, RDF.type, DCTERMS.LinguisticSystem))
    for keyword in dataset.keywords.all():
        graph.add((node, DCAT.keyword, Literal(keyword.name, lang="fr")))
    for theme in dataset.themes.all():
        concept = URIRef(themes.theme_uri(theme.code))
        graph.add((concept, RDF.type, SKOS.Concept))
        graph.add((concept, SKOS.prefLabel, Literal(theme.label, lang="fr")))
        graph.add((concept, SKOS.inScheme, DATA_THEME_SCHEME))
        graph.add((node, DCAT.theme, concept))
    _add_hvd(graph, node, dataset.hvd_categories)
    frequency = URIRef(frequencies.frequency_uri(dataset.frequency_info.code))
    graph.add((frequency, RDF.type, DCTERMS.Frequency))
    graph.add((node, DCTERMS.accrualPeriodicity, frequency))
    for territory in dataset.spatial.all():
        graph.add((node, DCTERMS.spatial, _place(graph, territory)))
    if dataset.temporal_start or dataset.temporal_end:
        period = BNode()  # a blank node: udata dereferences a period given as an IRI
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        if dataset.temporal_start:
            graph.add((period, DCAT.startDate, _date(dataset.temporal_start)))
        if dataset.temporal_end:
            graph.add((period, DCAT.endDate, _date(dataset.temporal_end)))
        graph.add((node, DCTERMS.temporal, period))
    contact = _contact(graph, dataset)
    if contact is not None:
        graph.add((node, DCAT.contactPoint, contact))
    schema = _schema(graph, dataset)
    if schema is not None:
        graph.add((node, DCTERMS.conformsTo, schema))
    if dataset.published_at:
        graph.add((node, DCTERMS.issued, _date(dataset.published_at)))
    graph.add((node, DCTERMS.modified, _date(dataset.data_updated_at or dataset.modified_at)))
    licence = _licence(graph, dataset.licence_info)
    for resource in dataset.resources.all():
        distribution = _distribution(graph, links, dataset, resource, licence)
        if distribution is not None:
            graph.add((node, DCAT.distribution, distribution))
        if resource.current_version is not None and hasattr(resource.current_version, "table"):
            for export in _export_distributions(graph, links, resource, licence, service):
                graph.add((node, DCAT.distribution, export))
            graph.add((service, DCAT.servesDataset, node))
    return node


@dataclass(frozen=True)
class Page:
    number: int
    size: int
    total: int

    @property
    def last(self) -> int:
        return max(1, -(-self.total // self.size))


def prefetch(datasets: Any) -> Any:
    """The related rows a page of the catalogue reads, in a few queries."""
    return datasets.select_related("organisation", "published_by", "schema").prefetch_related(
        "keywords",
        "themes",
        "spatial",
        Prefetch(
            "resources",
            queryset=Resource.objects.select_related(
                "current_version__table", "current_version__review", "schema", "dataset"
            ).order_by("position", "created_at"),
        ),
    )


def catalog_graph(
    links: Links,
    portal: Portal,
    datasets: list[Dataset],
    page: Page,
    page_url: Callable[[int], str],
    modified: datetime | None,
) -> Graph:
    """The catalogue node, one page of its datasets, the API as a data service, Hydra paging."""
    graph = Graph()
    for prefix, namespace in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("hydra", HYDRA),
        ("skos", SKOS),
        ("spdx", SPDX),
        ("vcard", VCARD),
        ("adms", ADMS),
    ):
        graph.bind(prefix, namespace)
    catalog = links.catalog()
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.identifier, Literal(f"portail:{portal.slug}")))
    graph.add((catalog, DCTERMS.title, Literal(portal.name, lang="fr")))
    description = (
        portal.tagline
        or markdown_to_text(portal.home_text, 2000)
        or (f"Catalogue des données ouvertes publiées sur {portal.name}.")
    )
    graph.add((catalog, DCTERMS.description, Literal(description, lang="fr")))
    publisher = portal.organisation
    if publisher is not None:
        graph.add((catalog, DCTERMS.publisher, _agent(graph, links, publisher)))
    else:
        agent = URIRef(links.absolute("/"))
        graph.add((agent, RDF.type, FOAF.Agent))
        graph.add((agent, FOAF.name, Literal(portal.name, lang="fr")))
        graph.add((catalog, DCTERMS.publisher, agent))
    home = _document(graph, links.absolute("/"))
    graph.add((catalog, FOAF.homepage, home))
    graph.add((catalog, DCTERMS.language, LANGUAGE_FRENCH))
    graph.add((LANGUAGE_FRENCH, RDF.type, DCTERMS.LinguisticSystem))
    graph.add((DATA_THEME_SCHEME, RDF.type, SKOS.ConceptScheme))
    graph.add((DATA_THEME_SCHEME, DCTERMS.title, Literal("Data theme", lang="en")))
    graph.add((DATA_THEME_SCHEME, DCTERMS.title, Literal("Thèmes des données", lang="fr")))
    graph.add((catalog, DCAT.themeTaxonomy, DATA_THEME_SCHEME))
    if modified is not None:
        graph.add((catalog, DCTERMS.modified, _date(modified)))

    service = links.service()
    graph.add((service, RDF.type, DCAT.DataService))
    graph.add((service, DCTERMS.identifier, Literal("api-explore-v2.1")))
    graph.add(
        (
            service,
            DCTERMS.title,
            Literal(f"API de {portal.name} (OpenDataSoft Explore v2.1)", lang="fr"),
        )
    )
    graph.add((service, DCAT.endpointURL, service))
    endpoint_description = URIRef(links.absolute("/api/openapi.json"))
    graph.add((service, DCAT.endpointDescription, endpoint_description))
    graph.add((catalog, DCAT.service, service))

    for dataset in datasets:
        graph.add((catalog, DCAT.dataset, add_dataset(graph, links, dataset, service)))

    graph.add((catalog, RDF.type, HYDRA.Collection))
    graph.add((catalog, HYDRA.totalItems, Literal(page.total, datatype=XSD.integer)))
    view = URIRef(page_url(page.number))
    graph.add((view, RDF.type, HYDRA.PartialCollectionView))
    graph.add((view, HYDRA.first, URIRef(page_url(1))))
    graph.add((view, HYDRA.last, URIRef(page_url(page.last))))
    if page.number < page.last:
        graph.add((view, HYDRA.next, URIRef(page_url(page.number + 1))))
    if page.number > 1:
        graph.add((view, HYDRA.previous, URIRef(page_url(page.number - 1))))
    graph.add((catalog, HYDRA.view, view))
    return graph
