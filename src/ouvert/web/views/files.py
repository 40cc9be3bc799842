"""Every stored file that leaves the platform leaves here, after a check of who may have it.

A version's original (or the guard's copy of it without office properties) and its typed
Parquet table go through `catalog.selectors.find_version`; logos and favicons through
`territory.selectors.is_current_image`. Stored files have no other address: there is no
`/media/` route (tests/web/test_doors.py fails on any new route serving files unchecked).
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

from django.core.files.storage import FileSystemStorage, default_storage
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from ouvert.catalog import selectors
from ouvert.catalog.models import ResourceVersion
from ouvert.publishing.selectors import table_of
from ouvert.territory.selectors import is_current_image
from ouvert.web.downloads import MISSING, Outgoing, send

IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".bmp": "image/bmp",
}


def _checked_version(request: HttpRequest, uid: str) -> ResourceVersion:
    version = selectors.find_version(request.user, request.portal, uid)  # type: ignore[attr-defined]
    if version is None:
        raise Http404("Ce fichier n'existe pas ou n'est pas visible ici.")
    return version


def _local_path(name: str) -> Path | None:
    """Where a stored file lies on the local disk (for nginx), if it does: not on an object
    storage, nor on one whose `path()` names no real file (InMemoryStorage)."""
    if not isinstance(default_storage, FileSystemStorage):
        return None
    return Path(default_storage.path(name))


@require_safe
def version_download(request: HttpRequest, uid: str, filename: str) -> HttpResponseBase:
    """The permanent URL of one version: its bytes as published (office files without the
    properties the guard removed), for as long as the version may be seen."""
    version = _checked_version(request, uid)
    if version.url and not version.storage_path:
        return redirect(version.url)
    if filename != version.filename:
        return redirect("web:version_download", uid=version.uid, filename=version.filename)
    name = version.served_path
    sha256 = version.served_sha256
    return send(
        request,
        Outgoing(
            open=lambda: default_storage.open(name, "rb"),
            etag=sha256 or f"{version.uid.hex}-{version.served_size}",
            filename=version.filename,
            content_type=version.media_type or "application/octet-stream",
            is_public=selectors.is_public_version(version),
            size=version.served_size,
            sha256=sha256,
            local_path=_local_path(name),
        ),
    )


@require_safe
def table_download(request: HttpRequest, uid: str, filename: str) -> HttpResponseBase:
    """A version's typed table as Parquet (GeoParquet for geographic data)."""
    version = _checked_version(request, uid)
    table = table_of(version)
    if table is None:
        raise Http404("Ce tableau n'existe pas ou n'est pas visible ici.")
    # Tables live on the local disk that DuckDB reads (publishing.models.tables_root).
    path = table.absolute_path
    try:
        stat = path.stat()
    except FileNotFoundError as error:
        raise Http404(MISSING) from error
    return send(
        request,
        Outgoing(
            open=lambda: path.open("rb"),
            etag=f"{version.uid.hex}-{stat.st_mtime_ns:x}-{stat.st_size:x}",
            filename=filename if filename.endswith(".parquet") else f"{filename}.parquet",
            content_type="application/vnd.apache.parquet",
            is_public=selectors.is_public_version(version),
            size=stat.st_size,
            local_path=path,
        ),
    )


@require_safe
def image(request: HttpRequest, name: str) -> HttpResponseBase:
    """An organisation's logo, a portal's logo or favicon: public, like the pages showing them;
    no other stored file answers here."""
    content_type = IMAGE_TYPES.get(PurePosixPath(name).suffix.lower())
    if content_type is None or not is_current_image(name):
        raise Http404("Cette image n'existe pas.")
    try:
        size = default_storage.size(name)
    except FileNotFoundError as error:
        raise Http404(MISSING) from error
    # Stored names are never reused for other bytes (the storage renames a newcomer).
    etag = hashlib.sha256(f"{name}\n{size}".encode()).hexdigest()[:32]
    return send(
        request,
        Outgoing(
            open=lambda: default_storage.open(name, "rb"),
            etag=etag,
            filename=PurePosixPath(name).name,
            content_type=content_type,
            is_public=True,
            size=size,
            local_path=_local_path(name),
            as_attachment=False,
        ),
    )
