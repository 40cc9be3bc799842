"""Hostile sources fail their own run cleanly, with a French reason; other sources go on."""

from __future__ import annotations

import io
import itertools
import socket

import pytest

from ouvert.catalog.models import Dataset
from ouvert.harvesting import services
from ouvert.harvesting.models import HarvestRun
from ouvert.harvesting.outbound import (
    AddressRefused,
    OutboundClient,
    OutboundError,
    is_public_address,
)

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:dcat="http://www.w3.org/ns/dcat#" xmlns:dct="http://purl.org/dc/terms/">
  <dcat:Dataset rdf:about="https://exemple.fr/bombe">
    <dct:identifier>bombe</dct:identifier>
    <dct:title>&lol9;</dct:title>
  </dcat:Dataset>
</rdf:RDF>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:dct="http://purl.org/dc/terms/" xmlns:dcat="http://www.w3.org/ns/dcat#">
  <dcat:Dataset rdf:about="https://exemple.fr/xxe"><dct:identifier>xxe</dct:identifier>
  <dct:title>&xxe;</dct:title></dcat:Dataset>
</rdf:RDF>
"""


def endless() -> itertools.repeat[bytes]:
    """2 GB and more of Turtle comments, streamed without a length."""
    return itertools.repeat(b"# " + b"x" * (1024 * 1024 - 3) + b"\n", 2048)


def add_source(harvester, url, protocol="dcat"):
    organisation, admin = harvester
    return services.create_source(admin, organisation, url=url, protocol=protocol)


@pytest.fixture
def good_source(fake_portal, harvester):
    fake_portal.record("/catalog.ttl", "dcat-page-1.ttl", "text/turtle")
    fake_portal.record("/catalog.ttl?page=2&page_size=3", "dcat-page-2.ttl", "text/turtle")
    return add_source(harvester, fake_portal.url("/catalog.ttl"))


def assert_failed_cleanly(run: HarvestRun, words: str) -> None:
    assert run.status == HarvestRun.Status.FAILED
    assert run.finished_at is not None
    assert run.error.startswith("Moissonnage interrompu, rien n'a été archivé : ")
    assert words in run.error, run.error
    assert (run.created, run.updated, run.archived) == (0, 0, 0)


@pytest.mark.parametrize(
    ("body", "words"),
    [(BILLION_LAUGHS, "déclare un DOCTYPE"), (EXTERNAL_ENTITY, "<!ENTITY>")],
    ids=["billion-laughs", "external-entity"],
)
def test_xml_declaring_entities_fails_its_run_only(
    fake_portal, harvester, good_source, body, words
):
    fake_portal.add("/bombe.rdf", body, "application/rdf+xml")
    hostile = add_source(harvester, fake_portal.url("/bombe.rdf"))
    assert_failed_cleanly(services.run_source(harvester[1], hostile), words)
    assert services.run_source(harvester[1], good_source).created == 4
    assert not Dataset.objects.filter(title__contains="lol").exists()


def test_an_endless_body_is_cut_at_the_size_limit(fake_portal, harvester, good_source, settings):
    settings.OUVERT_OUTBOUND_MAX_SIZE = 5 * 1024 * 1024
    fake_portal.add("/sans-fin.ttl", endless, "text/turtle")
    hostile = add_source(harvester, fake_portal.url("/sans-fin.ttl"))
    run = services.run_source(harvester[1], hostile)
    assert_failed_cleanly(run, "trop volumineuse : lecture arrêtée au-delà de 5 Mo")
    assert services.run_source(harvester[1], good_source).created == 4


def test_a_declared_2_gb_body_is_refused_before_reading(fake_portal, harvester):
    fake_portal.add(
        "/api/1/datasets/", lambda: iter([b"{}"]), headers={"Content-Length": str(2 * 1024**3)}
    )
    source = add_source(harvester, fake_portal.url("/"), "udata")
    assert_failed_cleanly(services.run_source(harvester[1], source), "trop volumineuse")


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:{other}/catalog.ttl",
        "http://10.0.0.1/catalog.ttl",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:{other}/",
        "http://0.0.0.0:{other}/",
    ],
)
def test_a_redirect_to_a_private_address_is_refused(fake_portal, harvester, good_source, target):
    with socket.socket() as other:  # a port on loopback that is not allowed
        other.bind(("127.0.0.1", 0))
        location = target.format(other=other.getsockname()[1])
        fake_portal.add("/vers-interne", b"", status=302, headers={"Location": location})
        hostile = add_source(harvester, fake_portal.url("/vers-interne"))
        run = services.run_source(harvester[1], hostile)
    assert_failed_cleanly(run, "Adresse refusée")
    assert "adresse privée, locale ou réservée" in run.error
    assert services.run_source(harvester[1], good_source).created == 4


def test_loopback_is_refused_unless_allowed(fake_portal, harvester, settings):
    fake_portal.record("/catalog.ttl", "dcat-page-1.ttl", "text/turtle")
    settings.OUVERT_OUTBOUND_ALLOWED_HOSTS = []
    run = services.run_source(harvester[1], add_source(harvester, fake_portal.url("/catalog.ttl")))
    assert_failed_cleanly(run, "Adresse refusée : « 127.0.0.1 » mène à 127.0.0.1")
    assert fake_portal.requests == []


def test_the_checked_address_is_the_one_connected_to(monkeypatch, settings):
    """A name that resolves to a private address is refused; there is no second lookup that a
    rebinding DNS server could answer differently."""
    settings.OUVERT_OUTBOUND_ALLOWED_HOSTS = []
    lookups = []

    def resolve(host, port, *args, **kwargs):
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with OutboundClient() as client, pytest.raises(AddressRefused, match=r"10\.1\.2\.3"):
        client.get("http://portail.exemple.fr/catalog.ttl")
    assert lookups == ["portail.exemple.fr"]


def test_a_remote_json_ld_context_goes_through_the_same_checks(fake_portal, harvester):
    body = b'{"@context": "http://169.254.169.254/contexte.jsonld", "@id": "x"}'
    fake_portal.add("/catalogue.jsonld", body, "application/ld+json")
    run = services.run_source(
        harvester[1], add_source(harvester, fake_portal.url("/catalogue.jsonld"))
    )
    assert_failed_cleanly(run, "Contexte JSON-LD")
    assert "Adresse refusée" in run.error


def test_only_http_and_https_are_fetched(harvester):
    with OutboundClient() as client, pytest.raises(OutboundError, match="http"):
        client.get("file:///etc/passwd")
    with OutboundClient() as client, pytest.raises(OutboundError):
        client.download("gopher://exemple.fr/", io.BytesIO(), 10)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2a00:1450:4007:80e::200e", True),
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("172.16.5.4", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),  # noqa: S104 - an address checked, not bound
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("2002:a00:1::", False),
    ],
)
def test_public_addresses(address, public):
    assert is_public_address(address) is public
