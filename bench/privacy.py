"""The personal-data scan on 1M rows, against the time DuckDB takes to ingest the same file.

The file comes from `../shared/bench/gen_subventions.py 1000000` (16 SCDL columns, random SIRETs
that must not be read as cards or phones). Ingestion here is the floor of any ingestion: DuckDB
reading the CSV and writing Parquet. Target: the scan takes at most half of it.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT.parent / "shared" / "bench" / "gen_subventions.py"
ROWS = 1_000_000
RUNS = 3

sys.path.insert(0, str(ROOT / "src"))

from ouvert.engine.privacy import scan_parquet  # noqa: E402


def ingest(csv: Path, parquet: Path) -> float:
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT row_number() OVER () AS __id, * FROM read_csv('{csv}', delim=';', "
        f"header=true)) TO '{parquet}' (FORMAT parquet)"
    )
    con.close()
    return time.perf_counter() - started


def run() -> str:
    with tempfile.TemporaryDirectory(prefix="ouvert-bench-privacy-") as folder:
        csv = Path(folder) / "subventions.csv"
        parquet = Path(folder) / "subventions.parquet"
        subprocess.run([sys.executable, str(GENERATOR), str(ROWS), str(csv)], check=True)
        ingestions = [ingest(csv, parquet) for _ in range(RUNS)]
        scans = []
        for _ in range(RUNS):
            started = time.perf_counter()
            scan = scan_parquet(parquet)
            scans.append(time.perf_counter() - started)
        ingestion, scanning = statistics.median(ingestions), statistics.median(scans)
        flagged = ", ".join(f"{f.column} ({f.kind})" for f in scan.findings) or "aucune"
    ratio = scanning / ingestion
    return (
        "## Personal-data scan (1M rows)\n\n"
        f"`bench/privacy.py`: {ROWS:,} rows of `gen_subventions.py` (16 columns), median of "
        f"{RUNS} runs.\n\n"
        "| step | seconds |\n|---|---:|\n"
        f"| DuckDB reads the CSV and writes Parquet (ingestion floor) | {ingestion:.2f} |\n"
        f"| scan of the Parquet (`scan_parquet`) | {scanning:.2f} |\n"
        f"| scan / ingestion | {ratio:.2f} (target ≤ 0.5) |\n\n"
        f"Columns flagged: {flagged}.\n"
    )


if __name__ == "__main__":
    print(run())
