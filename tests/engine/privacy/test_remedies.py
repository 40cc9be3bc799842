"""Each remedy writes a new Parquet in which the personal data is gone."""

from __future__ import annotations

import hashlib
import hmac

import duckdb
import pytest

from ouvert.engine.privacy.remedies import RemedyError, apply


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "t.parquet"
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE t AS SELECT * FROM (VALUES "
        "(1, 'jean.dupont@gmail.com', DATE '1987-03-14', 48.123456, '12 rue des Lilas 29000 Quimper', '34'),"
        "(2, NULL, DATE '1990-12-01', 47.987654, '3 allée Verte 21000 Dijon', '7')"
        ") v(__id, email, naissance, lat, adresse, age)"
    )
    con.execute(f"COPY t TO '{path}' (FORMAT parquet)")
    return path


def read(path):
    return (
        duckdb.connect().execute(f"SELECT * FROM read_parquet('{path}') ORDER BY __id").fetchall()
    )


def columns(path):
    return [
        r[0]
        for r in duckdb.connect()
        .execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')")
        .fetchall()
    ]


def test_drop(table, tmp_path):
    out = tmp_path / "o.parquet"
    apply(table, out, "email", "drop")
    assert "email" not in columns(out)


def test_mask(table, tmp_path):
    out = tmp_path / "o.parquet"
    apply(table, out, "email", "mask")
    assert [row[1] for row in read(out)] == ["j***.******@*****.***", None]


def test_pseudonymise_is_keyed_and_stable(table, tmp_path):
    out = tmp_path / "o.parquet"
    apply(table, out, "email", "pseudonymise", key=b"secret")
    expected = hmac.new(b"secret", b"jean.dupont@gmail.com", hashlib.sha256).hexdigest()[:16]
    assert [row[1] for row in read(out)] == [expected, None]
    other = tmp_path / "p.parquet"
    apply(table, other, "email", "pseudonymise", key=b"other")
    assert read(other)[0][1] != expected
    with pytest.raises(RemedyError):
        apply(table, other, "email", "pseudonymise")


def test_generalise(table, tmp_path):
    out = tmp_path / "o.parquet"
    apply(table, out, "naissance", "generalise")
    assert [row[2] for row in read(out)] == [1987, 1990]
    apply(table, out, "lat", "generalise", kind="coordonnees_personne")
    assert [float(row[3]) for row in read(out)] == [48.12, 47.99]
    apply(table, out, "adresse", "generalise", kind="adresse_personne")
    assert [row[4] for row in read(out)] == ["29000 Quimper", "21000 Dijon"]
    apply(table, out, "age", "generalise", kind="age")
    assert [row[5] for row in read(out)] == ["30-39", "0-9"]


def test_unknown_column_or_remedy(table, tmp_path):
    with pytest.raises(RemedyError):
        apply(table, tmp_path / "o.parquet", "nope", "drop")
    with pytest.raises(RemedyError):
        apply(table, tmp_path / "o.parquet", "email", "burn")


def test_mask_cells_masks_only_the_rows_given(table, tmp_path):
    out = tmp_path / "o.parquet"
    apply(table, out, "adresse", "mask_cells", cells=[2])
    assert [row[4] for row in read(out)] == [
        "12 rue des Lilas 29000 Quimper",
        "3 ***** ***** ***** *****",
    ]
    apply(table, out, "adresse", "mask_cells", cells=[1], pattern=r"[0-9]{5}")
    assert [row[4] for row in read(out)] == [
        "12 rue des Lilas 29*** Quimper",
        "3 allée Verte 21000 Dijon",
    ]
    with pytest.raises(RemedyError):
        apply(table, out, "adresse", "mask_cells")
