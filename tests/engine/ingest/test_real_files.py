"""Every real file of French collectivités kept in tests/data (shared/data/real) is read right
and gives no doubt: checked against an independent reading (Python's csv module with what a
person sees in the file, openpyxl, json), cell by cell for the text columns and by value for the
numbers."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from ouvert.engine.ingest import FRANCE

REAL = Path(__file__).resolve().parents[2] / "data" / "shared" / "real"
# What a person sees opening each text file: its encoding and separator.
TEXTS = {
    "cd44_224400028_subventions-aux-associations-du-departement-de-loire-atlantique.csv": (
        "utf-8", ";"),
    "cd49_224900019_subventions-aux-associations-du-departement-de-maine-et-loire.csv": (
        "utf-8", ";"),
    "dijon_bvINSEE2012.csv": ("utf-8", ";"),
    "etat_plf-2012-jaune-associations-subventionne-es-en-2010.csv": ("cp1252", ";"),
    "insee_zones-emploi.csv": ("utf-8", ";"),
    "marseille_complet_par_bureaux.csv": ("utf-8", ","),
    "montpellier_VilleMTP_MTP_AccERP_2014.csv": ("cp1252", ";"),
    "montpellier_VilleMTP_MTP_BudgetAnt.csv": ("cp1252", ";"),
    "montpellier_VilleMTP_MTP_BudgetPri_2014.csv": ("cp1252", ";"),
    "montpellier_VilleMTP_MTP_Defibrillateurs.csv": ("cp1252", ","),
    "montpellier_VilleMTP_MTP_Prenoms.csv": ("cp1252", ","),
    "paris_les-arbres_extrait.csv": ("utf-8", ";"),
    "strasbourg_bal_sample.csv": ("utf-8-sig", ";"),
    "subventions-commune-de-castelmaurou.csv": ("utf-8", ","),
}  # fmt: skip
DBASE = re.compile(r"(.+?),[CNDLF],\d+(,\d+)?")


def label(text: str) -> str:
    cleaned = " ".join(text.split())
    match = DBASE.fullmatch(cleaned)
    return match.group(1) if match else cleaned


def number(text: str) -> float | None:
    compact = re.sub(r"[\s\u00a0\u202f€]", "", text).replace(",", ".")
    try:
        return float(compact)
    except ValueError:
        return None


def table(ingested) -> tuple[list[str], list[tuple]]:
    relation = duckdb.connect().sql(
        f"SELECT * EXCLUDE (__id) FROM read_parquet('{ingested.parquet}') ORDER BY __id"
    )
    keep = [i for i, c in enumerate(relation.columns)
            if c != "geometry" and not c.startswith("bbox_")]  # fmt: skip
    return [relation.columns[i] for i in keep], [
        tuple(r[i] for i in keep) for r in relation.fetchall()
    ]


def compare(ingested, header: list[str], records: list[list[str]]) -> None:
    assert [c["label"] for c in ingested.columns] == [label(h) for h in header]
    assert ingested.row_count == len(records)
    _, found = table(ingested)
    for position, column in enumerate(ingested.columns):
        for row, record in zip(found, records, strict=True):
            text = record[position].strip() if position < len(record) else ""
            value = row[position]
            if column["type"] == "string":
                assert (value or "") == " ".join(text.split()) or value == text, (column, text)
            elif column["type"] in ("integer", "number") and number(text) is not None:
                assert value == pytest.approx(number(text)), (column["name"], text, value)
            elif not text:
                assert value is None


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_real_text_files_are_read_as_written(run, name: str) -> None:
    encoding, delimiter = TEXTS[name]
    text = (REAL / name).read_text(encoding=encoding)
    header, *records = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
                        if any(f.strip() for f in r)]  # fmt: skip
    ingested = run(REAL / name, expected_area=FRANCE)
    assert ingested.doubts == []
    assert ingested.settings.separator == delimiter
    assert ingested.settings.header_row == 0
    compare(ingested, header, records)


def test_the_file_with_unquoted_decimal_commas(run) -> None:
    name = "cd85_201906_Publication_donnees_Open_data_Subventions_Conventions.csv"
    text = (REAL / name).read_text(encoding="utf-8")
    header, *records = [r for r in csv.reader(io.StringIO(text)) if r]
    ingested = run(REAL / name, expected_area=FRANCE)
    assert ingested.doubts == []
    assert [c["label"] for c in ingested.columns][:14] == header
    assert ingested.row_count == len(records)
    montants = [r[0] for r in table(ingested)[1]]
    names, rows = table(ingested)
    montants = [r[names.index("montant")] for r in rows]
    # Each split amount, joined back: "27 000" and "00" are 27 000,00.
    assert montants == [number(f"{r[7]},{r[8]}") for r in records]
    assert [r[names.index("nature")] for r in rows] == [r[9] for r in records]


@pytest.mark.parametrize(
    "name",
    ["cd53_data.gouv-cd53-21-12-2018.xlsx",
     "cd72_subventions_versees_aux_associations_en_2018-converti.xlsx"],
)  # fmt: skip
def test_real_workbooks_are_read_as_written(run, name: str) -> None:
    sheet = load_workbook(REAL / name, read_only=True, data_only=True).worksheets[0]
    cells = [
        [("" if v is None else str(v)) for v in row] for row in sheet.iter_rows(values_only=True)
    ]
    header, *records = [r for r in cells if any(c.strip() for c in r)]
    keep = [i for i, h in enumerate(header) if h.strip() or any(r[i].strip() for r in records)]
    ingested = run(REAL / name, expected_area=FRANCE)
    assert ingested.doubts == []
    assert [c["label"] for c in ingested.columns] == [label(header[i]) for i in keep]
    assert ingested.row_count == len(records)


@pytest.mark.parametrize(
    "name",
    ["communes-29-finistere.geojson", "montpellier_VilleMTP_MTP_BureauxVote.geojson",
     "montpellier_VilleMTP_MTP_Fontaines.geojson"],
)  # fmt: skip
def test_real_geojson_files_are_read_as_written(run, name: str) -> None:
    features = json.loads((REAL / name).read_text(encoding="utf-8"))["features"]
    ingested = run(REAL / name, expected_area=FRANCE)
    assert ingested.doubts == []
    assert ingested.row_count == len(features)
    assert ingested.settings.crs == 4326
    assert [c["label"] for c in ingested.columns] == list(features[0]["properties"])


def test_the_real_ods_file_gives_no_doubt(run) -> None:
    ingested = run(
        REAL / "montpellier_VilleMTP_MTP_EquipementSportif_2012.ods", expected_area=FRANCE
    )
    assert ingested.doubts == []
    assert ingested.row_count == 253
