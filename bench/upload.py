"""A 1 GB upload through the API: streamed to disk, never held in memory (issue #3).

gunicorn serves the platform; a client streams a 1 GiB multipart body to
`POST /api/1/datasets/{id}/upload/` with a token. Measured: wall time, throughput, and the
peak resident memory (VmHWM) of the gunicorn worker that handled it. Compared in the same run
with the disk's limit: Python writing the same 1 GiB to a file and hashing it.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

SIZE = 1024**3
CHUNK = 1024 * 1024

SETUP = r"""
import django, json
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from ouvert.accounts.models import User
from ouvert.accounts.services import create_api_token
from ouvert.catalog import services
from ouvert.territory.models import Organisation
admin = User.objects.create_superuser("bench@example.org", "motdepasse-bench-42")
organisation = Organisation.objects.create(name="Banc d'essai", slug="banc", kind="autre")
dataset = services.create_dataset(admin, organisation, title="Gros fichier", description="x")
print(json.dumps({"token": create_api_token(admin, "bench").secret, "dataset": str(dataset.uid)}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def body(boundary: str) -> tuple[bytes, bytes, int]:
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="gros.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    return head, tail, len(head) + SIZE + len(tail)


def payload() -> Iterator[bytes]:
    line = b"identifiant;commune;montant\n" + b"12345;Quimper;1234,50\n" * (CHUNK // 22)
    block = (line * 2)[:CHUNK]
    for _ in range(SIZE // CHUNK):
        yield block


def peak_memory(pids: list[int]) -> int:
    peak = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]) * 1024)
        except OSError:
            continue
    return peak


def disk_limit(folder: Path) -> float:
    started = time.perf_counter()
    digest = hashlib.sha256()
    with open(folder / "raw.bin", "wb") as handle:
        for block in payload():
            digest.update(block)
            handle.write(block)
        handle.flush()
        os.fsync(handle.fileno())
    elapsed = time.perf_counter() - started
    (folder / "raw.bin").unlink()
    return elapsed


def run() -> str:
    folder = Path(tempfile.mkdtemp(prefix="ouvert-bench-upload-"))
    env = {
        **os.environ,
        "OUVERT_MODE": "test",
        "OUVERT_DATA_DIR": str(folder),
        "OUVERT_DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
        "DJANGO_SETTINGS_MODULE": "ouvert.settings",
    }
    try:
        setup = subprocess.run(
            [sys.executable, "-c", SETUP], env=env, capture_output=True, text=True, check=True
        )
        info = json.loads(setup.stdout.strip().splitlines()[-1])
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "ouvert.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--threads",
                "2",
                "--worker-class",
                "gthread",
                "--timeout",
                "600",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
            workers = [
                int(p)
                for p in subprocess.run(
                    ["pgrep", "-P", str(server.pid)], capture_output=True, text=True, check=False
                ).stdout.split()
            ]
            baseline = peak_memory(workers)
            boundary = "ouvertbench0123456789"
            head, tail, length = body(boundary)
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            started = time.perf_counter()
            connection.putrequest("POST", f"/api/1/datasets/{info['dataset']}/upload/")
            connection.putheader("Authorization", f"Apikey {info['token']}")
            connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
            connection.putheader("Content-Length", str(length))
            connection.endheaders()
            connection.send(head)
            for block in payload():
                connection.send(block)
            connection.send(tail)
            response = connection.getresponse()
            answer = json.loads(response.read())
            elapsed = time.perf_counter() - started
            if response.status != 201:
                raise SystemExit(f"upload refused: {response.status} {answer}")
            peak = peak_memory(workers)
        finally:
            server.terminate()
            server.wait(timeout=30)
        limit = disk_limit(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    # The version is queued for processing: the answer describes it under "processing".
    stored = answer.get("filesize") or (answer.get("processing") or {}).get("filesize") or 0
    gib = SIZE / 1024**3
    print(
        f"upload {elapsed:.1f}s, peak {peak / 1024**2:.0f} MiB (baseline {baseline / 1024**2:.0f}), disk {limit:.1f}s"
    )
    return "\n".join(
        [
            "## A 1 GiB upload (issue #3: streamed to disk, never held in memory)",
            "",
            "One gunicorn worker receives a 1 GiB CSV through `POST /api/1/datasets/{id}/upload/`; "
            "Django streams the multipart body to a temporary file, ouvert hashes it there and the "
            "storage renames it into `originals/<sha256>` (no copy).",
            "",
            "| measure | value |",
            "|---|---:|",
            f"| upload to version in the API response | {elapsed:.1f} s ({gib / elapsed * 1024:.0f} MiB/s) |",
            f"| disk's limit: Python writing and hashing the same 1 GiB | {limit:.1f} s |",
            f"| worker peak memory (VmHWM) before the upload | {baseline / 1024**2:.0f} MiB |",
            f"| worker peak memory after the upload | {peak / 1024**2:.0f} MiB |",
            f"| file stored (size from the API answer) | {stored / 1024**2:.0f} MiB |",
            "",
        ]
    )
