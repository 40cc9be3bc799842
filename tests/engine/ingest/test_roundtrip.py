"""Data in equals data out: random tables written as people write them (CSV in several
encodings, separators, quotings, line ends and titles; XLSX; ODS; GeoJSON; zipped Shapefile),
ingested, and compared cell by cell with what was written, as typed values.

The writing is done here with the usual libraries (csv, openpyxl, odfpy, json, pyogrio), apart
from the engine's detectors: nothing of `ouvert.engine.ingest` but `ingest` itself is imported.

CI runs a fixed set of cases (derandomised, bounded). To explore, outside CI:

    OUVERT_ROUNDTRIP=explore .venv/bin/pytest -p no:cacheprovider tests/engine/ingest/test_roundtrip.py

and turn each failure it finds into an `@example` below.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyogrio
import pytest
import shapely
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ouvert.engine.ingest import ingest

EXPLORE = os.environ.get("OUVERT_ROUNDTRIP") == "explore"
PROFILE = settings(
    max_examples=400 if EXPLORE else 12,
    derandomize=not EXPLORE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
KINDS = ("code", "insee", "decimal", "integer", "date", "boolean", "text")
DATE_FORMS = ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d.%m.%Y", "%d-%m-%Y")
LABEL_WORDS = ("Champ", "Rubrique", "Élément", "Mesure", "Donnée", "Entrée", "Ligne", "Pièce")
LETTERS = "abcdefghijklmnopqrstuvwxyzéèàçôœ"
PUNCTUATION = " ;,'\"«»’€\n"


@dataclass(frozen=True)
class Column:
    label: str
    kind: str
    values: tuple[Any, ...]  # typed, None for an empty cell
    date_form: str = "%d/%m/%Y"
    grouping: str = ""  # thousands separator of numbers in text: "", " " or no-break space


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]

    @property
    def rows(self) -> int:
        return len(self.columns[0].values)


def _text_value() -> st.SearchStrategy[str]:
    body = st.text(alphabet=LETTERS + PUNCTUATION, min_size=0, max_size=40)
    return st.builds(lambda a, b, c: f"{a}{b}{c}".strip(), st.sampled_from(LETTERS), body,
                     st.sampled_from(LETTERS))  # fmt: skip


def _values(kind: str) -> st.SearchStrategy[Any]:
    if kind == "code":
        return st.builds(lambda d: f"0{d:04d}", st.integers(0, 9999)) | st.builds(
            lambda d: f"{d:05d}", st.integers(10000, 99999)
        )
    if kind == "insee":
        return st.builds(lambda c, d: f"2{c}{d:03d}", st.sampled_from("AB"), st.integers(1, 366))
    if kind == "decimal":
        return st.builds(lambda c: Decimal(c) / 100, st.integers(-9_999_999, 9_999_999))
    if kind == "integer":
        return st.integers(-10_000_000, 10_000_000)
    if kind == "date":
        return st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))
    if kind == "boolean":
        return st.booleans()
    return _text_value()


@st.composite
def columns(draw: st.DrawFn, rows: int, index: int, first: bool) -> Column:
    kind = draw(st.sampled_from(KINDS))
    values = draw(
        st.lists(
            st.one_of(st.none(), _values(kind)) if not first else _values(kind),
            min_size=rows,
            max_size=rows,
        )
    )
    present = [v for v in values if v is not None]
    if len(present) < 2:
        values[:2] = [draw(_values(kind)), draw(_values(kind))]
    if kind == "code" and not any(str(v).startswith("0") for v in values if v is not None):
        values[0] = "01004"
    if kind == "insee":
        values[0] = "2A004"
    label = f"{draw(st.sampled_from(LABEL_WORDS))} {chr(65 + index)}"
    return Column(
        label=label,
        kind=kind,
        values=tuple(values),
        date_form=draw(st.sampled_from(DATE_FORMS)),
        grouping=draw(st.sampled_from(("", " ", "\u00a0"))),
    )


@st.composite
def tables(draw: st.DrawFn) -> Table:
    rows = draw(st.integers(3, 20))
    width = draw(st.integers(2, 6))
    return Table(tuple(draw(columns(rows, i, i == 0)) for i in range(width)))


def as_text(column: Column, value: Any) -> str:
    """A cell as a French spreadsheet user types it."""
    if value is None:
        return ""
    if column.kind == "decimal":
        sign = "-" if value < 0 else ""
        whole, cents = divmod(abs(int(value * 100)), 100)
        return f"{sign}{whole:,}".replace(",", column.grouping) + f",{cents:02d}"
    if column.kind == "integer":
        sign = "-" if value < 0 else ""
        return f"{sign}{abs(value):,}".replace(",", column.grouping)
    if column.kind == "date":
        return value.strftime(column.date_form)
    if column.kind == "boolean":
        return "oui" if value else "non"
    return str(value)


def expected(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if column.kind == "decimal":
        return float(value)
    return value


def same(column: Column, found: Any, wanted: Any) -> bool:
    if wanted is None or found is None:
        return found is None and wanted is None
    if column.kind == "decimal":
        return isinstance(found, int | float) and abs(float(found) - wanted) < 1e-6
    if column.kind == "integer":
        return isinstance(found, int | float) and found == wanted
    if column.kind == "date":
        return found == wanted
    if column.kind == "boolean":
        return found is wanted
    return found == wanted


def read_back(parquet: Path) -> tuple[list[str], list[tuple[Any, ...]]]:
    con = duckdb.connect()
    relation = con.sql(f"SELECT * FROM read_parquet('{parquet}') ORDER BY __id")
    keep = [
        i for i, name in enumerate(relation.columns)
        if name != "__id" and name != "geometry" and not name.startswith("bbox_")
    ]  # fmt: skip
    names = [relation.columns[i] for i in keep]
    return names, [tuple(row[i] for i in keep) for row in relation.fetchall()]


def check(table: Table, path: Path, name: str, *, text_booleans: bool = False) -> None:
    with tempfile.TemporaryDirectory() as folder:
        ingested = ingest(path, Path(folder) / "work", filename=name)
        names, found = read_back(ingested.parquet)
        assert len(names) == len(table.columns), (names, [c.label for c in table.columns])
        assert len(found) == table.rows
        for position, column in enumerate(table.columns):
            for row, value in enumerate(column.values):
                wanted = expected(column, value)
                got = found[row][position]
                assert same(column, got, wanted), (column.kind, column.label, row, got, wanted)
        assert ingested.doubts == [], ingested.doubts


# CSV ------------------------------------------------------------------------------------------


@st.composite
def csv_layouts(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "encoding": draw(st.sampled_from(("utf-8", "utf-8-sig", "cp1252", "utf-16"))),
        "delimiter": draw(st.sampled_from((";", ",", "\t", "|"))),
        "quoting": draw(st.sampled_from((csv.QUOTE_MINIMAL, csv.QUOTE_ALL))),
        "newline": draw(st.sampled_from(("\n", "\r\n"))),
        "titles": draw(st.integers(0, 2)),
    }


def write_csv(table: Table, layout: dict[str, Any], path: Path) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(
        out,
        delimiter=layout["delimiter"],
        quoting=layout["quoting"],
        lineterminator=layout["newline"],
    )
    for index in range(layout["titles"]):
        writer.writerow([f"Export des données, partie {index + 1}"])
    writer.writerow([c.label for c in table.columns])
    for row in range(table.rows):
        writer.writerow([as_text(c, c.values[row]) for c in table.columns])
    path.write_bytes(out.getvalue().encode(layout["encoding"]))


@PROFILE
@given(tables(), csv_layouts())
def test_csv_round_trip(table: Table, layout: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "donnees.csv"
        write_csv(table, layout, path)
        check(table, path, "donnees.csv")


# XLSX and ODS ---------------------------------------------------------------------------------


def cell(column: Column, value: Any) -> Any:
    """A cell as a spreadsheet stores it: numbers and dates typed, codes and words as text."""
    if value is None:
        return None
    if column.kind == "decimal":
        return float(value)
    if column.kind == "boolean":
        return "oui" if value else "non"
    return value


@PROFILE
@given(tables(), st.integers(0, 2))
def test_xlsx_round_trip(table: Table, titles: int) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for index in range(titles):
        sheet.append([f"Tableau des données, partie {index + 1}"])
    sheet.append([c.label for c in table.columns])
    for row in range(table.rows):
        sheet.append([cell(c, c.values[row]) for c in table.columns])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "classeur.xlsx"
        book.save(path)
        check(table, path, "classeur.xlsx")


def write_ods(table: Table, path: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table as OdsTable
    from odf.table import TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    sheet = OdsTable(name="Données")

    def add(values: list[Any]) -> None:
        row = TableRow()
        for value in values:
            if value is None:
                row.addElement(TableCell())
            elif isinstance(value, dt.date):
                element = TableCell(valuetype="date", datevalue=value.isoformat())
                element.addElement(P(text=value.isoformat()))
                row.addElement(element)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                element = TableCell(valuetype="float", value=value)
                element.addElement(P(text=str(value)))
                row.addElement(element)
            else:
                element = TableCell(valuetype="string")
                for line in str(value).split("\n"):
                    element.addElement(P(text=line))
                row.addElement(element)
        sheet.addElement(row)

    add([c.label for c in table.columns])
    for row in range(table.rows):
        add([cell(c, c.values[row]) for c in table.columns])
    document.spreadsheet.addElement(sheet)
    document.save(str(path))


@PROFILE
@given(tables())
def test_ods_round_trip(table: Table) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "classeur.ods"
        write_ods(table, path)
        check(table, path, "classeur.ods")


# GeoJSON and zipped Shapefile -----------------------------------------------------------------


def _point(row: int) -> tuple[float, float]:
    return -4.5 + row * 0.37 % 9, 43.0 + row * 0.23 % 7


@PROFILE
@given(tables())
def test_geojson_round_trip(table: Table) -> None:
    features = []
    for row in range(table.rows):
        properties = {
            c.label: (
                as_text(c, c.values[row]) or None
                if c.kind in ("date", "boolean")
                else cell(c, c.values[row])
            )
            for c in table.columns
        }
        x, y = _point(row)
        features.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": {"type": "Point", "coordinates": [x, y]},
            }
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "objets.geojson"
        path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
        check(table, path, "objets.geojson")


def arrow_column(column: Column) -> pa.Array:
    values = column.values
    if column.kind == "decimal":
        return pa.array([None if v is None else float(v) for v in values], type=pa.float64())
    if column.kind == "integer":
        return pa.array(values, type=pa.int64())
    if column.kind == "date":
        return pa.array(values, type=pa.date32())
    if column.kind == "boolean":
        return pa.array([None if v is None else ("oui" if v else "non") for v in values])
    return pa.array(values, type=pa.string())


@PROFILE
@given(tables())
@example(
    Table(
        (
            Column("Champ A", "text", ("a b", "c", "d")),
            Column("Mesure B", "decimal", (Decimal("1.5"), None, Decimal("-2.25"))),
        )
    )
)
def test_shapefile_round_trip(table: Table) -> None:
    shapefile_table = Table(
        tuple(
            Column(
                c.label, c.kind,
                tuple(v.replace("\n", " ") if isinstance(v, str) else v for v in c.values),
            )  # DBF text holds no line breaks well
            for c in table.columns
        )
    )  # fmt: skip
    points = shapely.to_wkb(shapely.points([_point(r) for r in range(table.rows)]))
    arrays = {f"C{i}_{c.kind[:4]}": arrow_column(c) for i, c in enumerate(shapefile_table.columns)}
    arrays["geometry"] = pa.array(list(points), type=pa.binary())
    with tempfile.TemporaryDirectory() as folder:
        layer = Path(folder) / "couche"
        layer.mkdir()
        pyogrio.write_arrow(
            pa.table(arrays), layer / "objets.shp", geometry_name="geometry",
            geometry_type="Point", crs="EPSG:4326", driver="ESRI Shapefile", encoding="UTF-8",
        )  # fmt: skip
        path = Path(folder) / "objets.zip"
        with zipfile.ZipFile(path, "w") as archive:
            for part in layer.iterdir():
                archive.write(part, part.name)
        check(shapefile_table, path, "objets.zip")


def test_the_generator_stays_apart_from_the_detectors() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    imports = [
        line for line in source.splitlines() if line.startswith(("from ouvert", "import ouvert"))
    ]
    assert imports == ["from ouvert.engine.ingest import ingest"]


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
