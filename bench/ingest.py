"""Ingestion of the 1M-row SCDL Subventions file, to a queryable table.

For each variant — the file as `gen_subventions.py` writes it (UTF-8, ISO dates, decimal dots) and
its `--french --encoding cp1252` variant (Windows-1252, decimal commas, dd/mm/yyyy) — the same run
measures:

- **ouvert**: `ouvert.engine.ingest.ingest()` (sniffing, typing, checks of every value, typed
  Parquet with row numbers, column profile), in a subprocess whose peak memory is read;
- **DuckDB alone**: `COPY (SELECT * FROM read_csv(file, <its auto-detection>)) TO parquet` — the
  engine's own limit for reading the same CSV and writing Parquet, with nothing checked.

Target: ouvert ≤ 2.5 × DuckDB alone, peak memory ≤ 1.5 GB. The API latency on that table is
measured by `bench/tabular_query.py`.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = (
    Path(os.environ.get("OUVERT_SHARED", ROOT.parent / "shared")) / "bench" / "gen_subventions.py"
)  # /work/shared beside /work/main; elsewhere, say where
ROWS = 1_000_000
RUNS = 3

CHILD = r"""
import json, resource, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from ouvert.engine.ingest import ingest
source = Path(sys.argv[1])
with tempfile.TemporaryDirectory(dir=sys.argv[2]) as folder:
    start = time.perf_counter()
    result = ingest(source, Path(folder), filename=source.name)
    seconds = time.perf_counter() - start
print(json.dumps({
    "seconds": seconds,
    "rows": result.row_count,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "types": {c["name"]: c["type"] for c in result.columns},
}))
"""

DUCKDB_CHILD = r"""
import json, resource, sys, time
import duckdb
source, target, options = sys.argv[1], sys.argv[2], sys.argv[3]
connection = duckdb.connect()
connection.execute("SET enable_progress_bar = false")
start = time.perf_counter()
connection.execute(
    f"COPY (SELECT * FROM read_csv('{source}'{options})) TO '{target}' "
    "(FORMAT parquet, COMPRESSION zstd)"
)
seconds = time.perf_counter() - start
rows = connection.execute(f"SELECT count(*) FROM '{target}'").fetchall()[0][0]
print(json.dumps({"seconds": seconds, "rows": rows,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def generate(folder: Path, name: str, *options: str) -> Path:
    path = folder / name
    subprocess.run(
        [sys.executable, str(GENERATOR), str(ROWS), str(path), *options],
        check=True,
        capture_output=True,
    )
    return path


def child(code: str, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(folder: Path, source: Path, duckdb_options: str) -> dict:
    ours, engine = [], []
    for _ in range(RUNS):  # alternated, so that a noisy neighbour hits both alike
        engine.append(
            child(DUCKDB_CHILD, str(source), str(folder / "duck.parquet"), duckdb_options)
        )
        ours.append(child(CHILD, str(source), str(folder), str(ROOT / "src")))
    return {
        "ours": statistics.median(r["seconds"] for r in ours),
        "ours_peak": max(r["peak_mb"] for r in ours),
        "engine": statistics.median(r["seconds"] for r in engine),
        "engine_peak": max(r["peak_mb"] for r in engine),
        "rows": ours[0]["rows"],
        "engine_rows": engine[0]["rows"],
        "types": ours[0]["types"],
    }


def run() -> str:
    folder = Path(tempfile.mkdtemp(prefix="ouvert-bench-ingest-"))
    try:
        variants = [
            ("UTF-8, ISO", generate(folder, "subventions.csv"), ""),
            (
                "Windows-1252, French forms",
                generate(folder, "subventions-fr.csv", "--french", "--encoding", "cp1252"),
                ", encoding = 'latin-1', decimal_separator = ','",
            ),
        ]
        lines = [
            "## Ingestion (1M-row SCDL Subventions file)",
            "",
            f"`bench/ingest.py`: {ROWS:,} rows from `gen_subventions.py` (16 columns, about 230 MB), "
            f"median of {RUNS} alternated runs, each in its own process. *DuckDB alone* reads "
            "the same CSV with its own detection and writes Parquet (zstd), checking nothing; "
            "ouvert sniffs, types and checks every value, numbers the rows, writes the typed "
            "Parquet and profiles it. Target: ≤ 2.5 × DuckDB alone, peak memory ≤ 1.5 GB.",
            "",
            "| file | DuckDB alone | ouvert | ratio | ouvert peak memory | rows |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        details = []
        for label, source, options in variants:
            result = measure(folder, source, options)
            ratio = result["ours"] / result["engine"]
            lines.append(
                f"| {label} | {result['engine']:.2f} s | {result['ours']:.2f} s | "
                f"{ratio:.2f} × | {result['ours_peak']:.0f} MB | {result['rows']:,} |"
            )
            typed = ", ".join(f"{k}: {v}" for k, v in result["types"].items() if v != "string")
            details.append(f"- {label}: typed columns {typed}.")
        return "\n".join([*lines, "", *details])
    finally:
        subprocess.run(["rm", "-rf", str(folder)], check=False)


if __name__ == "__main__":
    start = time.perf_counter()
    print(run())
    print(f"({time.perf_counter() - start:.0f} s)")
