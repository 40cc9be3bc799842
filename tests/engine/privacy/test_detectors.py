"""Each detector: values it must find, values it must leave, checksums that must fail."""

from __future__ import annotations

import pytest

from ouvert.engine.privacy.card import CardDetector
from ouvert.engine.privacy.iban import iban_is_valid
from ouvert.engine.privacy.ip import IpDetector
from ouvert.engine.privacy.names import name_shape
from ouvert.engine.privacy.nir import NirDetector, nir_key_is_valid
from ouvert.engine.privacy.phone import PhoneDetector
from ouvert.engine.privacy.plate import PlateDetector
from tests.engine.privacy.conftest import kinds

VALID_NIR = "1 85 05 78 006 084 91"  # 1850578006084 mod 97 = 6 → key 91
VALID_IBAN = "FR76 3000 6000 0112 3456 7890 189"


def test_nir_key_and_corsica():
    assert nir_key_is_valid(VALID_NIR)
    assert not nir_key_is_valid("1 85 05 78 006 084 36")
    body = "285032A001012"  # Corse-du-Sud: 2A counts as 19
    key = 97 - int(body.replace("2A", "19")) % 97
    assert nir_key_is_valid(f"{body}{key:02d}")
    assert not nir_key_is_valid(f"{body}{(key + 1) % 97:02d}")
    body_b = "175022B050014"
    key_b = 97 - int(body_b.replace("2B", "18")) % 97
    assert nir_key_is_valid(f"{body_b}{key_b:02d}")
    assert NirDetector().occurrences(f"NIR : {VALID_NIR}.") == [VALID_NIR]


def test_iban_mod97():
    assert iban_is_valid(VALID_IBAN)
    assert iban_is_valid(VALID_IBAN.replace(" ", ""))
    assert not iban_is_valid(VALID_IBAN.replace("189", "188"))
    assert not iban_is_valid("FR76 3000 6000 0112 3456 7890 18")  # too short for France


@pytest.mark.parametrize(
    "text",
    [
        "0612345678",
        "06 12 34 56 78",
        "06.12.34.56.78",
        "06-12-34-56-78",
        "+33 6 12 34 56 78",
        "+33612345678",
        "+33 (0)6 12 34 56 78",
        "0033 6 12 34 56 78",
        "01 42 76 40 40",
    ],
)
def test_phone_written_forms(text):
    assert PhoneDetector().occurrences(f"appeler le {text} demain") == [text]


@pytest.mark.parametrize(
    "text", ["21290232200019", "452474562", "29232", "1234567", "006123456789", "20240115"]
)
def test_phone_not_in_identifiers(text):
    assert PhoneDetector().occurrences(text) == []


def test_cards_luhn_and_prefix():
    detector = CardDetector()
    assert detector.valid("4111 1111 1111 1111")
    assert detector.valid("5555555555554444")
    assert not detector.valid("4111 1111 1111 1112")  # Luhn fails
    assert not detector.valid("21290232200019")  # a SIRET (14 digits) is never a card
    assert not detector.valid("9111111111111111")  # no network starts with 9


def test_plates_and_ips():
    plates = PlateDetector()
    assert plates.occurrences("AB-123-CD") == ["AB-123-CD"]
    assert plates.occurrences("123 ABC 29") == ["123 ABC 29"]
    assert plates.occurrences("AB-000-CD") == []
    ips = IpDetector()
    assert ips.occurrences("192.168.1.20") == ["192.168.1.20"]
    assert ips.occurrences("2001:db8:85a3:0:0:8a2e:370:7334") == ["2001:db8:85a3:0:0:8a2e:370:7334"]
    assert ips.occurrences("12:30:00") == []
    assert ips.occurrences("999.1.1.1") == []


@pytest.mark.parametrize(
    ("value", "shape"),
    [
        ("Jean DUPONT", "strong"),
        ("DUPONT Jean", "strong"),
        ("Mme Martin", "strong"),
        ("Monsieur Jean-Pierre LEROY", "strong"),
        ("Hélène Durand", "weak"),
        ("ASSOCIATION SPORTIVE DE QUIMPER", None),
        ("Club Jean Moulin", None),
        ("Gymnase Pierre de Coubertin", None),
        ("M. le Maire", None),
        ("rue Victor Hugo", None),
        ("Comité des fêtes", None),
        ("29000", None),
    ],
)
def test_name_shapes(value, shape):
    assert name_shape(value) == shape


def test_scan_finds_each_kind(scan_rows):
    rows = [
        [
            name,
            f"{first.lower()}.dupont{i}@gmail.com",
            f"06 12 34 56 {i:02d}",
            VALID_NIR,
            VALID_IBAN,
            "4111 1111 1111 1111",
            "AB-123-CD",
            f"192.168.1.{i + 1}",
            "14/03/1987",
        ]
        for i, (name, first) in enumerate(
            [("Jean DUPONT", "Jean"), ("Marie MARTIN", "Marie"), ("Paul BERNARD", "Paul")] * 4
        )
    ]
    scan = scan_rows(
        [
            "Nom",
            "Courriel",
            "Téléphone",
            "NIR",
            "IBAN",
            "Carte",
            "Immatriculation",
            "IP",
            "Date de naissance",
        ],
        rows,
    )
    assert kinds(scan) == {
        "nom": "nom_personne",
        "courriel": "email",
        "telephone": "telephone",
        "nir": "nir",
        "iban": "iban",
        "carte": "carte_bancaire",
        "immatriculation": "plaque_immatriculation",
        "ip": "adresse_ip",
        "date_de_naissance": "date_naissance",
    }
    for finding in scan.findings:
        assert finding.matches == 12 and finding.rows == 12
        assert 0 < finding.confidence <= 1
        assert 1 <= len(finding.examples) <= 3
        assert finding.explanation and finding.remedies
    email = next(f for f in scan.findings if f.kind == "email")
    assert email.examples[0].startswith(("j***@g***.com", "m***@g***.com", "p***@g***.com"))


def test_checksum_failures_are_not_flagged(scan_rows):
    rows = [
        ["1 85 05 78 006 084 36", "FR76 3000 6000 0112 3456 7890 188", "4111 1111 1111 1112"]
    ] * 5
    scan = scan_rows(["Numéro", "Compte", "Référence"], rows)
    assert scan.findings == []


def test_header_alone_is_not_evidence(scan_rows):
    scan = scan_rows(
        ["Nom", "Email", "Téléphone", "Date de naissance", "NIR"],
        [["Piscine municipale", "non communiqué", "aucun", "inconnue", "—"]] * 5,
    )
    assert scan.findings == []


def test_free_text_mentions(scan_rows):
    rows = [
        [f"Lampadaire en panne, signalé par Jean DUPONT au 06 12 34 56 {i:02d} ce matin"]
        for i in range(5)
    ] + [["Nid de poule dangereux au croisement de la rue principale"]] * 5
    scan = scan_rows(["Description"], rows)
    (finding,) = scan.findings
    assert finding.kind == "texte_libre"
    assert set(finding.contains) == {"telephone", "nom_personne"}


def test_addresses_ages_and_coordinates_need_persons(scan_rows):
    people = [
        ["Jean DUPONT", f"{i} rue des Lilas", 30 + i, "48.123456", "-4.123456"] for i in range(6)
    ]
    scan = scan_rows(["Nom", "Adresse", "Âge", "Latitude", "Longitude"], people)
    assert kinds(scan) == {
        "nom": "nom_personne",
        "adresse": "adresse_personne",
        "age": "age",
        "latitude": "coordonnees_personne",
        "longitude": "coordonnees_personne",
        # the platform makes the points a geometry: persons' coordinates too
        "geometry": "coordonnees_personne",
    }
    places = [
        ["Gymnase Jean Moulin", f"{i} rue des Lilas", 30 + i, "48.123456", "-4.123456"]
        for i in range(6)
    ]
    assert scan_rows(["Nom", "Adresse", "Âge", "Latitude", "Longitude"], places).findings == []
