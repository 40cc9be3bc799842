"""Spreadsheets, JSON, geographic files, and the limits that refuse hostile files."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pyogrio
import pytest
import shapely
from pyproj import Transformer

from ouvert.engine.ingest import IngestError, Limits

from .conftest import DEMO, rows, types


def xlsx(
    tmp_path: Path,
    sheets: dict[str, list[list[object]]],
    merges: dict[str, list[str]] | None = None,
) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, cells in sheets.items():
        sheet = book.create_sheet(name)
        for row in cells:
            sheet.append(row)
        for merge in (merges or {}).get(name, []):
            sheet.merge_cells(merge)
    path = tmp_path / "classeur.xlsx"
    book.save(path)
    return path


def test_a_spreadsheet_with_title_rows_merged_headers_and_a_chosen_sheet(run, tmp_path) -> None:
    path = xlsx(
        tmp_path,
        {
            "Notes": [["Ce classeur présente les subventions"]],
            "Données": [
                ["Subventions 2024 de la commune"],
                [],
                ["Bénéficiaire", "Montant", None, "Versé"],
                [None, "voté", "versé", None],
                ["Club", 1500, 1500.5, "oui"],
                ["Amicale", 800, None, "non"],
                [None, None, None, None],
                ["Comité", 200, 100, "oui"],
            ],
        },
        merges={"Données": ["B3:C3"]},
    )
    ingested = run(path, sheet="Données")
    assert [c["label"] for c in ingested.columns] == [
        "Bénéficiaire",
        "Montant voté",
        "Montant versé",
        "Versé",
    ]
    assert rows(ingested, "beneficiaire, montant_vote, montant_verse, verse") == [
        ("Club", 1500, 1500.5, True),
        ("Amicale", 800, None, False),
        ("Comité", 200, 100.0, True),
    ]
    assert any("feuille « Données »" in n for n in ingested.notes)
    with pytest.raises(IngestError, match="pas de feuille « Budget »"):
        run(path, sheet="Budget")


def test_spreadsheet_cells_keep_codes_dates_and_identifiers(run, tmp_path) -> None:
    path = xlsx(
        tmp_path,
        {
            "Feuil1": [
                ["Code commune", "Date", "SIRET", "Part"],
                ["29232", dt.datetime(2024, 1, 31), 21290232300014, 0.25],
                ["01004", dt.datetime(2024, 2, 1), 21010004500017, 0.5],
            ]
        },
    )
    ingested = run(path)
    assert types(ingested)["code_commune"] == ("string", "code_commune_insee")
    assert types(ingested)["date"] == ("date", "date")
    assert types(ingested)["siret"] == ("string", "siret")
    assert rows(ingested, "code_commune, date, siret, part")[1] == (
        "01004", dt.date(2024, 2, 1), "21010004500017", 0.5,
    )  # fmt: skip


def test_the_demo_ods_file(run) -> None:
    ingested = run(DEMO / "montpellier_VilleMTP_MTP_EquipementSportif_2012.ods")
    assert ingested.kind == "ods"
    assert ingested.row_count == 253
    assert ingested.columns[0]["label"] == "Installations liste Mairie"


def test_a_damaged_spreadsheet_is_refused(run, tmp_path) -> None:
    path = xlsx(tmp_path, {"A": [["a"], [1]]})
    data = path.read_bytes()
    with pytest.raises(IngestError, match="endommagé"):
        run(data[: len(data) // 2], name="coupe.xlsx")


@pytest.mark.parametrize(
    "document",
    [
        [{"nom": "A", "n": 1, "tags": ["x", "y"]}, {"nom": "B", "n": 2, "tags": []}],
        {"data": [{"nom": "A", "n": 1, "tags": ["x", "y"]}, {"nom": "B", "n": 2, "tags": []}]},
    ],
)
def test_json_arrays_and_data_envelopes(run, document) -> None:
    ingested = run(json.dumps(document), name="donnees.json")
    assert types(ingested)["n"] == ("integer", None)
    assert rows(ingested, "nom, n, tags") == [("A", 1, '["x","y"]'), ("B", 2, "[]")]


def test_json_lines(run) -> None:
    ingested = run('{"a": 1, "b": "x"}\n{"a": 2, "b": "y"}\n', name="lignes.jsonl")
    assert rows(ingested, "a, b") == [(1, "x"), (2, "y")]


def test_malformed_json_is_refused(run) -> None:
    with pytest.raises(IngestError, match="JSON"):
        run('[{"a": 1}, {"a": ', name="coupe.json")


def _wkb_points(ingested) -> list[shapely.Point]:
    con = duckdb.connect()
    blobs = con.execute(
        "SELECT geometry FROM read_parquet(?) ORDER BY __id", [str(ingested.parquet)]
    ).fetchall()
    return [shapely.from_wkb(b[0]) if b[0] is not None else None for b in blobs]


def test_geojson_is_stored_as_wkb_with_bbox_and_geoparquet_metadata(run) -> None:
    ingested = run(DEMO / "communes-29-finistere.geojson")
    assert ingested.is_geographic and ingested.row_count == 279
    con = duckdb.connect()
    metadata = dict(
        con.execute(
            "SELECT key, value FROM parquet_kv_metadata(?)", [str(ingested.parquet)]
        ).fetchall()
    )
    geo = json.loads(metadata[b"geo"])
    assert geo["primary_column"] == "geometry"
    assert set(geo["columns"]["geometry"]["geometry_types"]) <= {"Polygon", "MultiPolygon"}
    xmin, ymin, xmax, ymax = geo["columns"]["geometry"]["bbox"]
    assert -5.2 < xmin < xmax < -3.3 and 47.6 < ymin < ymax < 48.8
    row = con.execute(
        "SELECT nom, bbox_xmin, bbox_ymax FROM read_parquet(?) WHERE code = '29232'",
        [str(ingested.parquet)],
    ).fetchall()
    assert row[0][0] == "Quimper" and -4.3 < row[0][1] < -4.0


def test_lambert_93_coordinates_without_a_declared_system_are_reprojected(run) -> None:
    to_l93 = Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True)
    x, y = to_l93.transform(-4.1024, 47.9960)  # Quimper cathedral
    text = f"nom;X;Y\nCathédrale;{x:.2f};{y:.2f}\nSans position;;\n"
    ingested = run(text.replace(".", ","))
    assert ingested.is_geographic
    point = _wkb_points(ingested)[0]
    assert point.x == pytest.approx(-4.1024, abs=1e-5) and point.y == pytest.approx(
        47.9960, abs=1e-5
    )
    assert _wkb_points(ingested)[1] is None
    assert any("Lambert-93" in n for n in ingested.notes)


def test_latitude_longitude_columns_and_a_lat_lon_column_become_points(run) -> None:
    ingested = run("nom,latitude,longitude\nA,48.39,-4.48\nB,47.99,-4.10\n")
    assert [(p.x, p.y) for p in _wkb_points(ingested)] == [(-4.48, 48.39), (-4.10, 47.99)]
    ingested = run('nom;geo_point_2d\nA;"48.8391832608, 2.40714227176"\n')
    assert _wkb_points(ingested)[0].x == pytest.approx(2.40714227176)


def test_a_zipped_shapefile_in_lambert_93(run, tmp_path) -> None:
    folder = tmp_path / "shp"
    folder.mkdir()
    import pyarrow as pa

    points = shapely.points([171_000.0, 148_000.0], [6_789_000.0, 6_838_000.0])
    table = pa.table({"nom": ["Quimper", "Brest"], "geometry": shapely.to_wkb(points).tolist()})
    pyogrio.write_arrow(
        table,
        folder / "lieux.shp",
        geometry_name="geometry",
        geometry_type="Point",
        crs="EPSG:2154",
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in folder.iterdir():
            archive.write(member, f"couche/{member.name}")
    ingested = run(buffer.getvalue(), name="lieux.zip")
    assert ingested.kind == "shapefile" and ingested.row_count == 2
    quimper = _wkb_points(ingested)[0]
    assert -4.2 < quimper.x < -4.0 and 47.9 < quimper.y < 48.1
    assert rows(ingested, "nom") == [("Quimper",), ("Brest",)]


def test_a_shapefile_missing_its_parts_is_refused(run) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("lieux.shp", b"\x00" * 100)
    with pytest.raises(IngestError, match="incomplet"):
        run(buffer.getvalue(), name="lieux.zip")


def test_a_zip_bomb_is_refused_before_it_is_opened(run) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("donnees.csv", b"a;b\n" + b"0" * (200 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024
    with pytest.raises(IngestError, match="bombe de décompression"):
        run(buffer.getvalue(), name="bombe.zip")


def test_a_zipped_csv_is_read(run) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("donnees.csv", b"a;b\n1;x\n2;y\n")
    ingested = run(buffer.getvalue(), name="donnees.zip")
    assert rows(ingested, "a, b") == [(1, "x"), (2, "y")]


def test_limits_name_what_was_exceeded(run) -> None:
    with pytest.raises(IngestError, match="11 colonnes, au-delà de la limite de 10"):
        run(
            ";".join(f"c{i}" for i in range(11)) + "\n" + ";".join("1" * 11) + "\n",
            limits=Limits(max_columns=10),
        )
    with pytest.raises(IngestError, match=r"colonne « texte ».*limite de 1000"):
        run("id;texte\n1;" + "x" * 1001 + "\n", limits=Limits(max_cell_length=1000))
    with pytest.raises(IngestError, match="au-delà de la limite"):
        run("a\n" + "1\n" * 1000, limits=Limits(max_file_size=100))


def test_hostile_headers_are_only_text(run) -> None:
    ingested = run('"<script>alert(1)</script>";"x\'); DROP TABLE raw; --"\n1;2\n')
    assert [c["label"] for c in ingested.columns] == [
        "<script>alert(1)</script>",
        "x'); DROP TABLE raw; --",
    ]
    assert [c["name"] for c in ingested.columns] == ["script_alert_1_script", "x_drop_table_raw"]


def test_the_profile_counts_nulls_distinct_values_and_tops(run) -> None:
    ingested = run("espece;hauteur\nChêne;10\nChêne;12\nHêtre;\nIf;3\nChêne;4\nIf;5\nChêne;6\n")
    espece = ingested.profile["espece"]
    assert espece["nulls"] == 0 and espece["distinct"] == 3
    assert espece["top"][0] == ["Chêne", 4]
    hauteur = ingested.profile["hauteur"]
    assert hauteur["nulls"] == 1 and hauteur["min"] == "3" and hauteur["max"] == "12"
    assert next(c for c in ingested.columns if c["name"] == "espece").get("facet") is True
