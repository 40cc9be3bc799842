"""RDF namespaces and the URIs of the controlled vocabularies DCAT-AP asks for."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

ADMS = Namespace("http://www.w3.org/ns/adms#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LOCN = Namespace("http://www.w3.org/ns/locn#")

EU = "http://publications.europa.eu/resource/authority/"
FILE_TYPE = Namespace(EU + "file-type/")
LANGUAGE_FRENCH = URIRef(EU + "language/FRA")
DATA_THEME_SCHEME = URIRef(EU + "data-theme")
IANA_MEDIA = "https://www.iana.org/assignments/media-types/"

# The EU file-type authority table's codes for the formats ouvert serves.
FILE_TYPES = {
    "CSV": "CSV",
    "TSV": "TSV",
    "TXT": "TXT",
    "JSON": "JSON",
    "JSONL": "JSON",
    "GEOJSON": "GEOJSON",
    "XLSX": "XLSX",
    "XLS": "XLS",
    "ODS": "ODS",
    "PARQUET": "PARQUET",
    "ZIP": "ZIP",
    "SHP": "SHP",
    "GPKG": "GPKG",
    "PDF": "PDF",
    "XML": "XML",
    "RDF": "RDF_XML",
    "TTL": "RDF_TURTLE",
}

# INSEE's URIs for the territories of the referential (dct:spatial).
INSEE = "http://id.insee.fr/geo/"
INSEE_KINDS = {
    "commune": "commune",
    "commune-deleguee": "communeDeleguee",
    "commune-associee": "communeAssociee",
    "arrondissement-municipal": "arrondissementMunicipal",
    "epci": "intercommunalite",
    "departement": "departement",
    "region": "region",
}

__all__ = [
    "ADMS",
    "DCAT",
    "DCATAP",
    "DCTERMS",
    "ELI",
    "FOAF",
    "HYDRA",
    "LOCN",
    "RDF",
    "RDFS",
    "SKOS",
    "SPDX",
    "VCARD",
    "XSD",
]
