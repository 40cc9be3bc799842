"""Sending a file once a view has checked who may have it: conditional requests (ETag → 304),
one byte range (206), HEAD, the cache policy, and in production nginx's X-Accel-Redirect.

Nothing here decides who may see a file: the views of web.views.files pass only what a
`catalog.selectors` (or `territory.selectors` for logos) check let through. The cache policy is
in docs/federation.md (« Téléchargements »).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header

CHUNK = 256 * 1024
# A public file can still be withdrawn (unpublished, made private, deleted): caches may keep it
# but must ask again before each use; with its ETag that costs a 304 without the body.
PUBLIC_CACHE = "public, no-cache"
# A draft's, private or held file, for its organisation's people: never kept by a cache.
PRIVATE_CACHE = "private, no-store"
MISSING = "Ce fichier n'est plus disponible."

_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


@dataclass(frozen=True)
class Outgoing:
    """A checked file, about to be sent."""

    open: Callable[[], IO[bytes]]  # raises FileNotFoundError when the file is gone
    etag: str  # a strong validator of the bytes, unquoted: their SHA-256 when it is known
    filename: str
    content_type: str
    is_public: bool
    size: int | None = None
    sha256: str = ""
    local_path: Path | None = None  # on the local disk (for nginx); None on object storage
    as_attachment: bool = True


def send(request: HttpRequest, outgoing: Outgoing) -> HttpResponseBase:
    """The response for a checked file: 304 when the client has it, else its bytes."""
    headers = _headers(outgoing)
    stub = HttpResponse(headers=headers)
    conditional = get_conditional_response(request, etag=headers["ETag"], response=stub)
    if conditional is not None and conditional is not stub:
        return conditional
    if request.method == "HEAD":
        return _head(outgoing, headers)
    accel = _accel_path(outgoing.local_path)
    if accel:
        # nginx sends the file (and answers Range itself) from its internal location.
        return HttpResponse(headers={**headers, "X-Accel-Redirect": accel})
    try:
        handle = outgoing.open()
    except FileNotFoundError as error:
        raise Http404(MISSING) from error
    partial = _partial(request, handle, headers)
    if partial is not None:
        return partial
    response = FileResponse(
        handle,
        as_attachment=outgoing.as_attachment,
        filename=outgoing.filename,
        content_type=outgoing.content_type,
    )
    for name, value in headers.items():
        response[name] = value
    return response


def _headers(outgoing: Outgoing) -> dict[str, str]:
    headers = {
        "Content-Type": outgoing.content_type,
        "Content-Disposition": content_disposition_header(outgoing.as_attachment, outgoing.filename)
        or "",
        "ETag": f'"{outgoing.etag}"',
        "Cache-Control": PUBLIC_CACHE if outgoing.is_public else PRIVATE_CACHE,
        "Accept-Ranges": "bytes",
    }
    if outgoing.sha256:
        # The digest of the whole file (RFC 3230's Digest, RFC 9530's Repr-Digest): base64.
        encoded = base64.b64encode(bytes.fromhex(outgoing.sha256)).decode()
        headers["Digest"] = f"sha-256={encoded}"
        headers["Repr-Digest"] = f"sha-256=:{encoded}:"
    return headers


def _head(outgoing: Outgoing, headers: dict[str, str]) -> HttpResponse:
    size = outgoing.size
    if size is None:
        try:
            with outgoing.open() as handle:
                size = handle.seek(0, 2)
        except FileNotFoundError as error:
            raise Http404(MISSING) from error
    return HttpResponse(headers={**headers, "Content-Length": str(size)})


def _accel_path(local_path: Path | None) -> str:
    """The nginx internal address of a file of the data folder, when nginx is configured."""
    prefix = settings.OUVERT_ACCEL_REDIRECT
    if not prefix or local_path is None:
        return ""
    try:
        relative = local_path.resolve().relative_to(Path(settings.DATA_DIR).resolve())
    except ValueError:
        return ""  # outside the data folder nginx can read: sent by ouvert
    return prefix + quote(relative.as_posix())


def _partial(
    request: HttpRequest, handle: IO[bytes], headers: dict[str, str]
) -> HttpResponseBase | None:
    """One byte range (a resumed download), or None to send the whole file. Several ranges, a
    stale `If-Range` or a malformed header get the whole file, as RFC 9110 allows."""
    wanted = request.headers.get("Range", "")
    if_range = request.headers.get("If-Range")
    match = _RANGE.fullmatch(wanted.strip())
    if match is None or (if_range is not None and if_range != headers["ETag"]):
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    size = handle.seek(0, 2)
    if first:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    else:
        start, end = max(0, size - int(last)), size - 1
    if start > end or start >= size:
        handle.close()
        refused = HttpResponse(status=416, headers={**headers, "Content-Range": f"bytes */{size}"})
        del refused["Content-Disposition"]
        return refused
    handle.seek(start)
    response = StreamingHttpResponse(
        _read(handle, end - start + 1),
        status=206,
        headers={
            **headers,
            "Content-Range": f"bytes {start}-{end}/{size}",
            "Content-Length": str(end - start + 1),
        },
    )
    return response


def _read(handle: IO[bytes], length: int) -> Iterator[bytes]:
    try:
        while length > 0:
            chunk = handle.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        handle.close()
