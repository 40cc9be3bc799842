"""How checked files leave: revalidated caching (ETag, 304), byte ranges, HEAD, nginx's
X-Accel-Redirect after the check, any storage back end, the checksum of the bytes served, logos
and favicons only when current, and a deleted dataset's files removed from the store."""

from __future__ import annotations

import base64
import hashlib
import importlib
import io
import uuid
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client, override_settings
from PIL import Image

from ouvert.accounts.models import Role
from ouvert.catalog import services
from ouvert.catalog.models import ResourceVersion
from ouvert.publishing.models import Review
from ouvert.territory.models import Organisation, Portal

CSV = b"nom;type\nPiscine de Kerlan;piscine\nGymnase du Moulin;gymnase\n"


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def published(make_dataset) -> ResourceVersion:
    dataset = make_dataset("Équipements", csv=CSV, filename="equipements.csv")
    return dataset.resources.get().current_version


def _url(version: ResourceVersion) -> str:
    return f"/telechargement/{version.uid}/{version.filename}"


def test_a_public_download_is_revalidated_not_immutable(published, client: Client) -> None:
    response = client.get(_url(published))
    sha256 = hashlib.sha256(CSV).hexdigest()
    assert response.status_code == 200 and _body(response) == CSV
    assert response["ETag"] == f'"{sha256}"'
    assert response["Cache-Control"] == "public, no-cache"
    assert "immutable" not in response["Cache-Control"]
    digest = base64.b64encode(hashlib.sha256(CSV).digest()).decode()
    assert response["Digest"] == f"sha-256={digest}"
    assert response["Repr-Digest"] == f"sha-256=:{digest}:"
    again = client.get(_url(published), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == response["ETag"] and again["Cache-Control"] == "public, no-cache"
    stale = client.get(_url(published), HTTP_IF_NONE_MATCH='"autre"')
    assert stale.status_code == 200


def test_a_withdrawn_download_no_longer_answers_even_to_a_cache(
    published, client: Client, quimper_editor
) -> None:
    etag = client.get(_url(published))["ETag"]
    services.unpublish_dataset(quimper_editor, published.resource.dataset)
    # A cache revalidating what it kept is told it is gone, not that it is still fresh.
    assert client.get(_url(published), HTTP_IF_NONE_MATCH=etag).status_code == 404


def test_a_draft_download_is_never_cached(make_dataset, client: Client, quimper_editor) -> None:
    version = make_dataset("Brouillon", publish=False).resources.get().current_version
    client.force_login(quimper_editor)
    response = client.get(_url(version))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_byte_ranges_and_head(published, client: Client) -> None:
    etag = client.get(_url(published))["ETag"]
    first = client.get(_url(published), HTTP_RANGE="bytes=0-3")
    assert first.status_code == 206 and _body(first) == CSV[:4]
    assert first["Content-Range"] == f"bytes 0-3/{len(CSV)}" and first["Content-Length"] == "4"
    last = client.get(_url(published), HTTP_RANGE="bytes=-8")
    assert last.status_code == 206 and _body(last) == CSV[-8:]
    rest = client.get(_url(published), HTTP_RANGE="bytes=10-", HTTP_IF_RANGE=etag)
    assert rest.status_code == 206 and _body(rest) == CSV[10:]
    changed = client.get(_url(published), HTTP_RANGE="bytes=10-", HTTP_IF_RANGE='"autre"')
    assert changed.status_code == 200 and _body(changed) == CSV
    beyond = client.get(_url(published), HTTP_RANGE="bytes=9999-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{len(CSV)}"
    several = client.get(_url(published), HTTP_RANGE="bytes=0-1,4-5")
    assert several.status_code == 200 and _body(several) == CSV
    head = client.head(_url(published))
    assert head.status_code == 200 and head["Content-Length"] == str(len(CSV))
    assert head["ETag"] == etag and head.content == b""


def test_nginx_sends_the_file_only_after_the_check(published, make_dataset, client: Client) -> None:
    draft = make_dataset("Brouillon", publish=False).resources.get().current_version
    with override_settings(OUVERT_ACCEL_REDIRECT="/_fichiers/"):
        response = client.get(_url(published))
        hidden = client.get(_url(draft))
        table = client.get(f"/telechargement/{published.uid}/tableau/equipements.parquet")
        hidden_table = client.get(f"/telechargement/{draft.uid}/tableau/equipements.parquet")
    sha256 = published.sha256
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == (
        f"/_fichiers/media/originals/{sha256[:2]}/{sha256[2:4]}/{sha256}"
    )
    assert response["Content-Disposition"].startswith("attachment")
    assert response["ETag"] == f'"{sha256}"'
    assert table["X-Accel-Redirect"] == f"/_fichiers/tables/{published.table.path}"
    for refused in (hidden, hidden_table):
        assert refused.status_code == 404 and "X-Accel-Redirect" not in refused


def test_any_storage_back_end_serves_through_the_check(
    make_dataset, client: Client, quimper_editor
) -> None:
    """Originals on a storage without local paths (an object storage): read by the pipeline
    and sent by ouvert (nginx cannot reach them), through the same check."""
    memory = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    content = CSV + f"Stade {uuid.uuid4()};stade\n".encode()  # bytes no other test stored
    with override_settings(STORAGES=memory, OUVERT_ACCEL_REDIRECT="/_fichiers/"):
        dataset = make_dataset("En mémoire", csv=content)
        version = dataset.resources.get().current_version
        assert version.status == ResourceVersion.Status.READY, version.status_message
        assert default_storage.exists(version.storage_path)
        assert not Path(default_storage.path(version.storage_path)).exists()
        response = client.get(_url(version))
        assert response.status_code == 200 and _body(response) == content
        assert "X-Accel-Redirect" not in response
        services.unpublish_dataset(quimper_editor, dataset)
        assert client.get(_url(version)).status_code == 404


def _office_file(tmp_path) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["équipement", "commune"])
    book.active.append(["Gymnase", "Quimper"])
    book.properties.creator = "Martine Dupont"
    path = tmp_path / "equipements.xlsx"
    book.save(path)
    return path.read_bytes()


def test_the_checksum_published_is_that_of_the_bytes_served(
    make_dataset, client: Client, tmp_path
) -> None:
    original = _office_file(tmp_path)
    dataset = make_dataset("Équipements", csv=original, filename="equipements.xlsx")
    resource = dataset.resources.get()
    version = resource.current_version
    served = _body(client.get(_url(version)))
    assert served != original and b"Martine Dupont" not in served
    sha256 = hashlib.sha256(served).hexdigest()
    original_sha256 = hashlib.sha256(original).hexdigest()
    review = Review.objects.get(version=version)
    assert review.stripped_sha256 == sha256 and review.stripped_size == len(served)
    assert client.get(_url(version))["ETag"] == f'"{sha256}"'
    api = client.get(f"/api/1/datasets/{dataset.slug}/resources/{resource.uid}/").json()
    assert api["checksum"] == {"type": "sha256", "value": sha256}
    assert api["filesize"] == len(served)
    versions = client.get(f"/api/1/datasets/{dataset.slug}/resources/{resource.uid}/versions/")
    assert versions.json()[0]["checksum"]["value"] == sha256
    dcat = client.get("/catalog.ttl").content.decode()
    assert sha256 in dcat and original_sha256 not in dcat
    page = client.get(f"/jeux-de-donnees/{dataset.slug}/").content.decode()
    assert sha256[:10] in page and original_sha256[:10] not in page


def test_the_migration_hashes_the_copies_already_stripped(
    make_dataset, client: Client, tmp_path
) -> None:
    dataset = make_dataset("Équipements", csv=_office_file(tmp_path), filename="e.xlsx")
    version = dataset.resources.get().current_version
    Review.objects.filter(version=version).update(stripped_sha256="", stripped_size=None)
    migration = importlib.import_module("ouvert.publishing.migrations.0003_served_checksum")
    migration.hash_stripped_copies(apps, None)
    review = Review.objects.get(version=version)
    served = _body(client.get(_url(version)))
    assert review.stripped_sha256 == hashlib.sha256(served).hexdigest()
    assert review.stripped_size == len(served)


def _png(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), colour).save(buffer, "PNG")
    return buffer.getvalue()


def test_only_current_logos_and_favicons_have_an_address(
    demo, published, client: Client, tmp_path
) -> None:
    quimper = Organisation.objects.get(slug="ville-de-quimper")
    quimper.logo.save("quimper.png", ContentFile(_png("blue")))
    old = quimper.logo.name
    portal = Portal.objects.get(slug="quimper")
    portal.favicon.save("icone.png", ContentFile(_png("red")))
    page = client.get("/organisations/ville-de-quimper/").content.decode()
    assert f'src="/images/{old}"' in page
    logo = client.get(f"/images/{old}")
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"
    assert _body(logo) == _png("blue") and "attachment" not in logo.get("Content-Disposition", "")
    api = client.get("/api/1/organizations/ville-de-quimper/").json()
    assert api["logo"] == f"http://testserver/images/{old}"
    favicon = client.get(f"/p/quimper/images/{portal.favicon.name}")
    assert favicon.status_code == 200
    assert (
        f'href="/p/quimper/images/{portal.favicon.name}"'
        in client.get("/p/quimper/").content.decode()
    )
    # A replaced logo, the originals and any other stored file have no address.
    quimper.logo.save("nouveau.png", ContentFile(_png("green")))
    assert client.get(f"/images/{old}").status_code == 404
    assert client.get(f"/images/{quimper.logo.name}").status_code == 200
    for name in (published.storage_path, f"../media/{published.storage_path}", "ouvert.sqlite3"):
        assert client.get(f"/images/{name}").status_code == 404, name
        assert client.get(f"/media/{name}").status_code == 404, name


def test_a_deleted_datasets_files_leave_the_store_unless_shared(
    make_dataset, demo, make_user, quimper_editor, client: Client, tmp_path,
    django_capture_on_commit_callbacks,
) -> None:  # fmt: skip
    office = _office_file(tmp_path)
    mine = make_dataset("À supprimer", csv=office, filename="e.xlsx")
    brest = Organisation.objects.get(slug="commune-29051")
    neighbour = make_user(brest, Role.ADMIN)
    theirs = make_dataset("Les mêmes octets", csv=office, filename="e.xlsx", organisation=brest,
                          actor=neighbour)  # fmt: skip
    version = mine.resources.get().current_version
    other = theirs.resources.get().current_version
    assert version.storage_path == other.storage_path  # content-addressed: stored once
    stripped = Review.objects.get(version=version).stripped_path
    table = version.table.absolute_path
    admin = make_user(demo["quimper"], Role.ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_dataset(admin, mine)
    assert default_storage.exists(other.storage_path), "another dataset's version needs it"
    assert not default_storage.exists(stripped) and not table.exists()
    assert client.get(_url(version)).status_code == 404
    assert client.get(_url(other)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_resource(neighbour, theirs.resources.get())
    assert not default_storage.exists(other.storage_path)
    assert client.get(_url(other)).status_code == 404
