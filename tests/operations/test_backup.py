"""`ouvert backup` then `ouvert restore` into an empty data folder and a fresh database: every
API answer and every download is the same. Real processes, on SQLite or PostgreSQL as the
suite runs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.isolated import REPO, IsolatedPlatform

REAL = REPO / "tests" / "data" / "shared" / "real"

SETUP = f"""
import io
from pathlib import Path
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image
call_command("migrate", verbosity=0)
from ouvert.accounts.models import Member, User
from ouvert.catalog import services
from ouvert.publishing.services import upload_resource
from ouvert.territory.models import Organisation

REAL = Path({str(REAL)!r})
editor = User.objects.create_user("editrice@montpellier.example", "motdepasse-de-test-42")
city = Organisation.objects.create(name="Ville de Montpellier", slug="montpellier", kind="autre")
logo = io.BytesIO()
Image.new("RGB", (8, 8), (0, 90, 160)).save(logo, "PNG")
city.logo.save("logo.png", ContentFile(logo.getvalue()))
Member.objects.create(user=editor, organisation=city, role="editor")
for title, name, publish in [
    ("Arbres", "paris_les-arbres_extrait.csv", True),
    # Held by the personal-data guard (telephone numbers): not served.
    ("Défibrillateurs", "montpellier_VilleMTP_MTP_Defibrillateurs.csv", True),
    ("Fontaines", "montpellier_VilleMTP_MTP_Fontaines.geojson", True),
    ("Subventions (brouillon)", "cd85_201906_Publication_donnees_Open_data_Subventions_Conventions.csv", False),
]:
    dataset = services.create_dataset(editor, city, title=title, description=f"{{title}} de la ville.")
    upload_resource(editor, dataset, (REAL / name).open("rb"), name)
    if publish:
        services.publish_dataset(editor, dataset)
print("ok")
"""

# Every public answer, and the SHA-256 of every download, as an anonymous client sees them.
SNAPSHOT = """
import hashlib, json
from urllib.parse import urlsplit
from django.test import Client

client = Client()

def get(url):
    parts = urlsplit(url)
    response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body

seen = {}
status, body = get("/api/1/datasets/?page_size=100")
listing = json.loads(body)
seen["/api/1/datasets/"] = listing
for dataset in listing["data"]:
    status, body = get(f"/api/1/datasets/{dataset['id']}/")
    detail = json.loads(body)
    seen[dataset["id"]] = detail
    for resource in detail["resources"]:
        url = resource["url"] or resource["latest"]
        status, body = get(url)
        seen["download " + url] = [status, hashlib.sha256(body).hexdigest()]
status, body = get("/api/explore/v2.1/catalog/datasets?limit=100")
catalog = json.loads(body)
seen["explore catalog"] = catalog
for entry in catalog["results"]:
    status, body = get(f"/api/explore/v2.1/catalog/datasets/{entry['dataset_id']}/records?limit=100")
    seen["records " + entry["dataset_id"]] = [status, json.loads(body)]
print(json.dumps(seen, sort_keys=True))
"""

LATER = """
import io
from ouvert.accounts.models import User
from ouvert.catalog import services
from ouvert.publishing.services import upload_resource
from ouvert.territory.models import Organisation
editor = User.objects.get(email="editrice@montpellier.example")
dataset = services.create_dataset(
    editor, Organisation.objects.get(slug="montpellier"), title="Après", description="Plus tard."
)
upload_resource(editor, dataset, io.BytesIO(b"a;b\\n1;2\\n"), "apres.csv")
services.publish_dataset(editor, dataset)
print("ok")
"""


@pytest.fixture
def source() -> Iterator[IsolatedPlatform]:
    platform = IsolatedPlatform("source")
    yield platform
    platform.destroy()


@pytest.fixture
def target() -> Iterator[IsolatedPlatform]:
    platform = IsolatedPlatform("cible")
    yield platform
    platform.destroy()


def test_a_restored_backup_answers_like_the_original(source, target, tmp_path: Path) -> None:
    source.run(SETUP, OUVERT_TASKS_BACKEND="immediate")
    before = json.loads(source.run(SNAPSHOT))
    assert len(before["/api/1/datasets/"]["data"]) == 3  # the draft is not public
    downloads = sorted(v[0] for k, v in before.items() if k.startswith("download "))
    assert downloads == [200, 200, 404]  # the held version is not served
    records = [v for k, v in before.items() if k.startswith("records ")]
    assert len(records) == 2 and all(s == 200 and body["results"] for s, body in records)

    folder = tmp_path / "sauvegarde"
    done = source.ouvert("backup", str(folder))
    assert done.returncode == 0, done.stderr
    assert "Sauvegarde écrite" in done.stdout
    manifest = json.loads((folder / "manifest.json").read_text())
    paths = {entry["path"] for entry in manifest["files"]}
    assert any(p.startswith("media/originals/") for p in paths)
    assert any(p.startswith("tables/") for p in paths)
    assert any(p.startswith("media/logos/") for p in paths)
    assert manifest["missing"] == []
    # The platform goes on after the backup: the restore is the state at the backup.
    source.run(LATER, OUVERT_TASKS_BACKEND="immediate")

    done = target.ouvert("restore", str(folder))
    assert done.returncode == 0, done.stderr
    assert json.loads(target.run(SNAPSHOT)) == before

    # A platform that has data is not overwritten without --force.
    again = target.ouvert("restore", str(folder))
    assert again.returncode == 2 and "déjà des données" in again.stderr
    assert "Traceback" not in again.stderr
    # A damaged backup is refused before anything is written, even with --force.
    original = next(folder / p for p in sorted(paths) if p.startswith("media/originals/"))
    damaged = bytearray(original.read_bytes())
    damaged[0] ^= 1
    original.write_bytes(bytes(damaged))
    refused = target.ouvert("restore", str(folder), "--force")
    assert refused.returncode == 2 and "La sauvegarde est abîmée" in refused.stderr
    assert "contenu modifié" in refused.stderr
    assert json.loads(target.run(SNAPSHOT)) == before


def test_a_backup_goes_into_a_new_folder(source, tmp_path: Path) -> None:
    source.run('from django.core.management import call_command\ncall_command("migrate")')
    (tmp_path / "occupe").mkdir()
    (tmp_path / "occupe" / "autre.txt").write_text("x")
    done = source.ouvert("backup", str(tmp_path / "occupe"))
    assert done.returncode == 2 and "n'est pas vide" in done.stderr
