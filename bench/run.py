"""Run benchmarks and update their sections of docs/benchmarks.md.

    python bench/run.py            # every bench/<name>.py that defines run()
    python bench/run.py NAME…      # only these; the other sections are kept as they are

Each benchmark module defines `run() -> str`, returning its Markdown section.
"""

from __future__ import annotations

import importlib
import platform
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks.md"
HEADER = (
    "# Benchmarks\n\n"
    "Rerun with `make bench` (or `.venv/bin/python bench/run.py NAME`). Timings are wall-clock "
    "on a shared machine: compare figures from the same run, not across runs. Each section says "
    "when and on what machine it was measured.\n"
)


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


def available() -> list[str]:
    return sorted(
        path.stem
        for path in (ROOT / "bench").glob("*.py")
        if path.stem not in {"run", "__init__"} and "def run(" in path.read_text()
    )


def update(report: str, name: str, section: str) -> str:
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    measured = f"_Measured {date.today().isoformat()} on {machine()}._"
    block = f"{start}\n{section.strip()}\n\n{measured}\n{end}"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    if pattern.search(report):
        return pattern.sub(lambda _: block, report)
    return report.rstrip() + "\n\n" + block + "\n"


def main() -> None:
    names = sys.argv[1:] or available()
    sys.path.insert(0, str(ROOT))
    report = REPORT.read_text() if REPORT.exists() else HEADER
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name}")
        report = update(report, name, module.run())
        REPORT.write_text(report)
    print(f"written to {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
