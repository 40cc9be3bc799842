"""DCAT / DCAT-AP catalogues in any RDF syntax, paged by Hydra (both styles udata knows)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS
from rdflib.term import Node

from ouvert.catalog.vocabularies import hvd
from ouvert.federation.dcat.vocab import DCATAP, HYDRA
from ouvert.harvesting.backends import MAX_PAGES, Query
from ouvert.harvesting.documents import DocumentError, parse_rdf
from ouvert.harvesting.outbound import OutboundClient
from ouvert.harvesting.remote import (
    RemoteDataset,
    RemoteFailure,
    RemoteResource,
    clean_keywords,
    parse_day,
)
from ouvert.harvesting.vocabularies import format_label, guess_frequency, guess_licence, guess_theme

SCHEMA_ORG = "http://schema.org/"
DATASET_SERIES = URIRef(str(DCAT) + "DatasetSeries")  # DCAT 3, unknown to rdflib's namespace
ACCEPT = (
    "text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.9, "
    "application/n-triples;q=0.5, */*;q=0.1"
)
INSEE_URI = re.compile(r"id\.insee\.fr/geo/[A-Za-z]+/([0-9][0-9AB][0-9]{0,7})$")


def _text(graph: Graph, node: Node, *predicates: URIRef) -> str:
    """The French literal if any, else one without language, else any."""
    values: list[Literal] = [
        value
        for predicate in predicates
        for value in graph.objects(node, predicate)
        if isinstance(value, Literal)
    ]
    for wanted in ("fr", None):
        for value in values:
            if value.language == wanted:
                return str(value).strip()
    return str(values[0]).strip() if values else ""


def _node_texts(graph: Graph, node: Node) -> list[str]:
    """A vocabulary node as the texts a licence or theme can be recognised by."""
    texts = [
        str(value)
        for predicate in (RDFS.label, DCTERMS.title, SKOS.prefLabel, DCTERMS.identifier)
        for value in graph.objects(node, predicate)
    ]
    return [str(node), *texts] if isinstance(node, URIRef) else [*texts, str(node)]


def _next_page(graph: Graph) -> str:
    for view in graph.subjects(RDF.type, HYDRA.PartialCollectionView):
        for target in graph.objects(view, HYDRA.next):
            return str(target)
    for collection in graph.subjects(RDF.type, HYDRA.PagedCollection):
        for target in graph.objects(collection, HYDRA.nextPage):
            return str(target)
    return ""


def _period(graph: Graph, node: Node) -> tuple[str, str]:
    if isinstance(node, Literal):
        start, _, end = str(node).partition("/")
        return start, end
    start = _text(graph, node, DCAT.startDate, URIRef(SCHEMA_ORG + "startDate"))
    end = _text(graph, node, DCAT.endDate, URIRef(SCHEMA_ORG + "endDate"))
    return start, end


def _insee_codes(graph: Graph, node: Node) -> list[str]:
    codes = []
    for place in graph.objects(node, DCTERMS.spatial):
        found = INSEE_URI.search(str(place)) if isinstance(place, URIRef) else None
        if found:
            codes.append(found.group(1))
            continue
        identifier = _text(graph, place, DCTERMS.identifier)
        if re.fullmatch(r"[0-9][0-9AB][0-9]{0,7}", identifier):
            codes.append(identifier)
    return sorted(set(codes))


def _resource(graph: Graph, node: Node) -> RemoteResource | None:
    url = next(iter(graph.objects(node, DCAT.downloadURL)), None) or next(
        iter(graph.objects(node, DCAT.accessURL)), None
    )
    if url is None:
        return None
    url_text = str(url)
    formats = [*graph.objects(node, DCTERMS.format), *graph.objects(node, DCAT.mediaType)]
    label = ""
    for value in formats:
        label = format_label(str(value), url_text)
        if label:
            break
    title = _text(graph, node, DCTERMS.title) or url_text.rstrip("/").rsplit("/", 1)[-1]
    return RemoteResource(
        url=url_text,
        title=title[:250],
        description=_text(graph, node, DCTERMS.description),
        format=label or format_label("", url_text),
    )


def _document(graph: Graph, node: Node) -> RemoteResource | None:
    """A document linked by `dct:hasPart` or `foaf:page`, kept as a link as udata keeps it
    (its IRI is its address); a blank node has no address and is left out."""
    if not isinstance(node, URIRef) or not str(node).lower().startswith(("http://", "https://")):
        return None
    url = str(node)
    title = _text(graph, node, DCTERMS.title, FOAF.name, RDFS.label)
    formats = [*graph.objects(node, DCTERMS.format), *graph.objects(node, DCAT.mediaType)]
    label = next((f for f in (format_label(str(v), url) for v in formats) if f), "")
    return RemoteResource(
        url=url,
        title=(title or url.rstrip("/").rsplit("/", 1)[-1] or "Document")[:250],
        description=_text(graph, node, DCTERMS.description),
        format=label or format_label("", url),
    )


def _hvd_categories(graph: Graph, node: Node) -> list[str]:
    """High-value categories, from `dcatap:hvdCategory` or given as themes (both are seen)."""
    values = [*graph.objects(node, DCATAP.hvdCategory), *graph.objects(node, DCAT.theme)]
    return sorted({code for value in values if (code := hvd.find_category(str(value)))})


def map_dataset(graph: Graph, node: Node) -> RemoteDataset | RemoteFailure:
    """One `dcat:Dataset` node as ouvert keeps it."""
    identifier = _text(graph, node, DCTERMS.identifier)
    uri = str(node) if isinstance(node, URIRef) else ""
    remote_id = identifier or uri
    title = _text(graph, node, DCTERMS.title)
    if not remote_id:
        return RemoteFailure("", title, "Jeu sans identifiant (dct:identifier) ni IRI : ignoré.")
    if not title:
        return RemoteFailure(remote_id, "", "Jeu sans titre (dct:title) : ignoré.")
    keywords = [
        _text(graph, k, RDFS.label) if not isinstance(k, Literal) else str(k)
        for k in graph.objects(node, DCAT.keyword)
    ]
    themes = []
    for theme in graph.objects(node, DCAT.theme):
        if hvd.find_category(str(theme)):
            continue
        code = next((c for c in map(guess_theme, _node_texts(graph, theme)) if c), "")
        if code:
            themes.append(code)
        elif label := (
            _text(graph, theme, SKOS.prefLabel) if not isinstance(theme, Literal) else str(theme)
        ):
            keywords.append(label)
    licence_texts: list[str] = []
    for predicate in (DCTERMS.license, DCTERMS.rights):
        for value in graph.objects(node, predicate):
            licence_texts.extend(_node_texts(graph, value))
    distributions = list(graph.objects(node, DCAT.distribution))
    for distribution in distributions:
        for value in graph.objects(distribution, DCTERMS.license):
            licence_texts.extend(_node_texts(graph, value))
    frequency = next(iter(graph.objects(node, DCTERMS.accrualPeriodicity)), None)
    temporal = next(iter(graph.objects(node, DCTERMS.temporal)), None)
    start, end = _period(graph, temporal) if temporal is not None else ("", "")
    publisher = next(iter(graph.objects(node, DCTERMS.publisher)), None)
    landing = next(iter(graph.objects(node, DCAT.landingPage)), None)
    # Alternative exports served by an API (dcat:accessService) repeat a file; keep the files
    # when there are any.
    files = [d for d in distributions if (d, DCAT.accessService, None) not in graph]
    resources = [r for d in (files or distributions) if (r := _resource(graph, d)) is not None]
    linked = [*graph.objects(node, DCTERMS.hasPart), *graph.objects(node, FOAF.page)]
    known = {r.url for r in resources}
    for document in filter(None, (_document(graph, d) for d in linked)):
        if document.url not in known:
            known.add(document.url)
            resources.append(document)
    return RemoteDataset(
        remote_id=remote_id[:500],
        title=title[:250],
        description=_text(graph, node, DCTERMS.description, DCTERMS.abstract),
        uri=uri,
        remote_url=str(landing) if landing is not None else uri,
        keywords=clean_keywords(sorted(keywords, key=str.lower)),
        themes=tuple(sorted(set(themes))),
        hvd_categories=tuple(_hvd_categories(graph, node)),
        licence=guess_licence(*licence_texts),
        licence_text=licence_texts[0] if licence_texts else "",
        frequency=guess_frequency(str(frequency)) if frequency is not None else "",
        temporal_start=parse_day(start),
        temporal_end=parse_day(end),
        insee_codes=tuple(_insee_codes(graph, node)),
        publisher=_text(graph, publisher, FOAF.name) if publisher is not None else "",
        publisher_id=str(publisher) if isinstance(publisher, URIRef) else "",
        modified=_text(graph, node, DCTERMS.modified),
        resources=tuple(sorted(resources, key=lambda r: (r.title, r.url))),
    )


class DcatBackend:
    label = "DCAT (Turtle, RDF/XML, JSON-LD)"

    def datasets(
        self, query: Query, client: OutboundClient
    ) -> Iterator[RemoteDataset | RemoteFailure]:
        url, seen = query.url, set[str]()
        while url:
            if url in seen:
                raise DocumentError(f"La pagination boucle : la page « {url[:200]} » revient.")
            if len(seen) >= MAX_PAGES:
                raise DocumentError(f"Plus de {MAX_PAGES} pages : moissonnage interrompu.")
            seen.add(url)
            graph = parse_rdf(client.get(url, ACCEPT), client)
            nodes = {*graph.subjects(RDF.type, DCAT.Dataset)}
            nodes |= {*graph.subjects(RDF.type, DATASET_SERIES)}
            for node in sorted(nodes, key=str):
                try:
                    yield map_dataset(graph, node)
                except Exception as error:  # one odd node must not stop the run
                    yield RemoteFailure(str(node), "", f"Jeu illisible : {str(error)[:300]}")
            url = _next_page(graph)
