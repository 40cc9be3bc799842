"""Delimited text as French collectivités write it."""

from __future__ import annotations

import datetime as dt

import pytest

from ouvert.engine.ingest import IngestError

from .conftest import rows, types

FRENCH = (
    "Commune;Code INSEE;Code postal;Montant;Date de vote;Versé;Population;SIRET\r\n"
    "Ambérieu-en-Bugey;01004;01500;1 234,50;31/01/2024;oui;14 514;21010004500017\r\n"
    "Ajaccio;2A004;20000;12,5;01/02/2024;non;72 995;21200004300019\r\n"
    "Quimper;29232;29000;-3\u00a0000,00;15/03/2024;oui;63 283;21290232300014\r\n"
    "Brest;29019;29200;;;non;NC;21290019400011\r\n"
)


def test_a_french_cp1252_file_is_typed_with_its_codes_intact(run) -> None:
    ingested = run(FRENCH.encode("cp1252"))
    assert ingested.row_count == 4
    assert types(ingested) == {
        "commune": ("string", None),
        "code_insee": ("string", "code_commune_insee"),
        "code_postal": ("string", "code_postal"),
        "montant": ("number", "money"),
        "date_de_vote": ("date", "date"),
        "verse": ("boolean", "booleen"),
        "population": ("integer", None),
        "siret": ("string", "siret"),
    }
    assert [c["label"] for c in ingested.columns][0:2] == ["Commune", "Code INSEE"]
    assert rows(
        ingested, "commune, code_insee, code_postal, montant, date_de_vote, verse, population"
    ) == [
        ("Ambérieu-en-Bugey", "01004", "01500", 1234.5, dt.date(2024, 1, 31), True, 14514),
        ("Ajaccio", "2A004", "20000", 12.5, dt.date(2024, 2, 1), False, 72995),
        ("Quimper", "29232", "29000", -3000.0, dt.date(2024, 3, 15), True, 63283),
        ("Brest", "29019", "29200", None, None, False, None),
    ]
    assert any("Windows-1252" in note for note in ingested.notes)


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("cp1252", b"")],
)
def test_encodings(run, encoding: str, bom: bytes) -> None:
    text = "Libellé;Quantité\nÉcole élémentaire œuvre « Jean »;3\nCafé;4\n"
    ingested = run(bom + text.encode(encoding))
    assert rows(ingested, "libelle, quantite") == [
        ("École élémentaire œuvre « Jean »", 3),
        ("Café", 4),
    ]


def test_stray_windows_bytes_in_utf8_are_repaired_and_said(run) -> None:
    data = "Nom;Ville\nÉcole;Brest\n".encode() + "Entrée;Quimper\n".encode("cp1252")
    ingested = run(data)
    assert rows(ingested, "nom") == [("École",), ("Entrée",)]
    assert any("octet(s)" in note for note in ingested.notes)


def test_stray_windows_bytes_far_down_a_utf8_file_are_repaired_too(run) -> None:
    lines = "".join(f"École {i};Brest\n" for i in range(120_000))  # more than the sniffed start
    data = ("Nom;Ville\n" + lines).encode() + "Entrée;Quimper\n".encode("cp1252")
    ingested = run(data)
    assert ingested.row_count == 120_001
    assert rows(ingested, "nom", "WHERE ville = 'Quimper'") == [("Entrée",)]
    assert any("1 octet(s)" in note for note in ingested.notes)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", "mixed"])
def test_line_endings(run, newline: str) -> None:
    lines = ["a,b", "1,x", "2,y", "3,z"]
    text = "a,b\r\n1,x\n2,y\r\n3,z\n" if newline == "mixed" else newline.join(lines) + newline
    ingested = run(text)
    assert rows(ingested, "a, b") == [(1, "x"), (2, "y"), (3, "z")]


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_delimiters(run, delimiter: str) -> None:
    text = delimiter.join(["nom", "valeur", "note"]) + "\n"
    text += delimiter.join(["alpha", "1,5" if delimiter != "," else '"1,5"', "bien"]) + "\n"
    text += delimiter.join(["beta", "2", "assez bien"]) + "\n"
    ingested = run(text)
    assert rows(ingested, "nom, valeur, note") == [
        ("alpha", 1.5, "bien"),
        ("beta", 2.0, "assez bien"),
    ]


def test_title_rows_and_a_multi_line_quoted_header(run) -> None:
    text = (
        "Subventions votées en 2024\n"
        "Source : service des finances\n"
        "\n"
        'Bénéficiaire;"Montant\nvoté (€)";Objet\n'
        'Club nautique;1500;"Régates\nd\'été"\n'
        "Amicale laïque;800;Fête\n"
    )
    ingested = run(text)
    assert [c["label"] for c in ingested.columns] == ["Bénéficiaire", "Montant voté (€)", "Objet"]
    assert rows(ingested, "beneficiaire, montant_vote, objet") == [
        ("Club nautique", 1500, "Régates\nd'été"),
        ("Amicale laïque", 800, "Fête"),
    ]
    assert any("au-dessus de l'en-tête" in note for note in ingested.notes)


def test_numbers_dates_and_booleans_in_their_french_forms(run) -> None:
    text = (
        "montant;taux;jour;heure;actif;annee\n"
        "1.234.567,89;0,5;05/06/24;05/06/2024 14:30;Vrai;2023\n"
        "12 000;,25;31/12/99;31/12/2024 08:05:00;Faux;2024\n"
        "7 000 €;1;01/01/00;01/01/2025 00:00;vrai;2025\n"
    )
    ingested = run(text)
    assert types(ingested)["montant"] == ("number", "money")
    assert types(ingested)["jour"] == ("date", "date")
    assert types(ingested)["heure"] == ("datetime", "datetime_naive")
    assert types(ingested)["annee"] == ("integer", "year")
    assert rows(ingested, "montant, taux, jour, heure, actif") == [
        (1234567.89, 0.5, dt.date(2024, 6, 5), dt.datetime(2024, 6, 5, 14, 30), True),
        (12000.0, 0.25, dt.date(1999, 12, 31), dt.datetime(2024, 12, 31, 8, 5), False),
        (7000.0, 1.0, dt.date(2000, 1, 1), dt.datetime(2025, 1, 1), True),
    ]


def test_codes_keep_leading_zeros_and_never_become_numbers(run) -> None:
    text = "departement;nature;identifiant;numero\n01;0612;000123;1\n2A;6238;004567;2\n29;026;000001;3\n"
    ingested = run(text)
    assert types(ingested)["departement"] == ("string", "code_departement")
    assert types(ingested)["nature"][0] == "string"
    assert types(ingested)["identifiant"][0] == "string"
    assert types(ingested)["numero"][0] == "integer"
    assert rows(ingested, "departement, nature, identifiant") == [
        ("01", "0612", "000123"),
        ("2A", "6238", "004567"),
        ("29", "026", "000001"),
    ]


def test_identifiers_destroyed_by_a_spreadsheet_are_flagged(run) -> None:
    text = "nom;siret\nA;21290232300014\nB;2.12903E+13\nC;2,12903E+13\n"
    ingested = run(text)
    assert types(ingested)["siret"] == ("string", None)
    assert rows(ingested, "siret") == [("21290232300014",), ("2.12903E+13",), ("2,12903E+13",)]
    assert any("notation scientifique" in note for note in ingested.notes)


def test_a_column_that_only_mostly_converts_stays_text_and_says_why(run) -> None:
    values = "\n".join(f"{i}" for i in range(60_000))
    ingested = run("valeur\n" + values + "\nà vérifier\n")
    assert types(ingested)["valeur"] == ("string", None)
    assert ingested.row_count == 60_001
    assert any("à vérifier" in note and "60001" in note for note in ingested.notes)


def test_unquoted_decimal_commas_are_joined_back_and_said(run) -> None:
    text = "nom,montant,objet\nA,27 000,00,fête\nB,1 500,50,sport\nC,300,bal\n"
    ingested = run(text)
    assert [c["name"] for c in ingested.columns] == ["nom", "montant", "objet"]
    assert rows(ingested, "nom, montant, objet") == [
        ("A", 27000.0, "fête"),
        ("B", 1500.5, "sport"),
        ("C", 300.0, "bal"),
    ]
    assert any("virgule décimale non protégée" in note for note in ingested.notes)
    assert ingested.doubts == []


def test_rows_longer_than_the_header_keep_their_extra_fields(run) -> None:
    text = "nom;montant\n" + "".join(f"n{i};{i}\n" for i in range(50)) + "Z;9;en trop\n"
    ingested = run(text)
    assert [c["name"] for c in ingested.columns] == ["nom", "montant", "colonne_3"]
    assert rows(ingested, "nom, montant, colonne_3")[-1] == ("Z", 9, "en trop")
    assert any("plus de champs que l'en-tête" in note for note in ingested.notes)


def test_blank_lines_and_ragged_rows(run) -> None:
    text = "a;b;c\n1;2;3\n\n;;\n4;5\n"
    ingested = run(text)
    assert ingested.row_count == 2
    assert rows(ingested, "a, b, c") == [(1, 2, 3), (4, 5, None)]


def test_headers_become_unique_field_names(run) -> None:
    text = "Nom;nom;;2024;__id;Année (€)\nx;y;z;1;2;3\n"
    ingested = run(text)
    assert [c["name"] for c in ingested.columns] == [
        "nom", "nom_2", "colonne_3", "c_2024", "id", "annee",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "vide"),
        (b"\n\n  \n", "vide"),
        (b"a;b;c\n", "aucune ligne"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"\x1f\x8b\x08\x00", "gzip\\) est endommagé"),
        (b"Rar!\x1a\x07\x00", "archive compressée"),
        ('a;b\n1;"jamais fermé\n2;3\n'.encode(), "guillemet"),
    ],
)
def test_unreadable_files_are_refused_in_french(run, content: bytes, reason: str) -> None:
    with pytest.raises(IngestError, match=reason):
        run(content)


def test_french_decimals_are_numbers_not_coordinates(run) -> None:
    ingested = run("taux;part\n0,01;12,5\n0,25;1,75\n")
    assert types(ingested) == {"taux": ("number", None), "part": ("number", None)}
    assert not ingested.is_geographic


def test_trailing_separators_do_not_make_columns(run) -> None:
    ingested = run("a;b;\n1;x;\n2;y;\n")
    assert [c["name"] for c in ingested.columns] == ["a", "b"]
    assert rows(ingested, "*")[0] == (1, 1, "x")
