"""Geographic tables that name people are held, whatever their geometries and format (issue 12 §3:
the guard used to crash on DuckDB's GEOMETRY type and the version failed instead)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import duckdb
import pyarrow as pa
import pyogrio
import pytest
import shapely
from django.core.exceptions import ValidationError

from ouvert.catalog.models import ResourceVersion
from ouvert.publishing import guard
from ouvert.publishing import services as publishing
from ouvert.publishing.models import AuditEntry, Review

PEOPLE = ["Jean DUPONT", "Marie LE GALL", "Yann MORVAN", "Sophie TANGUY", "Paul KERJEAN"] * 4


def _points(count: int) -> list[shapely.Geometry]:
    return [shapely.Point(-4.1 + i * 0.001234, 48.0 + i * 0.000567) for i in range(count)]


def _mixed(count: int) -> list[shapely.Geometry]:
    shapes: list[shapely.Geometry] = []
    for i, point in enumerate(_points(count)):
        if i % 3 == 1:
            shapes.append(shapely.LineString([(point.x, point.y), (point.x + 0.01, point.y)]))
        elif i % 3 == 2:
            shapes.append(point.buffer(0.001))
        else:
            shapes.append(point)
    return shapes


def geojson(shapes: list[shapely.Geometry]) -> bytes:
    features = [
        {
            "type": "Feature",
            "properties": {"habitant": name, "portable": f"06 12 34 56 {i:02d}"},
            "geometry": json.loads(shapely.to_geojson(shape)),
        }
        for i, (name, shape) in enumerate(zip(PEOPLE, shapes, strict=True))
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def vector(tmp_path: Path, driver: str, suffix: str) -> bytes:
    folder = tmp_path / driver
    folder.mkdir()
    table = pa.table(
        {
            "habitant": PEOPLE,
            "geometry": shapely.to_wkb(_points(len(PEOPLE))).tolist(),
        }
    )
    target = folder / f"domiciles{suffix}"
    pyogrio.write_arrow(
        table,
        target,
        driver=driver,
        geometry_name="geometry",
        geometry_type="Point",
        crs="EPSG:4326",
    )
    if suffix == ".gpkg":
        return target.read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in folder.iterdir():
            archive.write(member, member.name)
    return buffer.getvalue()


def upload(make_dataset, quimper_editor, data: bytes, filename: str) -> ResourceVersion:
    dataset = make_dataset("Domiciles", filename="premier.csv")
    resource = dataset.resources.get()
    version = publishing.upload_version(quimper_editor, resource, io.BytesIO(data), filename)
    version.refresh_from_db()
    return version


@pytest.mark.parametrize("layout", ["points", "mixed", "shapefile", "geopackage"])
def test_a_geographic_table_naming_people_is_held_not_failed(
    layout, make_dataset, quimper_editor, tmp_path
) -> None:
    data, filename = {
        "points": lambda: (geojson(_points(len(PEOPLE))), "domiciles.geojson"),
        "mixed": lambda: (geojson(_mixed(len(PEOPLE))), "domiciles.geojson"),
        "shapefile": lambda: (vector(tmp_path, "ESRI Shapefile", ".shp"), "domiciles.zip"),
        "geopackage": lambda: (vector(tmp_path, "GPKG", ".gpkg"), "domiciles.gpkg"),
    }[layout]()
    version = upload(make_dataset, quimper_editor, data, filename)
    assert version.status == ResourceVersion.Status.HELD, version.status_message
    kinds = {f["column"]: f["kind"] for f in Review.objects.get(version=version).findings}
    assert kinds["habitant"] == "nom_personne"
    if layout != "mixed":  # only a third of the mixed geometries are points: no one's home
        assert kinds["geometry"] == "coordonnees_personne"


def test_point_geometries_are_generalised_or_dropped(make_dataset, quimper_editor) -> None:
    version = upload(make_dataset, quimper_editor, geojson(_points(20)), "domiciles.geojson")
    rounded = guard.remedy(quimper_editor, version, "geometry", "generalise")
    rounded.refresh_from_db()
    assert rounded.filename.endswith(".geojson") and rounded.table.is_geographic
    con = duckdb.connect()
    points = [
        shapely.from_wkb(row[0])
        for row in con.execute(
            "SELECT geometry FROM read_parquet(?) ORDER BY __id", [str(rounded.table.absolute_path)]
        ).fetchall()
    ]
    assert [(p.x, p.y) for p in points[:2]] == [(-4.1, 48.0), (-4.1, 48.0)]
    assert all(round(p.x, 2) == p.x and round(p.y, 2) == p.y for p in points)
    kinds = {f["kind"] for f in Review.objects.get(version=rounded).findings}
    assert "coordonnees_personne" not in kinds and "nom_personne" in kinds

    version.refresh_from_db()
    dropped = guard.remedy(quimper_editor, version, "geometry", "drop")
    dropped.refresh_from_db()
    assert dropped.filename.endswith(".csv") and not dropped.table.is_geographic
    assert AuditEntry.objects.filter(kind=AuditEntry.Kind.REMEDIED).count() == 2
    with pytest.raises(ValidationError):
        guard.remedy(quimper_editor, version, "geometry", "mask")


def test_a_guard_that_cannot_look_holds_the_version(
    make_dataset, quimper_editor, monkeypatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise duckdb.BinderException("No function matches the given name and argument types")

    monkeypatch.setattr(guard, "scan_parquet", broken)
    version = upload(make_dataset, quimper_editor, b"commune;montant\nBrest;12\n", "b.csv")
    assert version.status == ResourceVersion.Status.HELD
    assert "n'a pas pu aboutir" in version.status_message
    assert "inattendue a interrompu" not in version.status_message
    assert AuditEntry.objects.filter(version=version, kind=AuditEntry.Kind.HELD).exists()


@pytest.mark.parametrize("layout", ["points", "mixed"])
def test_ouvert_scan_on_geographic_files(layout, tmp_path, capsys) -> None:
    from ouvert.standalone import scan

    path = tmp_path / "domiciles.geojson"
    path.write_bytes(geojson((_points if layout == "points" else _mixed)(len(PEOPLE))))
    assert scan.main([str(path), "--json"]) == 1
    kinds = {f["column"]: f["kind"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert kinds["habitant"] == "nom_personne" and kinds["portable"] == "telephone"


def test_ouvert_scan_says_when_it_could_not_look(tmp_path, monkeypatch, capsys) -> None:
    from ouvert.standalone import scan

    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(scan, "scan_file", broken)
    path = tmp_path / "a.csv"
    path.write_text("a\n1\n", encoding="utf-8")
    assert scan.main([str(path)]) == 2
    said = capsys.readouterr()
    assert "n'a pas pu aboutir" in said.err and "Traceback" not in said.out + said.err
