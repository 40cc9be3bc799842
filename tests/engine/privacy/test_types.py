"""Every detector and remedy faces every DuckDB type without failing: geometries, WKB bytes, bbox
structs, lists, maps, decimals, times… each under a header that wakes some detector up, in a
table that names people so that the second-stage detectors run too."""

from __future__ import annotations

import duckdb
import pytest

from ouvert.engine.privacy import scan_parquet
from ouvert.engine.privacy.remedies import REMEDIES, RemedyError, apply

# Header → a SQL value of an awkward type (the header is chosen to wake a detector up).
AWKWARD = {
    "geometry": "'POINT(-4.123456 48.987654)'::GEOMETRY",
    "geo_point_2d": "'POINT(-4.1 48.9)'::GEOMETRY",
    "latitude": "48.123456::DECIMAL(12,6)",
    "longitude": "[-4.123456, -4.2]",
    "bbox": "{'xmin': -4.1, 'ymin': 48.1, 'xmax': -4.0, 'ymax': 48.2}",
    "coordonnees": "MAP {'lat': '48.123456'}",
    "age": "34::DECIMAL(4,1)",
    "date_de_naissance": "TIMESTAMP_MS '1987-03-14 00:00:00'",
    "naissance_heure": "TIME '10:00'",
    "adresse": "['12 rue des Lilas', '29000 Quimper']",
    "telephone": "612345678::BIGINT",
    "portable": "uuid()",
    "courriel": '\'{"mail": "jean.dupont@gmail.com"}\'::JSON',
    "iban": "'FR7630006000011234567890189'::BLOB",
    "immatriculation": "INTERVAL 3 DAY",
    "adresse_ip": "true",
    "carte": "1.5::FLOAT",
    "nir": "'101100111'::BIT",
    "naissance": "DATE '1987-03-14'",
    "prenom": "['Jean']",
}


@pytest.fixture
def awkward(tmp_path):
    path = tmp_path / "awkward.parquet"
    con = duckdb.connect()
    values = ", ".join(f"{sql} AS {name}" for name, sql in AWKWARD.items())
    names = ["Jean DUPONT", "Marie LE GALL", "Yann MORVAN", "Sophie TANGUY", "Paul KERJEAN"]
    people = " UNION ALL ".join(f"SELECT '{name}' AS nom" for name in names)
    con.execute(
        f"COPY (SELECT row_number() OVER () AS __id, p.nom, {values} "
        f"FROM ({people}) p, range(4)) TO '{path}' (FORMAT parquet)"
    )
    return path


def test_a_scan_reads_every_type(awkward):
    scan = scan_parquet(awkward)
    kinds = {finding.column: finding.kind for finding in scan.findings}
    assert kinds["nom"] == "nom_personne"
    assert kinds["geometry"] == "coordonnees_personne"  # precise points, in a table naming people
    assert kinds["naissance"] == "date_naissance"
    assert kinds["date_de_naissance"] == "date_naissance"
    assert "bbox" not in kinds and "geo_point_2d" not in kinds  # a box; a point rounded to 1 km


def test_wkb_bytes_in_a_geometry_column(tmp_path):
    path = tmp_path / "wkb.parquet"
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT range AS __id, ['Jean DUPONT', 'Anne MARTIN'][range % 2 + 1] AS nom, "
        "CASE WHEN range % 5 = 0 THEN '\\x01\\x01'::BLOB "  # damaged WKB: read as nothing
        "ELSE CAST('POINT(-4.123456 48.987654)'::GEOMETRY AS BLOB) END AS geometry "
        f"FROM range(20)) TO '{path}' (FORMAT parquet)"
    )
    kinds = {finding.column: finding.kind for finding in scan_parquet(path).findings}
    assert kinds["geometry"] == "coordonnees_personne"


@pytest.mark.parametrize("column", sorted(AWKWARD))
def test_every_remedy_either_works_or_says_why(awkward, tmp_path, column):
    for remedy in REMEDIES:
        target = tmp_path / f"{column}-{remedy}.parquet"
        try:
            apply(awkward, target, column, remedy, key=b"k", kind="coordonnees_personne")
        except RemedyError as error:
            assert str(error)[:1].isupper() and str(error).endswith(".")  # a French sentence
            continue
        rows = duckdb.connect().execute(f"SELECT count(*) FROM '{target}'").fetchone()
        assert rows == (20,)
