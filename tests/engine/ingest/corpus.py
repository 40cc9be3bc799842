"""Generators of the files that were read wrong (issue 13), one class of layout each, written
for these tests (no one's file copied): each returns the file's bytes or path and, in its
docstring, the reading expected of it."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
import struct
import zipfile
from pathlib import Path

import pyarrow as pa
import pyogrio
import shapely

ASSOCIATIONS = [
    "Amicale laïque de Brest",
    "Club nautique d'Erquy",
    "Comité des fêtes « Les Oeillets »",
    "Association sportive du Mans",
    "Harmonie municipale",
]


def _names(count: int, seed: int = 7) -> list[str]:
    chance = random.Random(seed)
    return [f"{chance.choice(ASSOCIATIONS)} n°{i}" for i in range(count)]


def quoted_header_across_lines(inner: str, record: str, rows: int = 1625) -> bytes:
    """`;`-separated Latin-1 file whose header cells are quoted over several lines, the line
    breaks inside the cells written differently from those ending the records (Excel writes
    LF inside a cell, CRLF after a record). Expected: 4 columns, `rows` rows."""
    header = [
        f'"Nom de{inner}l\'organisme"',
        f'"Montant{inner}attribué{inner}(euros)"',
        f'"Date de{inner}décision"',
        "Commune",
    ]
    lines = [";".join(header)]
    for i, name in enumerate(_names(rows)):
        lines.append(f"{name};{1000 + i},50;{1 + i % 28:02d}/06/2019;Le Mans")
    return (record.join(lines) + record).encode("latin-1")


SUBVENTION_LABELS = [
    "nomAttribuant", "idAttribuant", "dateConvention", "referenceDecision", "idBeneficiaire",
    "nomBeneficiaire", "objet", "montant", "nature", "conditionsVersement",
    "datesPeriodeVersement", "idRAE", "notificationUE", "pourcentageSubvention",
]  # fmt: skip


def decimal_commas_unquoted(rows: int = 40) -> tuple[bytes, list[float]]:
    """Comma-separated SCDL file whose amounts keep their decimal comma unquoted (`27 000,00`),
    each line ending in `;;`. Expected: the 14 columns of the header, amounts joined back."""
    lines = [",".join(SUBVENTION_LABELS) + ";;"]
    amounts = []
    for i in range(rows):
        whole = 1000 + 137 * i
        cents = (i * 25) % 100
        amounts.append(whole + cents / 100)
        grouped = f"{whole:,}".replace(",", "\u00a0")
        fields = [
            "Département de la Vendée", "22850001300658", "2019-06-14", f"{i}-7",
            f"{39743944900034 + i}", _names(rows)[i], "Fonctionnement 2019",
            f"{grouped},{cents:02d}", "aide en numéraire", "un seul versement",
            "2019-06-14_2020-12-31", "", "non", "1",
        ]  # fmt: skip
        lines.append(",".join(fields) + ";;")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8"), amounts


def utf16_without_header(rows: int = 120) -> tuple[bytes, list[str]]:
    """Excel's « Texte Unicode »: UTF-16 with BOM, tab-separated, no header row, text cells
    running over several lines (LF inside the quotes, CRLF after each record). Expected:
    `rows` rows (not one per physical line), columns colonne_1…"""
    lines = []
    texts = []
    for i, name in enumerate(_names(rows, seed=3)):
        text = f"Objet {i} :\nmatériel\net fournitures" if i % 2 else f"Objet {i}"
        texts.append(text)
        quoted = '"' + text.replace('"', '""') + '"' if "\n" in text else text
        lines.append(f"{quoted}\t{name}\t{100 + i},{i % 10}0\t{1 + i % 28:02d}/03/2021")
    return ("\r\n".join(lines) + "\r\n").encode("utf-16"), texts


def identical_lines_above_header(rows: int = 30) -> bytes:
    """Two identical full-width lines (an export's banner repeated) above the real header.
    Expected: the real header, typed columns."""
    banner = "Export;Export;Export;Export"
    lines = [banner, banner, "Nom;Montant;Date;Effectif"]
    for i, name in enumerate(_names(rows)):
        lines.append(f"{name};{10 + i},5;{1 + i % 28:02d}/01/2024;{i}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def extra_field_far_down(rows: int = 30_000, at: int = 25_000) -> bytes:
    """One row with a field more than the header, far below the sampled rows. Expected: the
    field kept in a colonne_N column."""
    lines = ["code;valeur"]
    for i in range(rows):
        lines.append(f"C{i};{i}" + (";en trop" if i == at else ""))
    return ("\n".join(lines) + "\n").encode("utf-8")


def feature_collection(features: list[dict[str, object]]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": features}).encode("utf-8")


def point(x: float, y: float, **properties: object) -> dict[str, object]:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "Point", "coordinates": [x, y]},
    }


def lambert93_geojson() -> bytes:
    """GeoJSON in Lambert-93 without a `crs` member (RFC 7946 says WGS84). Expected: points
    reprojected near Brest (-4.49, 48.39) and Nantes (-1.55, 47.22), with a note."""
    return feature_collection(
        [point(145_860.0, 6_836_830.0, nom="Brest"), point(355_540.0, 6_689_550.0, nom="Nantes")]
    )


def mixed_geometries() -> bytes:
    """Point, LineString and Polygon in one collection. Expected: 3 rows, 3 geometry types."""
    return feature_collection(
        [
            point(-1.55, 47.22, nom="point"),
            {
                "type": "Feature",
                "properties": {"nom": "ligne"},
                "geometry": {"type": "LineString", "coordinates": [[-1.5, 47.2], [-1.4, 47.3]]},
            },
            {
                "type": "Feature",
                "properties": {"nom": "polygone"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[-1.5, 47.2], [-1.4, 47.2], [-1.4, 47.3], [-1.5, 47.2]]],
                },
            },
        ]
    )


def text_coordinates() -> bytes:
    """Coordinates written as strings. Expected: a doubt and a note, not empty geometries
    published in silence."""
    return feature_collection(
        [
            {
                "type": "Feature",
                "properties": {"nom": f"borne {i}"},
                "geometry": {"type": "Point", "coordinates": [f"-1.{i}", f"47.{i}"]},
            }
            for i in range(5)
        ]
    )


def write_dbf(path: Path, fields: list[tuple[str, str, int]], rows: list[list[str]]) -> None:
    """A dBase III table: (name, type C/N/D, width) fields, values written as given."""
    header_length = 32 + 32 * len(fields) + 1
    record_length = 1 + sum(width for _, _, width in fields)
    data = bytearray(
        struct.pack("<BBBBIHH20x", 3, 124, 1, 1, len(rows), header_length, record_length)
    )
    for name, kind, width in fields:
        data += struct.pack("<11sc4xBB14x", name.encode("ascii"), kind.encode(), width, 0)
    data += b"\r"
    for row in rows:
        data += b" "
        for (_, kind, width), value in zip(fields, row, strict=True):
            encoded = value.encode("cp1252")
            data += (encoded.rjust(width) if kind == "N" else encoded.ljust(width))[:width]
    data += b"\x1a"
    path.write_bytes(bytes(data))


def shapefile_with_dates(folder: Path, form: str, *, prj: bool = True) -> Path:
    """A zipped Shapefile (Lambert-93 points) whose DBF `date` fields hold 2012-06-05… in
    `form`: "iso" (2012-06-05, in a field of 10), "dbase" (20120605) or "french"
    (05/06/2012). Without `prj`, no .prj. Expected: the dates as written."""
    dates = [dt.date(2012, 6, 5), dt.date(2013, 1, 31), dt.date(2020, 12, 1)]
    written = {
        "iso": [d.isoformat() for d in dates],
        "dbase": [d.strftime("%Y%m%d") for d in dates],
        "french": [d.strftime("%d/%m/%Y") for d in dates],
    }[form]
    layer = folder / "poteaux"
    layer.mkdir(exist_ok=True)
    geometries = shapely.to_wkb(shapely.points([700_000, 710_000, 720_000], [6_600_000] * 3))
    table = pa.table(
        {"nom": ["a", "b", "c"], "geometry": pa.array(list(geometries), type=pa.binary())}
    )
    pyogrio.write_arrow(
        table, layer / "poteaux.shp", geometry_name="geometry", geometry_type="Point",
        crs="EPSG:2154", driver="ESRI Shapefile",
    )  # fmt: skip
    width = max(len(w) for w in written)
    write_dbf(
        layer / "poteaux.dbf",
        [("NOM", "C", 10), ("DATE_POSE", "D", width), ("MAJ", "D", width)],
        [[n, w, w] for n, w in zip(["a", "b", "c"], written, strict=True)],
    )
    if not prj:
        (layer / "poteaux.prj").unlink()
    target = folder / f"poteaux-{form}.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for part in sorted(layer.iterdir()):
            archive.write(part, part.name)
    return target


def geopackage_without_srs(folder: Path) -> Path:
    """A GeoPackage in Lambert-93 whose layer declares no system. Expected: reprojected."""
    geometries = shapely.to_wkb(shapely.points([145_860.0, 355_540.0], [6_836_830.0, 6_689_550.0]))
    table = pa.table(
        {"nom": ["Brest", "Nantes"], "geometry": pa.array(list(geometries), type=pa.binary())}
    )
    target = folder / "villes.gpkg"
    pyogrio.write_arrow(
        table, target, geometry_name="geometry", geometry_type="Point", driver="GPKG"
    )
    return target


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data)
