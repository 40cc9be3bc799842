"""Geographic data: vector files read with pyogrio, coordinate columns of tables turned into
points, everything reprojected to WGS84 (EPSG:4326) and stored as WKB with its bounding box.

A file that does not say its coordinate system is placed by its value ranges: degrees,
Lambert-93 (EPSG:2154, the legal system of metropolitan France) or Lambert II étendu (EPSG:27572).
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyogrio
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from ouvert.engine.ingest.errors import IngestError, scrub
from ouvert.engine.ingest.limits import Limits, check_archive, check_columns
from ouvert.engine.ingest.names import clean_label, field_names
from ouvert.engine.ingest.raw import RAW_TABLE, Raw
from ouvert.engine.ingest.settings import ReadingSettings
from ouvert.engine.sql import quote_identifier
from ouvert.engine.tabular.query.layout import DEFAULT_LAYOUT
from ouvert.engine.text import counted, fold

WGS84 = "EPSG:4326"
RANGES = (
    # (code, name, xmin, xmax, ymin, ymax)
    ("EPSG:4326", "WGS84 (degrés)", -180.0, 180.0, -90.0, 90.0),
    ("EPSG:2154", "Lambert-93", -400_000.0, 1_400_000.0, 5_900_000.0, 7_300_000.0),
    ("EPSG:27572", "Lambert II étendu", 0.0, 1_250_000.0, 1_600_000.0, 2_800_000.0),
)


def guess_crs(xmin: float, xmax: float, ymin: float, ymax: float) -> tuple[str, str] | None:
    for code, name, x0, x1, y0, y1 in RANGES:
        if x0 <= xmin and xmax <= x1 and y0 <= ymin and ymax <= y1:
            return code, name
    return None


@dataclass(frozen=True)
class Placed:
    """Geometries in WGS84, and the system they were read in (EPSG code, when it has one)."""

    table: pa.Table  # __id, geometry (WKB), bbox_*
    epsg: int | None
    missing: int  # rows without a geometry


def geometry_table(
    geometries: np.ndarray, crs: str | None, notes: list[str], given: int | None = None
) -> Placed:
    """__id, geometry (WKB in WGS84) and bbox columns for shapely geometries in row order.
    `crs`: the system the file declares; `given`: the one the reading settings impose."""
    present = ~(shapely.is_missing(geometries) | shapely.is_empty(geometries))
    epsg: int | None = None
    if present.any():
        bounds = shapely.bounds(geometries[present])
        xmin, ymin = np.nanmin(bounds[:, 0]), np.nanmin(bounds[:, 1])
        xmax, ymax = np.nanmax(bounds[:, 2]), np.nanmax(bounds[:, 3])
        source, epsg = _source_crs(crs, (xmin, xmax, ymin, ymax), notes, given)
        if source != WGS84:
            transformer = Transformer.from_crs(source, WGS84, always_xy=True)
            geometries = shapely.transform(
                geometries, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))
            )
    bounds = shapely.bounds(geometries)
    names = {
        0: "Point",
        1: "LineString",
        2: "LineString",
        3: "Polygon",
        4: "MultiPoint",
        5: "MultiLineString",
        6: "MultiPolygon",
        7: "GeometryCollection",
    }
    types = sorted({names[int(t)] for t in np.unique(shapely.get_type_id(geometries)) if t >= 0})
    layout = DEFAULT_LAYOUT
    wkb = shapely.to_wkb(geometries, output_dimension=2)
    table = pa.table(
        {
            layout.row_id: pa.array(np.arange(1, len(geometries) + 1, dtype=np.int64)),
            layout.geometry: pa.array(list(wkb), type=pa.binary()),
            layout.bbox_xmin: pa.array(bounds[:, 0], from_pandas=True),
            layout.bbox_ymin: pa.array(bounds[:, 1], from_pandas=True),
            layout.bbox_xmax: pa.array(bounds[:, 2], from_pandas=True),
            layout.bbox_ymax: pa.array(bounds[:, 3], from_pandas=True),
        }
    )
    table = table.replace_schema_metadata({"geometry_types": json.dumps(types)})
    return Placed(table, epsg, int((~present).sum()))


def _source_crs(
    crs: str | None,
    box: tuple[float, float, float, float],
    notes: list[str],
    given: int | None = None,
) -> tuple[str, int | None]:
    xmin, xmax, ymin, ymax = box
    if given is not None:
        try:
            chosen = CRS.from_epsg(given)
        except CRSError as error:
            raise IngestError(
                f"Le système de coordonnées EPSG:{given} indiqué dans les réglages de lecture "
                "n'existe pas : vérifiez son code (2154 pour le Lambert-93, 4326 pour le WGS84)."
            ) from error
        if given == 4326:
            return WGS84, 4326
        notes.append(
            f"Les coordonnées, en {chosen.name} (réglages de lecture), ont été converties en "
            "WGS84 (degrés)."
        )
        return chosen.to_wkt(), given
    in_degrees = xmin >= -180 and xmax <= 180 and ymin >= -90 and ymax <= 90
    if crs:
        try:
            parsed = CRS.from_user_input(crs)
        except CRSError:
            parsed = None
        if parsed is not None:
            epsg = parsed.to_epsg()
            if epsg == 4326 or parsed.name in ("WGS 84", "WGS 84 (CRS84)"):
                if in_degrees:
                    return WGS84, 4326
                # GeoJSON is WGS84 by definition (RFC 7946) and GDAL says so of every GeoJSON,
                # but many are written in Lambert-93 without a word: the values tell.
                parsed = None
            else:
                notes.append(
                    f"Les coordonnées, en {parsed.name}, ont été converties en WGS84 (degrés)."
                )
                return parsed.to_wkt(), epsg
    guessed = guess_crs(xmin, xmax, ymin, ymax)
    if guessed is None:
        raise IngestError(
            "Les coordonnées ne sont ni en degrés (WGS84), ni en Lambert-93, ni en Lambert II "
            "étendu, et le fichier ne dit pas leur système : joignez le fichier .prj du Shapefile "
            "ou précisez le système."
        )
    code, name = guessed
    if code != WGS84:
        notes.append(
            f"Le système de coordonnées n'était pas déclaré ; les valeurs sont en {name} "
            "(d'après leur étendue) et ont été converties en WGS84 (degrés). S'il s'agit d'un "
            "autre système, indiquez-le dans les réglages de lecture."
        )
    return code, int(code.split(":")[1])


def extract(path: Path, workdir: Path, limits: Limits) -> Path:
    """Safely unpacks a zipped Shapefile/GeoPackage/GeoJSON; returns the file to open."""
    with zipfile.ZipFile(path) as archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        check_archive(path.stat().st_size, [(i.filename, i.file_size) for i in infos], limits)
        target = workdir / "archive"
        target.mkdir(exist_ok=True)
        chosen: Path | None = None
        for info in infos:
            parts = PurePosixPath(info.filename.replace("\\", "/")).parts
            if not parts or parts[0] == "__MACOSX" or any(p in ("..", "") for p in parts):
                continue
            destination = target / "_".join(parts)
            with archive.open(info) as source, destination.open("wb") as out:
                remaining = limits.max_decompressed_size
                while chunk := source.read(1024 * 1024):
                    remaining -= len(chunk)
                    if remaining < 0:
                        raise IngestError("L'archive dépasse, décompressée, la taille permise.")
                    out.write(chunk)
            if destination.suffix.lower() in (".shp", ".gpkg", ".geojson") and chosen is None:
                chosen = destination
    if chosen is None:
        raise IngestError(
            "L'archive ne contient pas de couche géographique (.shp, .gpkg, .geojson)."
        )
    if chosen.suffix.lower() == ".shp":
        missing = [
            s
            for s in (".shx", ".dbf")
            if not chosen.with_suffix(s).exists() and not chosen.with_suffix(s.upper()).exists()
        ]
        if missing:
            raise IngestError(
                "Le Shapefile est incomplet : il manque "
                + " et ".join(missing)
                + " dans l'archive."
            )
    return chosen


def _dates_as_text(dbf: Path) -> list[str]:
    """Turns the date fields of a DBF into text fields, in place, and returns their names.

    GDAL reads a dBase date as YYYYMMDD and anything else (2012-06-05, written by some tools)
    as 1970-01-01, and 05/06/2012 month first: read as text, each form is typed as a French
    date by the column planner."""
    names = []
    with dbf.open("r+b") as handle:
        header = handle.read(32)
        if len(header) < 32:
            return []
        length = int.from_bytes(header[8:10], "little")
        offset = 32
        while offset + 32 <= length:
            handle.seek(offset)
            descriptor = handle.read(32)
            if not descriptor or descriptor[0] == 0x0D:
                break
            if descriptor[11:12] == b"D":
                handle.seek(offset + 11)
                handle.write(b"C")
                names.append(descriptor[:11].split(b"\x00")[0].decode("latin-1"))
            offset += 32
    return names


def _null_geometries(path: Path) -> int:
    """How many features of a GeoJSON say `"geometry": null` (the others have one to read)."""
    pattern = re.compile(rb'"geometry"\s*:\s*null')
    count, carry = 0, b""
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(8 * 1024 * 1024)
            data = carry + chunk
            if not chunk:
                return count + len(pattern.findall(data))
            cut = max(0, len(data) - 64)  # a match across two chunks is counted in the next
            count += sum(1 for match in pattern.finditer(data) if match.start() < cut)
            carry = data[cut:]


def read_vector(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    kind: str,
    workdir: Path,
    limits: Limits,
    settings: ReadingSettings | None = None,
) -> Raw:
    given = settings or ReadingSettings()
    source = path
    if kind == "shapefile" or zipfile.is_zipfile(path):
        source = extract(path, workdir, limits)
    notes: list[str] = []
    date_fields: list[str] = []
    if source.suffix.lower() == ".shp":
        dbf = next(
            (p for p in (source.with_suffix(".dbf"), source.with_suffix(".DBF")) if p.exists()),
            None,
        )
        if dbf is not None:
            date_fields = _dates_as_text(dbf)
    try:
        layers = pyogrio.list_layers(source)
        if len(layers) > 1:
            notes.append(
                f"Le fichier contient {len(layers)} couches ; la première, "
                f"« {layers[0][0]} », a été lue."
            )
        meta, table = pyogrio.read_arrow(source, layer=0 if len(layers) else None)
    except Exception as error:  # GDAL raises many kinds of errors for damaged files
        detail = scrub(str(error).splitlines()[0])[:200] if str(error) else type(error).__name__
        raise IngestError(
            "La couche géographique n'a pas pu être lue : le fichier est endommagé ou tronqué "
            f"({detail})."
        ) from error
    geometry_column = meta.get("geometry_name") or "wkb_geometry"
    if geometry_column not in table.column_names:
        candidates = [
            n
            for n in table.column_names
            if pa.types.is_binary(table.schema.field(n).type)
            or pa.types.is_large_binary(table.schema.field(n).type)
        ]
        geometry_column = candidates[-1] if candidates else ""
    geometries = (
        shapely.from_wkb(np.asarray(table.column(geometry_column).to_pylist(), dtype=object))
        if geometry_column
        else np.full(table.num_rows, None, dtype=object)
    )
    attributes = table.drop_columns([geometry_column]) if geometry_column else table
    check_columns(attributes.num_columns, limits)
    labels = [clean_label(n) for n in attributes.column_names]
    names = field_names(labels)
    attributes = attributes.rename_columns(names)
    con.register("vector_rows", attributes)
    casts = ", ".join(
        f"CAST({quote_identifier(n)} AS VARCHAR) AS {quote_identifier(n)}" for n in names
    )
    con.execute(
        f"CREATE TABLE {RAW_TABLE} AS SELECT {casts} FROM vector_rows"
        if names
        else f"CREATE TABLE {RAW_TABLE} AS SELECT NULL::VARCHAR AS dummy FROM vector_rows"
    )
    con.unregister("vector_rows")
    placed = geometry_table(geometries, meta.get("crs"), notes, given.crs)
    unread = 0
    if placed.missing and source.suffix.lower() in (".geojson", ".json"):
        unread = max(0, placed.missing - _null_geometries(source))
    if placed.missing:
        notes.append(
            f"{counted(placed.missing, 'objet')} sur {len(geometries)} "
            f"{'n’a' if placed.missing == 1 else 'n’ont'} pas de géométrie"
            + (
                f", dont {unread} dont la géométrie n'a pas pu être lue (coordonnées qui ne sont "
                "pas des nombres ?)."
                if unread
                else "."
            )
        )
    by_label = dict(zip(labels, names, strict=True))
    return Raw(
        labels=labels,
        names=names,
        notes=notes,
        geometry=placed.table,
        settings=ReadingSettings(crs=placed.epsg),
        date_columns=frozenset(by_label[clean_label(f)] for f in date_fields
                               if clean_label(f) in by_label),
        geometry_unread=unread,
    )  # fmt: skip


_LAT = (
    "lat",
    "latitude",
    "ylat",
    "y_lat",
    "lat_wgs84",
    "latitude_wgs84",
    "y_wgs84",
    "wgs84_lat",
    "coord_lat",
)
_LON = (
    "lon",
    "lng",
    "long",
    "longitude",
    "xlong",
    "x_long",
    "lon_wgs84",
    "longitude_wgs84",
    "x_wgs84",
    "wgs84_lon",
    "coord_lon",
)
_X = (
    "x",
    "coord_x",
    "coordx",
    "x_l93",
    "xl93",
    "x_lambert93",
    "lambert_x",
    "x_lambert",
    "coordonnee_x",
    "x_2154",
)
_Y = (
    "y",
    "coord_y",
    "coordy",
    "y_l93",
    "yl93",
    "y_lambert93",
    "lambert_y",
    "y_lambert",
    "coordonnee_y",
    "y_2154",
)


def _key(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(label)).strip("_")


@dataclass(frozen=True)
class PointColumns:
    x: str  # field names
    y: str
    combined: bool = False  # one "lat, lon" column


def find_points(plans: list[Any]) -> PointColumns | None:
    """Coordinate columns among typed column plans: lat/lon by name, else x/y, else "lat, lon"."""
    numeric = {p.name: p for p in plans if p.type in ("number", "integer")}
    by_key = {_key(p.label): p.name for p in plans if p.name in numeric}
    for lat_names, lon_names in ((_LAT, _LON), (_Y, _X)):
        lat = next((by_key[k] for k in lat_names if k in by_key), None)
        lon = next((by_key[k] for k in lon_names if k in by_key), None)
        if lat and lon:
            return PointColumns(x=lon, y=lat)
    combined = next((p.name for p in plans if p.format == "latlon_wgs"), None)
    if combined:
        return PointColumns(x=combined, y=combined, combined=True)
    return None


def point_table(
    con: duckdb.DuckDBPyConnection,
    typed: str,
    points: PointColumns,
    notes: list[str],
    given: int | None = None,
) -> Placed | None:
    """Point geometries from coordinate columns of the typed table (row order kept)."""
    layout = DEFAULT_LAYOUT
    if points.combined:
        column = quote_identifier(points.x)
        sql = (
            f"SELECT TRY_CAST(trim(string_split(trim({column}, '[] '), ',')[2]) AS DOUBLE) AS x, "
            f"TRY_CAST(trim(string_split(trim({column}, '[] '), ',')[1]) AS DOUBLE) AS y "
            f"FROM {typed} ORDER BY {quote_identifier(layout.row_id)}"
        )
    else:
        sql = (
            f"SELECT CAST({quote_identifier(points.x)} AS DOUBLE) AS x, "
            f"CAST({quote_identifier(points.y)} AS DOUBLE) AS y FROM {typed} "
            f"ORDER BY {quote_identifier(layout.row_id)}"
        )
    arrays = con.execute(sql).fetchnumpy()
    # NULLs come as masked entries: they become NaN, never the mask's fill value.
    x = np.ma.filled(np.ma.asarray(arrays["x"]).astype(float), np.nan)
    y = np.ma.filled(np.ma.asarray(arrays["y"]).astype(float), np.nan)
    valid = ~(np.isnan(x) | np.isnan(y))
    if not valid.any():
        return None
    box = (x[valid].min(), x[valid].max(), y[valid].min(), y[valid].max())
    if given is None and guess_crs(*box) is None:
        notes.append(
            "Des colonnes de coordonnées ont été trouvées, mais leurs valeurs ne sont ni en degrés "
            "ni en Lambert : aucune carte n'a été faite."
        )
        return None
    geometries = np.full(len(x), None, dtype=object)
    geometries[valid] = shapely.points(x[valid], y[valid])
    return geometry_table(geometries, None, notes, given)
