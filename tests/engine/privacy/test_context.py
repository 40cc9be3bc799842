"""What is public stays publishable; what is a person's is flagged even among organisations."""

from __future__ import annotations

from tests.engine.privacy.conftest import kinds


def test_associations_with_siret_are_not_persons(scan_rows):
    rows = [
        ["Association sportive de Quimper", "21290232200019", "Jean MOULIN club"],
        ["SARL Boulangerie du Centre", "44415510500018", "x"],
        ["Club Jean Moulin", "78012958100010", "x"],
        ["Comité des fêtes de Brest", "41395842200045", "x"],
        ["Marie CURIE", "41395842200045", "x"],  # a named organisation: it has a SIRET
    ] * 4
    scan = scan_rows(["nomBeneficiaire", "idBeneficiaire", "remarque"], rows)
    assert "nombeneficiaire" not in kinds(scan)


def test_scdl_beneficiary_without_siret_that_looks_like_a_person(scan_rows):
    rows = [["Association sportive de Quimper", "21290232200019", "W123456789"]] * 20 + [
        ["M. Jean DUPONT", "", ""],
        ["Mme Hélène MARTIN", "", ""],
        ["Paul BERNARD", "", ""],
    ]
    scan = scan_rows(["nomBeneficiaire", "idBeneficiaire", "rnaBeneficiaire"], rows)
    assert kinds(scan) == {"nombeneficiaire": "nom_personne"}
    (finding,) = scan.findings
    assert finding.matches == 3


def test_elected_officials_are_public(scan_rows):
    rows = [
        [str(i), name, name, "Attribution d'une subvention, rapport de " + name, "25"]
        for i, name in enumerate(["Hélène MANDROUX", "Max LEVITA", "Annie YAGUE"] * 5)
    ]
    scan = scan_rows(["Numéro", "Élu(s)", "Rapporteur", "Objet", "Vote pour"], rows)
    assert scan.findings == []


def test_council_sitting_attendance_is_public(scan_rows):
    rows = [["paul le bihan", "NA", "présent"], ["françoise le men", "NA", "présent"]] * 5
    assert scan_rows(["nom", "procuration", "etat"], rows).findings == []


def test_public_buildings_phones_and_functional_emails(scan_rows):
    rows = [
        [name, f"{i} rue Victor Hugo", f"02 98 00 00 {i:02d}", "accueil@ville-quimper.fr"]
        for i, name in enumerate(
            ["Gymnase Pierre de Coubertin", "École Jean Jaurès", "Hôtel de Ville", "Piscine"] * 3
        )
    ]
    scan = scan_rows(["Nom de l'équipement", "Adresse", "Téléphone", "Courriel"], rows)
    assert scan.findings == []


def test_mobile_numbers_are_flagged_even_at_public_places(scan_rows):
    rows = [["Gymnase Jean Moulin", f"06 12 34 56 {i:02d}"] for i in range(5)]
    assert kinds(scan_rows(["Nom", "Téléphone"], rows)) == {"telephone": "telephone"}


def test_first_names_alone_are_statistics(scan_rows):
    rows = [["Emma", "953"], ["Lucas", "909"], ["Léa", "795"], ["Hugo", "754"]] * 3
    assert scan_rows(["Prénom", "Nombre"], rows).findings == []


def test_siret_and_codes_are_not_cards_nor_phones(scan_rows):
    rows = [
        ["21290232200019", "212902322", "29232", "29000", "1234,50", "4111111111111111"[:0] + "0"]
    ] * 10
    assert (
        scan_rows(["SIRET", "SIREN", "Code INSEE", "Code postal", "Montant", "x"], rows).findings
        == []
    )
