"""Reading remote documents safely: JSON, and RDF in every syntax rdflib reads.

XML is refused when it declares a DOCTYPE or entities: a "billion laughs" document expands a
few kilobytes into gigabytes, and an external entity reads local files or reaches the network.
No catalogue needs either (defusedxml is not a dependency; refusing before parsing is simpler
and stricter). JSON-LD contexts given by URL are fetched through the outbound client, never
by rdflib itself, which would bypass its address checks.
"""

from __future__ import annotations

import codecs
import json
import re
from typing import Any

from rdflib import Graph

from ouvert.harvesting.outbound import Document, OutboundClient, OutboundError

MAX_REMOTE_CONTEXTS = 5
MAX_CONTEXT_SIZE = 1024 * 1024
DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)

SYNTAXES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/n3": "n3",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/ld+json": "json-ld",
    "application/json": "json-ld",
    "application/trig": "trig",
}
EXTENSIONS = {
    ".ttl": "turtle",
    ".n3": "n3",
    ".nt": "nt",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".trig": "trig",
}


class DocumentError(Exception):
    """A document that cannot or must not be read; the message is French."""


def check_xml(body: bytes) -> None:
    """Refuse XML that declares a DOCTYPE or entities (in UTF-8, or UTF-16/32 with a BOM)."""
    texts = [body]
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if body.startswith(bom):
            texts.append(body[len(bom) :].decode(encoding, errors="replace").encode("utf-8"))
            break
    else:
        if body[:4] in {b"\x00<\x00?", b"<\x00?\x00", b"\x00\x00\x00<", b"<\x00\x00\x00"}:
            raise DocumentError("Document XML refusé : encodage sans marque d'ordre d'octets.")
    for text in texts:
        if DECLARATION.search(text):
            raise DocumentError(
                "Document XML refusé : il déclare un DOCTYPE ou des entités (<!DOCTYPE>, "
                "<!ENTITY>), qui peuvent servir à une attaque par expansion d'entités ou à lire "
                "des fichiers ; un catalogue DCAT n'en a pas besoin."
            )


def parse_json(document: Document) -> Any:
    """A JSON document, or DocumentError saying why it is not one."""
    try:
        return json.loads(document.body)
    except (ValueError, UnicodeDecodeError) as error:
        raise DocumentError(
            f"La réponse de « {document.url[:200]} » n'est pas du JSON valide ({error})."
        ) from error


def rdf_syntax(document: Document) -> str:
    """The rdflib syntax of a document: from its media type, else its URL's extension, else
    sniffed from its first bytes."""
    if document.content_type in SYNTAXES:
        return SYNTAXES[document.content_type]
    path = document.url.split("?", 1)[0].split("#", 1)[0].lower()
    for extension, syntax in EXTENSIONS.items():
        if path.endswith(extension):
            return syntax
    start = document.body.lstrip()[:200]
    if start.startswith((b"{", b"[")):
        return "json-ld"
    if start.startswith(b"<"):
        return "xml"
    return "turtle"


def _resolve_contexts(node: Any, client: OutboundClient, budget: list[int]) -> Any:
    """The JSON-LD tree with every remote `@context` fetched (through the guarded client) and
    put inline, so that rdflib never opens a URL itself."""
    if isinstance(node, list):
        return [_resolve_contexts(item, client, budget) for item in node]
    if not isinstance(node, dict):
        return node
    result = {}
    for key, value in node.items():
        if key == "@context":
            result[key] = _inline_context(value, client, budget)
        else:
            result[key] = _resolve_contexts(value, client, budget)
    return result


def _inline_context(value: Any, client: OutboundClient, budget: list[int]) -> Any:
    if isinstance(value, list):
        return [_inline_context(item, client, budget) for item in value]
    if isinstance(value, str):
        if budget[0] <= 0:
            raise DocumentError(
                f"Document JSON-LD refusé : plus de {MAX_REMOTE_CONTEXTS} contextes distants."
            )
        budget[0] -= 1
        try:
            fetched = client.get(value, "application/ld+json", max_size=MAX_CONTEXT_SIZE)
        except OutboundError as error:
            raise DocumentError(
                f"Contexte JSON-LD « {value[:200]} » illisible : {error}"
            ) from error
        context = parse_json(fetched)
        inner = context.get("@context", {}) if isinstance(context, dict) else {}
        return _inline_context(inner, client, budget)
    if isinstance(value, dict):
        if "@import" in value:
            raise DocumentError("Document JSON-LD refusé : « @import » n'est pas accepté.")
        return {
            key: _resolve_contexts(item, client, budget) if key != "@context" else item
            for key, item in value.items()
        }
    return value


def parse_rdf(document: Document, client: OutboundClient) -> Graph:
    """A graph from a Turtle, RDF/XML, JSON-LD, N-Triples, N3 or TriG document."""
    syntax = rdf_syntax(document)
    data: bytes | str = document.body
    if syntax == "xml":
        check_xml(document.body)
    if syntax == "json-ld":
        tree = parse_json(document)
        data = json.dumps(_resolve_contexts(tree, client, [MAX_REMOTE_CONTEXTS]))
    graph = Graph()
    try:
        graph.parse(data=data, format=syntax, publicID=document.url)
    except Exception as error:  # rdflib raises many kinds (SAX, syntax, JSON-LD, value errors)
        raise DocumentError(
            f"Le document RDF de « {document.url[:200]} » est illisible ({syntax}) : "
            f"{str(error)[:300]}"
        ) from error
    return graph
