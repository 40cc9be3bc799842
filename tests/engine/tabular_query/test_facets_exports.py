"""Facets and streamed exports, checked against DuckDB on the same file."""

from __future__ import annotations

import csv
import gzip
import io
import json

import openpyxl
import pyarrow.parquet as pq
import pytest

from ouvert.engine.tabular.query.errors import QueryError
from ouvert.engine.tabular.query.explore import DatasetMetadata, dataset, facets
from ouvert.engine.tabular.query.exports import ExportOptions, export_records
from ouvert.engine.tabular.query.facets import FacetsRequest
from ouvert.engine.tabular.query.ods import RecordsRequest

from .reference import reference_rows


def test_facets_count_values_like_group_by(source, duck) -> None:
    answer = facets(source, FacetsRequest(facet=["commune", "nature"], where="montant > 100"))
    assert [f["name"] for f in answer["facets"]] == ["commune", "nature"]
    expected = reference_rows(
        duck,
        "SELECT commune, count(*) AS n FROM data WHERE montant > 100 AND commune IS NOT NULL "
        "GROUP BY 1 ORDER BY 2 DESC, 1",
    )
    assert answer["facets"][0]["facets"] == [
        {"name": r["commune"], "count": r["n"], "state": "displayed", "value": r["commune"]}
        for r in expected
    ]


def test_refined_and_excluded_facet_values_carry_their_state(source, duck) -> None:
    answer = facets(
        source,
        FacetsRequest(
            facet=['facet(name="commune", sort="alphanum")', "nature"],
            refine=["nature:prêt"],
            exclude=["commune:Brest"],
        ),
    )
    communes = {f["value"]: f for f in answer["facets"][0]["facets"]}
    assert communes["Brest"]["state"] == "excluded"
    assert {f["state"] for v, f in communes.items() if v != "Brest"} == {"displayed"}
    assert list(communes) == sorted(communes)
    brest = reference_rows(
        duck, "SELECT count(*) AS n FROM data WHERE nature = 'prêt' AND commune = 'Brest'"
    )
    assert communes["Brest"]["count"] == brest[0]["n"]
    assert answer["facets"][1]["facets"] == [
        {
            "name": "prêt",
            "count": reference_rows(
                duck,
                "SELECT count(*) AS n FROM data WHERE nature = 'prêt' AND (commune = 'Brest') IS NOT TRUE",
            )[0]["n"],
            "state": "refined",
            "value": "prêt",
        }
    ]


def test_date_facets_are_hierarchical(source, duck) -> None:
    answer = facets(source, FacetsRequest(facet=["date_decision"], refine=["date_decision:2019"]))
    (year,) = answer["facets"][0]["facets"]
    assert (year["name"], year["value"], year["state"]) == ("2019", "2019", "refined")
    months = reference_rows(
        duck,
        "SELECT strftime(date_decision, '%Y/%m') AS m, count(*) AS n FROM data WHERE year(date_decision) = 2019 GROUP BY 1 ORDER BY 1 DESC",
    )
    assert [(m["value"], m["count"]) for m in year["facets"]] == [(r["m"], r["n"]) for r in months]
    assert year["count"] == sum(r["n"] for r in months)


def test_no_facet_asked_uses_the_defaults(source) -> None:
    assert facets(source, FacetsRequest()) == {"facets": []}
    assert facets(source, FacetsRequest(), default_facets=["actif"])["facets"][0]["name"] == "actif"


def test_dataset_object_has_ods_shape(source) -> None:
    answer = dataset(
        source, DatasetMetadata("subventions", "da_1", metas={"default": {"title": "Subventions"}})
    )
    assert list(answer) == [
        "dataset_id",
        "dataset_uid",
        "attachments",
        "has_records",
        "data_visible",
        "features",
        "metas",
        "fields",
    ]
    assert answer["has_records"] is True
    assert set(answer["features"]) == {"analyze", "geo", "timeserie"}
    assert {f["name"]: f["type"] for f in answer["fields"]}["montant"] == "int"
    assert set(answer["fields"][0]) == {"name", "label", "type", "annotations", "description"}


WHERE = 'montant > 1000 and commune in ("Brest", "Quimper")'
EXPECTED = "SELECT commune, montant, CAST(taux AS DOUBLE) AS taux, date_decision, actif FROM data WHERE montant > 1000 AND commune IN ('Brest', 'Quimper')"


def export(source, fmt: str, **options) -> bytes:
    request = RecordsRequest(select="commune, montant, taux, date_decision, actif", where=WHERE)
    result = export_records(source, fmt, request, ExportOptions(**options))
    return b"".join(result.chunks)


def test_csv_export_uses_ods_defaults(source, duck) -> None:
    data = export(source, "csv")
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    expected = reference_rows(duck, EXPECTED)
    assert rows[0] == ["commune", "montant", "taux", "date_decision", "actif"]
    assert len(rows) == len(expected) + 1
    first = expected[0]
    assert rows[1] == [
        first["commune"],
        str(first["montant"]),
        str(first["taux"]),
        first["date_decision"],
        {True: "true", False: "false", None: ""}[first["actif"]],
    ]


def test_csv_export_options(source) -> None:
    data = export(source, "csv", delimiter="|", with_bom=False, quote_all=True)
    assert data.startswith(b'"commune"|"montant"')
    with pytest.raises(QueryError):
        export(source, "csv", delimiter="x")


def test_json_jsonl_geojson_parquet_and_xlsx_hold_the_same_rows(source, duck) -> None:
    expected = reference_rows(duck, EXPECTED)
    assert json.loads(export(source, "json")) == expected
    assert [json.loads(line) for line in export(source, "jsonl").splitlines()] == expected
    table = pq.read_table(io.BytesIO(export(source, "parquet", parquet_compression="zstd")))
    assert table.num_rows == len(expected)
    assert table.column("montant").to_pylist() == [r["montant"] for r in expected]
    sheet = openpyxl.load_workbook(io.BytesIO(export(source, "xlsx")), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("commune", "montant", "taux", "date_decision", "actif")
    assert [(r[0], r[1], r[4]) for r in rows[1:]] == [
        (e["commune"], e["montant"], e["actif"]) for e in expected
    ]
    assert rows[1][3].date().isoformat() == expected[0]["date_decision"]


def test_geojson_export_has_one_feature_per_record(source, duck) -> None:
    request = RecordsRequest(
        select="commune, geometry", where="geometry is not null and montant > 40000"
    )
    collection = json.loads(b"".join(export_records(source, "geojson", request).chunks))
    expected = reference_rows(
        duck,
        "SELECT commune, bbox_xmin, bbox_ymin FROM data WHERE geometry IS NOT NULL AND montant > 40000",
    )
    assert collection["type"] == "FeatureCollection"
    assert [f["properties"] for f in collection["features"]] == [
        {"commune": e["commune"]} for e in expected
    ]
    assert [f["geometry"]["coordinates"] for f in collection["features"]] == [
        [e["bbox_xmin"], e["bbox_ymin"]] for e in expected
    ]


def test_exports_have_no_cap_and_can_be_gzipped(source) -> None:
    result = export_records(source, "jsonl", RecordsRequest(), ExportOptions(compressed=True))
    assert result.extension == "jsonl.gz"
    assert len(gzip.decompress(b"".join(result.chunks)).splitlines()) == 600


def test_a_bad_export_fails_before_the_first_byte(source) -> None:
    with pytest.raises(QueryError):
        export_records(source, "csv", RecordsRequest(where="montant >"))
    with pytest.raises(QueryError):
        export_records(source, "shp", RecordsRequest())
