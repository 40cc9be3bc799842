"""People found from their values whatever the headers (issue 15): surnames, first names, birth
dates and home addresses in a file headed col1…col10; and what must stay publishable."""

from __future__ import annotations

import random
from pathlib import Path

import duckdb
import pytest

from ouvert.engine.privacy import Scan, scan_parquet

FIRST = [
    "Nathalie", "Gérard", "Maëlys", "Yannick", "Brigitte", "Kévin", "Solène", "Hervé", "Gwenaëlle",
    "Loïc", "Annick", "Thierry", "Morgane", "Erwan", "Josiane", "Maxime", "Chantal", "Ronan",
    "Élodie", "Pascal", "Nolwenn", "Jean-Yves", "Sandrine", "Tanguy",
]  # fmt: skip
LAST = [
    "Le Bihan", "KERGOAT", "Prigent", "Ollivier", "CADIOU", "Jaouen", "Salaün", "Quéré", "Guillou",
    "LE ROUX", "Morvan", "Tanguy", "Le Gall", "Nédélec", "HAMON", "Riou", "Caroff", "Le Meur",
    "Bernard", "Martin", "Cloarec", "Gourvès", "Kerbrat", "Le Goff",
]  # fmt: skip
RARE = ["Kerzerho", "PENNEC-RIOU", "Trébaol", "Gourmelon", "Ar Gall", "Bozec"]
STREETS = ["rue de Brest", "allée des Tilleuls", "chemin de Kerbriant", "avenue Jean Jaurès"]


def table(tmp_path: Path, header: list[str], rows: list[tuple[object, ...]]) -> Path:
    path = tmp_path / "t.parquet"
    con = duckdb.connect()
    columns = ", ".join(f'"{name}" {kind}' for name, kind in header)
    con.execute(f"CREATE TABLE t (__id BIGINT, {columns})")
    con.executemany(
        f"INSERT INTO t VALUES ({', '.join('?' * (len(header) + 1))})",
        [(i + 1, *row) for i, row in enumerate(rows)],
    )
    con.execute(f"COPY t TO '{path}' (FORMAT parquet)")
    return path


def kinds(scan: Scan) -> dict[str, str]:
    return {finding.column: finding.kind for finding in scan.findings}


def people(count: int, seed: int = 3) -> list[tuple[object, ...]]:
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST + RARE)
        rows.append(
            (
                last,
                first,
                f"{first.lower()[:3]}{i}@laposte.net",
                f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} 0{i % 10}",
                f"{rng.randint(1930, 2005)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                f"{rng.randint(1, 99)} {rng.choice(STREETS)}",
                rng.choice(["Quimper", "Brest", "Morlaix", "Landerneau"]),
                rng.randint(10, 900),
            )
        )
    return rows


def test_a_file_of_people_with_headers_that_say_nothing(tmp_path):
    header = [(f"col{i}", "VARCHAR") for i in range(1, 8)] + [("col8", "INTEGER")]
    header[4] = ("col5", "DATE")
    found = kinds(scan_parquet(table(tmp_path, header, people(60))))
    assert found == {
        "col1": "nom_personne",
        "col2": "nom_personne",
        "col3": "email",
        "col4": "telephone",
        "col5": "date_naissance",
        "col6": "adresse_personne",
    }


def test_birth_years_alone_do_not_make_a_birth_date(tmp_path):
    """Dates of 1920–2010 in a table of places (creation of associations) stay publishable."""
    rng = random.Random(5)
    rows = [
        (f"Association sportive de {town}", f"{rng.randint(1920, 2005)}-01-1{i % 9}", town)
        for i, town in enumerate(["Quimper", "Brest", "Morlaix", "Landerneau"] * 10)
    ]
    header = [("col1", "VARCHAR"), ("col2", "DATE"), ("col3", "VARCHAR")]
    assert kinds(scan_parquet(table(tmp_path, header, rows))) == {}


def test_first_names_alone_are_statistics(tmp_path):
    rows = [(name, count) for count, name in enumerate(FIRST)]
    header = [("prenom", "VARCHAR"), ("nombre", "INTEGER")]
    assert kinds(scan_parquet(table(tmp_path, header, rows))) == {}


def test_streets_communes_and_elected_officials_are_not_people(tmp_path):
    rows = [
        (f"{i} rue Victor Hugo", town, f"{first} {last.upper()}", f"Le {i} mai 2024")
        for i, (first, last, town) in enumerate(
            zip(FIRST * 3, LAST * 3, ["Quimper", "Brest", "Saint-Renan"] * 8, strict=False)
        )
    ]
    header = [("voie", "VARCHAR"), ("commune", "VARCHAR"), ("rapporteur", "VARCHAR")]
    header += [("seance", "VARCHAR")]
    assert kinds(scan_parquet(table(tmp_path, header, rows))) == {}


@pytest.mark.parametrize(
    "value", ["2022-01-30T01:11:38.075000", "2019-12-31T10:00:00+01:00", "30T01", "12.5 AB 29"]
)
def test_a_date_time_is_not_a_plate(tmp_path, value):
    rows = [(f"Jeu de données {i}", value) for i in range(20)]
    header = [("titre", "VARCHAR"), ("modifie", "VARCHAR")]
    assert kinds(scan_parquet(table(tmp_path, header, rows))) == {}


def test_mobiles_typed_as_numbers(tmp_path):
    rows = [
        (f"{first} {last}", 600000000 + i * 1234567)
        for i, (first, last) in enumerate(zip(FIRST * 2, LAST * 2, strict=True))
    ]
    header = [("nom", "VARCHAR"), ("tel", "BIGINT")]
    assert kinds(scan_parquet(table(tmp_path, header, rows)))["tel"] == "telephone"
