"""A second ouvert instance ("A"), in its own processes, data folder and SQLite database,
served by gunicorn on a free loopback port (as bench/upload.py does)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

SETUP = r"""
import django, io, json
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from ouvert.accounts.models import User
from ouvert.catalog import services
from ouvert.publishing import services as publishing
from ouvert.territory.models import Organisation

admin = User.objects.create_superuser("admin@a.example", "motdepasse-instance-a-42")
brest = Organisation.objects.create(name="Ville de Brest", slug="ville-de-brest", kind="autre")
DATASETS = [
    ("Équipements sportifs", "Gymnases, piscines et stades de la ville.", ["sport", "équipements"],
     "lov2", ["EDUC"], "equipements.csv", "nom;type\nPiscine de Recouvrance;piscine\n"),
    ("Arrêts de bus", "Position des arrêts du réseau urbain.", ["transport", "mobilité"],
     "odc-odbl", ["TRAN"], "arrets.csv", "nom;lat;lon\nLiberté;48.39;-4.48\n"),
    ("Budget primitif 2025", "Budget voté par le conseil municipal.", ["budget"],
     "lov2", ["ECON"], "budget.csv", "chapitre;montant\n011;125000\n"),
]
for title, description, keywords, licence, themes, filename, content in DATASETS:
    dataset = services.create_dataset(
        admin, brest, title=title, description=description, licence=licence,
        licence_reason="Réseau sous ODbL depuis 2012." if licence != "lov2" else "",
        keywords=keywords, themes=themes,
    )
    publishing.upload_resource(admin, dataset, io.BytesIO(content.encode()), filename,
                               title=f"{title} (CSV)")
    services.publish_dataset(admin, dataset)
print("ok")
"""

DUMP = r"""
import django, json
django.setup()
from ouvert.catalog.models import Dataset
rows = []
for d in Dataset.objects.filter(status="published").order_by("title"):
    rows.append({
        "uid": str(d.uid), "slug": d.slug, "title": d.title, "description": d.description,
        "keywords": sorted(d.keywords.values_list("name", flat=True)), "licence": d.licence,
        "themes": sorted(d.themes.values_list("code", flat=True)),
        "resources": sorted([(r.title, str(r.uid), r.api_id) for r in d.resources.all()]),
    })
print(json.dumps(rows))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Instance:
    """Start with `start()`, change its data with `run(code)`, stop with `stop()`."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="ouvert-instance-a-"))
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "OUVERT_MODE": "test",
            "OUVERT_DATA_DIR": str(self.folder),
            "OUVERT_DATABASE_URL": f"sqlite:///{self.folder}/a.sqlite3",
            "OUVERT_TASKS_BACKEND": "immediate",
            "DJANGO_SETTINGS_MODULE": "ouvert.settings",
        }
        self.server: subprocess.Popen[bytes] | None = None

    def run(self, code: str) -> str:
        """Python run in instance A's environment (its database); returns what it printed."""
        done = subprocess.run(
            [sys.executable, "-c", code], env=self.env, capture_output=True, text=True, timeout=300
        )
        if done.returncode:
            raise RuntimeError(done.stderr[-3000:])
        return done.stdout.strip().splitlines()[-1]

    def change(self, code: str) -> None:
        """Run catalogue services in A as its admin (`admin`, `services`, `Dataset` in scope)."""
        self.run(
            "import django\ndjango.setup()\n"
            "from ouvert.accounts.models import User\n"
            "from ouvert.catalog import services\n"
            "from ouvert.catalog.models import Dataset\n"
            "admin = User.objects.get(email='admin@a.example')\n" + code + "\nprint('ok')"
        )

    def datasets(self) -> list[dict[str, Any]]:
        return json.loads(self.run(DUMP))

    def start(self) -> Instance:
        self.run(SETUP)
        self.server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "ouvert.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--threads",
                "4",
                "--worker-class",
                "gthread",
            ],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{self.base}/catalog.ttl", timeout=2)  # noqa: S310
                return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("l'instance A n'a pas démarré")

    def stop(self) -> None:
        if self.server is not None:
            self.server.terminate()
            try:
                self.server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.server.kill()
        shutil.rmtree(self.folder, ignore_errors=True)
