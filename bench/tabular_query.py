"""The tabular query engine on 1M rows: a filter, a facet, a group_by and an order_by.

Compared in the same run with (a) the same SQL run directly in DuckDB on the same Parquet file
(target: the engine within 10 ms of it) and (b) Datasette serving the same rows from SQLite
over HTTP on a loopback port (`pip install datasette` first: it is a benchmark-only dependency).
The file comes from `../shared/bench/gen_subventions.py 1000000` read by DuckDB into Parquet.
"""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT.parent / "shared" / "bench" / "gen_subventions.py"
ROWS = 1_000_000
RUNS = 21
DATASETTE_RUNS = 7

sys.path.insert(0, str(ROOT / "src"))

from ouvert.engine.tabular.query.execute import ParquetSource  # noqa: E402
from ouvert.engine.tabular.query.explore import facets, records  # noqa: E402
from ouvert.engine.tabular.query.facets import FacetsRequest  # noqa: E402
from ouvert.engine.tabular.query.ods import RecordsRequest  # noqa: E402

QUIMPER = "Ville de Quimper"
ENGINE: dict[str, Callable[[ParquetSource], object]] = {
    "filter": lambda s: records(
        s, RecordsRequest(where=f'montant > 50000 and nomAttribuant = "{QUIMPER}"', limit=10)
    ),
    "facet": lambda s: facets(s, FacetsRequest(facet=["nomAttribuant"])),
    "group_by": lambda s: records(
        s,
        RecordsRequest(
            select="count(*) as n, sum(montant) as total",
            group_by="nomAttribuant",
            limit=100,
        ),
    ),
    "order_by": lambda s: records(s, RecordsRequest(order_by="montant desc", limit=10)),
}
# What the engine answers, written by hand: each ODS answer is a count and a page of rows.
DIRECT = {
    "filter": [
        f"SELECT count(*) FROM data WHERE montant > 50000 AND nomAttribuant = '{QUIMPER}'",
        f"SELECT * FROM data WHERE montant > 50000 AND nomAttribuant = '{QUIMPER}' LIMIT 10",
    ],
    "facet": [
        "SELECT nomAttribuant, count(*) FROM data WHERE nomAttribuant IS NOT NULL "
        "GROUP BY 1 ORDER BY 2 DESC, 1"
    ],
    "group_by": [
        "SELECT count(*) FROM (SELECT nomAttribuant FROM data GROUP BY 1)",
        "SELECT nomAttribuant, count(*), sum(montant) FROM data GROUP BY 1 ORDER BY 1",
    ],
    "order_by": [
        "SELECT count(*) FROM data",
        "SELECT * FROM data ORDER BY montant DESC, __id LIMIT 10",
    ],
}
DATASETTE = {
    "filter": "/db/subventions.json?"
    + urllib.parse.urlencode({"montant__gt": 50000, "nomAttribuant__exact": QUIMPER, "_size": 10}),
    "facet": "/db/subventions.json?_facet=nomAttribuant&_size=0",
    "group_by": "/db.json?"
    + urllib.parse.urlencode(
        {
            "sql": "select nomAttribuant, count(*) as n, sum(montant) as total "
            "from subventions group by 1 order by 1"
        }
    ),
    "order_by": "/db/subventions.json?_sort_desc=montant&_size=10",
}


def p50(action: Callable[[], object], runs: int = RUNS) -> float:
    action()  # warm the caches, as a serving process would be
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def make_parquet(folder: Path) -> Path:
    csv_path = folder / "subventions.csv"
    subprocess.run(
        [sys.executable, str(GENERATOR), str(ROWS), str(csv_path), "--error-rate", "0"],
        check=True,
        capture_output=True,
    )
    parquet = folder / "subventions.parquet"
    connection = duckdb.connect()
    connection.execute(
        f"COPY (SELECT row_number() OVER () - 1 AS __id, * FROM read_csv('{csv_path}', "
        f"delim=';', header=true)) TO '{parquet}' (FORMAT parquet)"
    )
    connection.close()
    return parquet


def make_sqlite(parquet: Path, folder: Path) -> Path:
    database = folder / "db.sqlite"
    reader = duckdb.connect()
    relation = reader.sql(f"SELECT * FROM read_parquet('{parquet}')")
    columns = relation.columns
    writer = sqlite3.connect(database)
    quoted = ", ".join(f'"{c}"' for c in columns)
    writer.execute(f"CREATE TABLE subventions ({quoted})")
    insert = f"INSERT INTO subventions VALUES ({', '.join('?' for _ in columns)})"
    cursor = reader.execute(f"SELECT * FROM read_parquet('{parquet}')")
    while batch := cursor.fetchmany(50_000):
        writer.executemany(insert, [tuple(map(sqlite_value, row)) for row in batch])
    writer.commit()
    writer.close()
    reader.close()
    return database


def sqlite_value(value: object) -> object:
    return value if value is None or isinstance(value, int | float | str) else str(value)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def datasette_times(database: Path) -> dict[str, float] | str:
    executable = shutil.which("datasette", path=str(Path(sys.executable).parent))
    if executable is None:
        return "datasette is not installed (`.venv/bin/pip install datasette`)"
    port = free_port()
    process = subprocess.Popen(
        [
            executable,
            "serve",
            "-i",
            str(database),
            "-p",
            str(port),
            "--setting",
            "sql_time_limit_ms",
            "120000",
            "--setting",
            "facet_time_limit_ms",
            "120000",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)

        def get(path: str) -> object:
            with urllib.request.urlopen(base + path, timeout=300) as response:  # noqa: S310
                return json.loads(response.read())

        return {
            name: p50(lambda p=path: get(p), DATASETTE_RUNS) for name, path in DATASETTE.items()
        }
    finally:
        process.terminate()
        process.wait(timeout=30)


def run() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        parquet = make_parquet(folder)
        source = ParquetSource(parquet)
        direct = duckdb.connect(config={"threads": source.limits.threads})
        direct.execute(f"CREATE VIEW data AS SELECT * FROM read_parquet('{parquet}')")
        engine = {name: p50(lambda f=fn: f(source)) for name, fn in ENGINE.items()}
        duck = {
            name: p50(lambda q=queries: [direct.execute(sql).fetchall() for sql in q])
            for name, queries in DIRECT.items()
        }
        served = datasette_times(make_sqlite(parquet, folder))
    lines = [
        "## Tabular queries (ODS Explore v2.1 engine)",
        "",
        f"{ROWS:,} rows of `gen_subventions.py` in one Parquet file; p50 of {RUNS} runs after a "
        "warm-up, in milliseconds. *Engine*: `explore.records()` / `explore.facets()` from the "
        "ODSQL text to the JSON-ready dict (parse, compile, count + page, serialise). *DuckDB*: "
        "the same statements written by hand, run on a plain connection with the same thread "
        f"count. *Datasette*: its JSON API over HTTP on SQLite (immutable mode, p50 of "
        f"{DATASETTE_RUNS}), with the equivalent filters.",
        "",
        "| query | engine | DuckDB direct | engine − DuckDB | Datasette |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in ENGINE:
        other = f"{served[name]:.1f}" if isinstance(served, dict) else "—"
        gap = engine[name] - duck[name]
        lines.append(f"| {name} | {engine[name]:.1f} | {duck[name]:.1f} | {gap:+.1f} | {other} |")
    if isinstance(served, str):
        lines += ["", f"Datasette not measured: {served}."]
    lines += [
        "",
        'Queries: filter `where=montant > 50000 and nomAttribuant = "Ville de Quimper"`; facet '
        "`facet=nomAttribuant`; group_by `select=count(*) as n, sum(montant) as total&"
        "group_by=nomAttribuant`; order_by `order_by=montant desc&limit=10`.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(run())
