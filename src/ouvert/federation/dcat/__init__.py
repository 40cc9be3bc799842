"""DCAT-AP 3.0.1 catalogue of a portal: graph building (graph.py), paging and serialisation
(catalog.py), content negotiation (views.py). docs/federation.md says what data.gouv.fr's
harvester reads and where it is."""
