"""What a publisher waits for, end to end, on the 1M-row SCDL Subventions file (issue #13).

In the same run, each in its own process on the same machine:

- **DuckDB alone**: `COPY (SELECT * FROM read_csv(file)) TO parquet` — reading the same CSV and
  writing Parquet with nothing checked, the engine's own limit (time inside the process);
- **`ouvert ingest FILE --publish`** on a platform set up beforehand (migrated, an organisation,
  an admin): from the process's start to its exit after printing the JSON line with status
  `ready`; its peak memory (the command is one process: `wait4`'s maximum resident size);
- the same with `--schema scdl/subventions@2.1.1`: validation in the pipeline;
- **a web upload**: `ouvert serve` and `ouvert worker` running, the file sent to
  `POST /api/1/datasets/{id}/upload/` with a token, then the Explore v2.1 records API polled
  until it answers with every row; peak memory summed over the server's and the worker's
  processes (VmHWM);
- the guard and the validation **alone**, each in its own process (the guard on the table the
  ingestion wrote, the validation on the file), against their time in the pipeline, which the
  pipeline logs for each step.

Targets: ingest --publish ≤ 2.5 × DuckDB alone and ≤ 1.5 GB; web upload until the records
answer ≤ 3 × DuckDB alone; no step slower in the pipeline than alone.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# ../shared from the checkout (../../shared from a worktree under wt/)
GENERATOR = next(
    (
        folder / "shared" / "bench" / "gen_subventions.py"
        for folder in (ROOT.parent, ROOT.parent.parent)
        if (folder / "shared" / "bench" / "gen_subventions.py").exists()
    ),
    ROOT.parent / "shared" / "bench" / "gen_subventions.py",
)
OUVERT = ROOT / ".venv" / "bin" / "ouvert"
ROWS = 1_000_000
SCHEMA = "scdl/subventions@2.1.1"
STEP = re.compile(r"step (\w+) of version \d+: ([\d.]+) s")

DUCKDB_CHILD = r"""
import json, sys, time
import duckdb
source, target = sys.argv[1], sys.argv[2]
connection = duckdb.connect()
start = time.perf_counter()
connection.execute(
    f"COPY (SELECT * FROM read_csv('{source}')) TO '{target}' (FORMAT parquet, COMPRESSION zstd)"
)
print(json.dumps({"seconds": time.perf_counter() - start}))
"""

SETUP = r"""
import json
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from ouvert.accounts.models import User
from ouvert.accounts.services import create_api_token
from ouvert.catalog import services
from ouvert.territory.models import Organisation
admin = User.objects.create_superuser("bench@example.org", "motdepasse-bench-42")
organisation = Organisation.objects.create(name="Banc d'essai", slug="banc", kind="autre")
dataset = services.create_dataset(admin, organisation, title="Subventions web", description="x")
print(json.dumps({"token": create_api_token(admin, "bench").secret, "dataset": str(dataset.uid),
                  "slug": dataset.slug}))
"""

GUARD_CHILD = r"""
import json, sys, time
from pathlib import Path
from ouvert.engine.privacy import scan_parquet
start = time.perf_counter()
scan_parquet(Path(sys.argv[1]))
print(json.dumps({"seconds": time.perf_counter() - start}))
"""

VALIDATION_CHILD = r"""
import json, sys, time
from ouvert.engine.validation import validate
start = time.perf_counter()
validate(sys.argv[1], sys.argv[2])
print(json.dumps({"seconds": time.perf_counter() - start}))
"""


def platform_env(folder: Path) -> dict[str, str]:
    """A production configuration on a scratch data folder (SQLite, local files)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("OUVERT_", "DJANGO_"))}
    return {
        **clean,
        "OUVERT_DATA_DIR": str(folder),
        "OUVERT_SECRET_KEY": secrets.token_urlsafe(64),
        "OUVERT_ALLOWED_HOSTS": "127.0.0.1",
        "OUVERT_HTTPS": "false",
        "OUVERT_LOG_LEVEL": "INFO",
        "DJANGO_SETTINGS_MODULE": "ouvert.settings",
    }


def child(code: str, *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def ingest(env: dict[str, str], path: Path, *extra: str) -> dict[str, Any]:
    command = [str(OUVERT), "ingest", str(path), "--organisation", "banc", "--publish"]
    command += ["--description", "Subventions de démonstration.", *extra]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stderr is not None
    out = process.stdout.read()
    err = process.stderr.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    line = json.loads(out.strip().splitlines()[-1])
    if status != 0 or line["status"] != "ready":
        raise SystemExit(f"ouvert ingest: {line} {err[-2000:]}")
    return {
        "seconds": seconds,
        "peak": usage.ru_maxrss * 1024,
        "steps": {name: float(s) for name, s in STEP.findall(err)},
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tree(pid: int) -> list[int]:
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = (task / "children").read_text().split() if (task / "children").exists() else []
        for child_pid in children:
            found += tree(int(child_pid))
    return found


def peak_memory(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def web_upload(env: dict[str, str], path: Path, info: dict[str, str]) -> dict[str, Any]:
    port = free_port()
    logs = Path(env["OUVERT_DATA_DIR"]) / "worker.log"
    server = subprocess.Popen(
        [str(OUVERT), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with logs.open("w") as log:
        worker = subprocess.Popen(
            [str(OUVERT), "worker"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/1/site/", timeout=2)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(2)  # the worker is up and polling
        boundary = "ouvertbench0123456789"
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{path.name}"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        started = time.perf_counter()
        connection.putrequest("POST", f"/api/1/datasets/{info['dataset']}/upload/")
        connection.putheader("Authorization", f"Apikey {info['token']}")
        connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        connection.putheader("Content-Length", str(len(head) + path.stat().st_size + len(tail)))
        connection.endheaders()
        connection.send(head)
        with path.open("rb") as handle:
            while block := handle.read(1024 * 1024):
                connection.send(block)
        connection.send(tail)
        response = connection.getresponse()
        answer = response.read()
        if response.status != 201:
            raise SystemExit(f"upload refused: {response.status} {answer[:500]!r}")
        uploaded = time.perf_counter() - started
        url = f"http://127.0.0.1:{port}/api/explore/v2.1/catalog/datasets/{info['slug']}/records?limit=1"
        while time.perf_counter() - started < 900:
            try:
                with urllib.request.urlopen(url, timeout=30) as reply:
                    if json.loads(reply.read()).get("total_count") == ROWS:
                        break
            except urllib.error.HTTPError:
                pass
            time.sleep(0.05)
        else:
            raise SystemExit("the records API never answered")
        seconds = time.perf_counter() - started
        peak = peak_memory(tree(server.pid) + tree(worker.pid))
    finally:
        server.terminate()
        worker.terminate()
        server.wait(timeout=30)
        worker.wait(timeout=30)
    steps = {name: float(s) for name, s in STEP.findall(logs.read_text())}
    return {"seconds": seconds, "uploaded": uploaded, "peak": peak, "steps": steps}


def run() -> str:
    scratch = Path(tempfile.mkdtemp(prefix="ouvert-bench-publish-"))
    try:
        source = scratch / "subventions.csv"
        subprocess.run(
            [sys.executable, str(GENERATOR), str(ROWS), str(source), "--valid-ids"],
            check=True,
            capture_output=True,
        )
        data = scratch / "plateforme"
        env = platform_env(data)
        setup = subprocess.run(
            [sys.executable, "-c", SETUP], env=env, capture_output=True, text=True, check=True
        )
        info = json.loads(setup.stdout.strip().splitlines()[-1])
        duckdb_alone = child(DUCKDB_CHILD, str(source), str(scratch / "duckdb.parquet"))
        plain = ingest(env, source)
        validated = ingest(env, source, "--schema", SCHEMA, "--dataset", "subventions-valide")
        tables = sorted((data / "tables").glob("*/*.parquet"), key=lambda p: p.stat().st_mtime)
        guard_alone = child(GUARD_CHILD, str(tables[0]))
        validation_alone = child(VALIDATION_CHILD, str(source), SCHEMA)
        web = web_upload(env, source, info)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    floor = duckdb_alone["seconds"]
    print(json.dumps({"duckdb": floor, "ingest": plain, "validated": validated, "web": web}))

    def ratio(seconds: float) -> str:
        return f"{seconds / floor:.2f} ×"

    lines = [
        "## From a file to the API, as a publisher waits for it (1M-row SCDL Subventions file)",
        "",
        "`bench/publish.py` (`.venv/bin/python bench/run.py publish`): the 1,000,000-row file of "
        "`gen_subventions.py --valid-ids` (16 columns, about 237 MB), each measure in its own "
        "process, in one run. Targets: `ouvert ingest --publish` ≤ 2.5 × DuckDB alone and "
        "≤ 1.5 GB; a web upload until the records API answers ≤ 3 × DuckDB alone.",
        "",
        "| path | seconds | × DuckDB alone | peak memory |",
        "|---|---:|---:|---:|",
        f"| DuckDB alone: `read_csv` → Parquet | {floor:.2f} | 1.00 × | — |",
        f"| `ouvert ingest FILE --publish`, start to JSON `ready` | {plain['seconds']:.2f} | "
        f"{ratio(plain['seconds'])} | {plain['peak'] / 1e6:.0f} MB |",
        f"| the same with `--schema {SCHEMA}` (validation) | {validated['seconds']:.2f} | "
        f"{ratio(validated['seconds'])} | {validated['peak'] / 1e6:.0f} MB |",
        f"| web upload (API) until the records API answers | {web['seconds']:.2f} | "
        f"{ratio(web['seconds'])} | {web['peak'] / 1e6:.0f} MB (server + worker) |",
        f"| … of which the upload itself | {web['uploaded']:.2f} | {ratio(web['uploaded'])} | |",
        "",
        "Each step in the pipeline (its log) against the same work alone, in its own process:",
        "",
        "| step | in `ouvert ingest` | in the worker | alone |",
        "|---|---:|---:|---:|",
    ]
    alone = {
        "scan_version": guard_alone["seconds"],
        "validate_version": validation_alone["seconds"],
    }
    names = list(dict.fromkeys([*plain["steps"], *validated["steps"]]))
    for name in names:
        ingest_seconds = validated["steps"].get(name, plain["steps"].get(name))
        worker_seconds = web["steps"].get(name)
        lines.append(
            f"| {name} | {ingest_seconds:.2f} | "
            + (f"{worker_seconds:.2f}" if worker_seconds is not None else "—")
            + " | "
            + (f"{alone[name]:.2f}" if name in alone else "—")
            + " |"
        )
    return "\n".join(lines) + "\n"
