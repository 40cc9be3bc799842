"""Run every benchmark and rewrite docs/benchmarks.md.  Usage: python bench/run.py [name…]"""

from __future__ import annotations

import importlib
import platform
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ["referential"]


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    cores = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total_kb = int(meminfo.read_text().split()[1])
        memory = f", {total_kb / 1024 / 1024:.0f} GiB RAM"
    system = f"{platform.system()} {platform.release()}"
    return f"{cpu}, {cores} cores{memory}, {system}, Python {platform.python_version()}"


def main() -> None:
    names = sys.argv[1:] or BENCHMARKS
    sys.path.insert(0, str(ROOT))
    sections = []
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name}")
        sections.append(module.run())
    report = ROOT / "docs" / "benchmarks.md"
    header = (
        "# Benchmarks\n\n"
        "Rerun with `make bench` (or `python bench/run.py NAME`). Timings are wall-clock medians "
        "on a shared machine: compare figures from the same run, not across runs.\n\n"
        f"Last run: {date.today().isoformat()} on {machine()}.\n"
    )
    report.write_text(header + "\n" + "\n".join(sections))
    print(f"written to {report.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
