"""Schema validation of a 1M-row SCDL Subventions file: ouvert's engine against frictionless-py.

    .venv/bin/python bench/validation.py            # prints the Markdown section
    .venv/bin/python bench/run.py validation        # and writes it into docs/benchmarks.md

The file comes from `../shared/bench/gen_subventions.py 1000000` (1 % injected errors). Each
validator runs in its own subprocess, so its peak resident memory (ru_maxrss of the child) is
measured alone. frictionless-py runs on the whole file with no error limit (set
BENCH_FRICTIONLESS_ROWS to time it on a slice and extrapolate linearly instead). Both must report
the same (row, field, type) errors; ours also runs the schema's Validata custom checks, which
frictionless-py does not know (reported apart, and timed without them too). The engine's limit
is measured too: DuckDB alone reading every cell of the same file, as ouvert's pass reads it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT.parent / "shared" / "bench" / "gen_subventions.py"
ROWS = int(os.environ.get("BENCH_VALIDATION_ROWS", "1000000"))
FRICTIONLESS_ROWS = int(os.environ.get("BENCH_FRICTIONLESS_ROWS", "0")) or ROWS
SCHEMA = "scdl/subventions@2.1.1"

OURS = """
import json, sys, time
sys.path.insert(0, {src!r})
from ouvert.engine.validation import Limits, load_schema, validate
schema = load_schema({schema!r})
descriptor = dict(schema.descriptor)
if {no_custom!r}:
    descriptor.pop("custom_checks", None)
started = time.perf_counter()
report = validate({path!r}, descriptor, limits=Limits(errors_per_type=20000))
seconds = time.perf_counter() - started
errors = sorted(
    [e.row_number or 0, e.field_name or "", e.type]
    for e in report.errors
    if e.type in ("type-error", "constraint-error", "missing-label", "extra-label",
                  "incorrect-label", "blank-row", "unique-error", "missing-cell", "extra-cell")
)
custom = sum(n for t, n in report.error_counts.items() if t not in
             ("type-error", "constraint-error", "missing-label", "extra-label", "incorrect-label",
              "blank-row", "unique-error", "missing-cell", "extra-cell"))
json.dump({{"seconds": seconds, "errors": errors, "custom": custom}}, open({out!r}, "w"))
"""

FLOOR = """
import json, sys, time
import duckdb
sys.path.insert(0, {src!r})
from ouvert.engine.validation.reading import first_width, prepare, scan
source = prepare({path!r})
width = first_width(source)
columns = ", ".join(f"max(length(c{{i}}))" for i in range(1, width + 1))
started = time.perf_counter()
duckdb.connect().execute(f"select count(*), {{columns}} from {{scan(source, width)}}").fetchall()
seconds = time.perf_counter() - started
json.dump({{"seconds": seconds, "errors": [], "custom": 0}}, open({out!r}, "w"))
"""

FRICTIONLESS = """
import json, time
import frictionless
from frictionless import Schema, Resource
descriptor = json.load(open({schema_path!r}))
descriptor.pop("custom_checks", None)
started = time.perf_counter()
with frictionless.system.use_context(trusted=True):
    report = frictionless.validate(
        Resource(path={path!r}, schema=Schema.from_descriptor(descriptor)), limit_errors=10**9
    )
seconds = time.perf_counter() - started
errors = sorted(
    [e.get("rowNumber") or 0, e.get("fieldName") or "", e["type"]]
    for e in (x.to_dict() for x in report.tasks[0].errors)
)
json.dump({{"seconds": seconds, "errors": errors, "custom": 0}}, open({out!r}, "w"))
"""


def child(code: str) -> float:
    """Run code in a fresh Python; its peak resident memory in MiB."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
        script.write(code)
    try:
        process = subprocess.Popen([sys.executable, script.name], cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        if status != 0:
            raise RuntimeError(f"benchmark child failed ({status})")
    finally:
        os.unlink(script.name)
    return usage.ru_maxrss / 1024


def measure(code: str, out: Path) -> dict:
    rss = child(code)
    result = json.loads(out.read_text())
    result["rss"] = rss
    return result


def machine() -> str:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    model = next(
        (line.split(":", 1)[1].strip() for line in lscpu.splitlines() if "Model name" in line), "?"
    )
    cores = os.cpu_count()
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    return f"{model}, {cores} CPU, {memory:.0f} GiB RAM"


def run() -> str:
    with tempfile.TemporaryDirectory(prefix="ouvert-bench-validation-") as folder:
        tmp = Path(folder)
        data = tmp / "subventions.csv"
        subprocess.run([sys.executable, str(GENERATOR), str(ROWS), str(data)], check=True)
        size = data.stat().st_size
        sys.path.insert(0, str(ROOT / "src"))
        from ouvert.engine.validation import find_entry

        entry = find_entry(SCHEMA)
        assert entry is not None
        slice_path = data
        if FRICTIONLESS_ROWS < ROWS:
            slice_path = tmp / "slice.csv"
            with (
                data.open(encoding="utf-8") as source,
                slice_path.open("w", encoding="utf-8") as out,
            ):
                for number, line in enumerate(source):
                    if number > FRICTIONLESS_ROWS:
                        break
                    out.write(line)
        results = {}
        for label, no_custom in (("ouvert", False), ("ouvert-sans-custom", True)):
            out = tmp / f"{label}.json"
            code = OURS.format(
                src=str(ROOT / "src"),
                schema=SCHEMA,
                path=str(data),
                out=str(out),
                no_custom=no_custom,
            )
            results[label] = measure(code, out)
        out = tmp / "floor.json"
        code = FLOOR.format(src=str(ROOT / "src"), path=str(data), out=str(out))
        results["floor"] = measure(code, out)
        out = tmp / "frictionless.json"
        code = FRICTIONLESS.format(schema_path=str(entry.path), path=str(slice_path), out=str(out))
        results["frictionless"] = measure(code, out)
        if FRICTIONLESS_ROWS < ROWS:
            code = OURS.format(
                src=str(ROOT / "src"),
                schema=SCHEMA,
                path=str(slice_path),
                out=str(tmp / "s.json"),
                no_custom=True,
            )
            same = measure(code, tmp / "s.json")["errors"] == results["frictionless"]["errors"]
            friction_seconds = results["frictionless"]["seconds"] * ROWS / FRICTIONLESS_ROWS
        else:
            same = results["ouvert"]["errors"] == results["frictionless"]["errors"]
            friction_seconds = results["frictionless"]["seconds"]
    ours = results["ouvert"]
    bare = results["ouvert-sans-custom"]
    extrapolated = " (extrapolated linearly from a slice)" if FRICTIONLESS_ROWS < ROWS else ""
    lines = [
        "## Schema validation (SCDL Subventions, 1M rows)",
        "",
        f"`gen_subventions.py {ROWS}` ({size / 1e6:.0f} MB, `;`-separated, 1 % injected errors) "
        f"validated against `{SCHEMA}`. Machine: {machine()}.",
        "",
        "| validator | seconds | peak RSS (MiB) | errors (Table Schema) | errors (custom checks) |",
        "|---|---:|---:|---:|---:|",
        f"| ouvert (with Validata custom checks) | {ours['seconds']:.2f} | {ours['rss']:.0f} | {len(ours['errors'])} | {ours['custom']} |",
        f"| ouvert (Table Schema only) | {bare['seconds']:.2f} | {bare['rss']:.0f} | {len(bare['errors'])} | 0 |",
        f"| DuckDB alone reading every cell of the file (floor) | {results['floor']['seconds']:.2f} | {results['floor']['rss']:.0f} | — | — |",
        f"| frictionless-py {frictionless_version()} | {friction_seconds:.1f}{extrapolated} | {results['frictionless']['rss']:.0f} | {len(results['frictionless']['errors'])} | — |",
        "",
        f"Speed-up: **{friction_seconds / ours['seconds']:.0f}×** with the custom checks, "
        f"**{friction_seconds / bare['seconds']:.0f}×** on the same checks as frictionless-py. "
        f"Same (row, field, type) errors as frictionless-py: **{'yes' if same else 'NO'}**. "
        f"ouvert (Table Schema only) / DuckDB floor: {bare['seconds'] / results['floor']['seconds']:.1f}.",
    ]
    return "\n".join(lines)


def frictionless_version() -> str:
    try:
        from importlib.metadata import version

        return version("frictionless")
    except Exception:
        return "?"


if __name__ == "__main__":
    print(run())
