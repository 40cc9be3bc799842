"""The personal-data scan on 1M rows, against the time the ingestion of the same file takes.

The file comes from `../shared/bench/gen_subventions.py 1000000` (16 SCDL columns, random SIRETs
that must not be read as cards or phones). Two references are measured in the same run: ouvert's
own ingestion (`ouvert.engine.ingest.ingest`, the step the scan follows in the pipeline; the
issue's target: the scan adds at most half of it) and the floor of any ingestion, DuckDB
reading the CSV and writing Parquet (a stricter yardstick). The scan reads ouvert's Parquet.
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

from ouvert.engine.ingest import ingest as ouvert_ingest  # noqa: E402
from ouvert.engine.privacy import scan_parquet  # noqa: E402


def ingest_with_ouvert(csv: Path, folder: Path) -> tuple[float, Path, dict[str, str]]:
    started = time.perf_counter()
    result = ouvert_ingest(csv, folder, filename=csv.name)
    labels = {c["name"]: c["label"] for c in result.columns}
    return time.perf_counter() - started, result.parquet, labels


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
        ours = [ingest_with_ouvert(csv, Path(folder) / f"ouvert-{i}") for i in range(RUNS)]
        typed, labels = ours[-1][1], ours[-1][2]
        scans = []
        for _ in range(RUNS):
            started = time.perf_counter()
            scan = scan_parquet(typed, labels=labels)
            scans.append(time.perf_counter() - started)
        ingestion, scanning = statistics.median(ingestions), statistics.median(scans)
        ouvert = statistics.median(run[0] for run in ours)
        flagged = ", ".join(f"{f.column} ({f.kind})" for f in scan.findings) or "aucune"
    ratio = scanning / ingestion
    return (
        "## Personal-data scan (1M rows)\n\n"
        f"`bench/privacy.py`: {ROWS:,} rows of `gen_subventions.py` (16 columns), median of "
        f"{RUNS} runs.\n\n"
        "| step | seconds |\n|---|---:|\n"
        f"| ouvert's ingestion (`ingest`) | {ouvert:.2f} |\n"
        f"| DuckDB reads the CSV and writes Parquet (floor of any ingestion) | {ingestion:.2f} |\n"
        f"| scan of ouvert's Parquet (`scan_parquet`) | {scanning:.2f} |\n"
        f"| scan / ouvert's ingestion | {scanning / ouvert:.2f} (target ≤ 0.5) |\n"
        f"| scan / DuckDB floor | {ratio:.2f} |\n\n"
        f"Columns flagged: {flagged}.\n"
    )


if __name__ == "__main__":
    print(run())
