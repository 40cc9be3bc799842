"""A Parquet fixture shaped as the ingestion writes it: typed columns, `__id`, GeoParquet point
geometries in Finistère with their bounding boxes, French text with accents, and nulls."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
import shapely

from ouvert.engine.tabular.query.execute import ParquetSource

COMMUNES = ["Quimper", "Brest", "Morlaix", "Châteaulin", "Pont-l'Abbé", "Douarnenez", "Crozon"]
NATURES = ["aide en numéraire", "aide en nature", "prêt"]
WORDS = ["école", "théâtre", "vélo", "Été", "club", "musique", "solidarité", "jeunesse"]
ROWS = 600


def make_rows(count: int = ROWS, seed: int = 29) -> pa.Table:
    rng = random.Random(seed)
    ids, communes, objets, montants, taux, dates, instants, actifs, natures = ([] for _ in range(9))
    geometries, xmin, ymin, xmax, ymax = [], [], [], [], []
    for i in range(count):
        ids.append(i)
        communes.append(None if i % 17 == 0 else rng.choice(COMMUNES))
        objets.append(" ".join(rng.choice(WORDS) for _ in range(3)) if i % 13 else None)
        montants.append(None if i % 11 == 0 else rng.randint(-50, 50_000))
        taux.append(None if i % 7 == 0 else Decimal(rng.randint(0, 10_000)) / 100)
        dates.append(
            None if i % 19 == 0 else date(2018, 1, 1) + timedelta(days=rng.randint(0, 2000))
        )
        instant = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 900_000))
        instants.append(None if i % 23 == 0 else instant.replace(tzinfo=None))
        actifs.append(None if i % 5 == 0 else rng.random() < 0.5)
        natures.append(rng.choice(NATURES))
        if i % 29 == 0:
            geometries.append(None)
            xmin.append(None), ymin.append(None), xmax.append(None), ymax.append(None)
        else:
            lon, lat = rng.uniform(-4.8, -3.4), rng.uniform(47.7, 48.75)
            geometries.append(shapely.to_wkb(shapely.Point(lon, lat)))
            xmin.append(lon), ymin.append(lat), xmax.append(lon), ymax.append(lat)
    return pa.table(
        {
            "__id": pa.array(ids, pa.int64()),
            "commune": pa.array(communes, pa.string()),
            "objet": pa.array(objets, pa.string()),
            "montant": pa.array(montants, pa.int64()),
            "taux": pa.array(taux, pa.decimal128(10, 2)),
            "date_decision": pa.array(dates, pa.date32()),
            "horodatage": pa.array(instants, pa.timestamp("us")),
            "actif": pa.array(actifs, pa.bool_()),
            "nature": pa.array(natures, pa.string()),
            "geometry": pa.array(geometries, pa.binary()),
            "bbox_xmin": pa.array(xmin, pa.float64()),
            "bbox_ymin": pa.array(ymin, pa.float64()),
            "bbox_xmax": pa.array(xmax, pa.float64()),
            "bbox_ymax": pa.array(ymax, pa.float64()),
        }
    )


def write_parquet(table: pa.Table, path: Path) -> Path:
    connection = duckdb.connect()
    connection.register("rows", table)
    connection.execute(f"COPY (SELECT * FROM rows) TO '{path}' (FORMAT parquet)")
    connection.close()
    return path


@pytest.fixture(scope="session")
def parquet_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_parquet(make_rows(), tmp_path_factory.mktemp("tabular") / "subventions.parquet")


@pytest.fixture(scope="session")
def source(parquet_path: Path) -> ParquetSource:
    return ParquetSource(parquet_path)


@pytest.fixture(scope="session")
def duck(parquet_path: Path) -> duckdb.DuckDBPyConnection:
    """A plain DuckDB connection with `data` over the same file: the reference answers."""
    connection = duckdb.connect()
    connection.execute(f"CREATE VIEW data AS SELECT * FROM read_parquet('{parquet_path}')")
    connection.execute("SET TimeZone = 'UTC'")
    return connection
