"""Harvest backends, one protocol per module, behind one `Protocol` and a registry."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from ouvert.harvesting.outbound import OutboundClient
from ouvert.harvesting.remote import RemoteDataset, RemoteFailure

MAX_PAGES = 10_000  # a source whose paging never ends stops here (and says so)


@dataclass(frozen=True)
class Query:
    """What a run asks a source for: its URL and the filters a backend may pass on to the
    remote API (they are applied again locally: not every API filters the same way)."""

    url: str
    keywords: tuple[str, ...] = ()
    insee_codes: tuple[str, ...] = ()
    remote_organisation: str = ""
    page_size: int = 100


class Backend(Protocol):
    """Reads a remote catalogue page after page, yielding each dataset mapped (or why not).

    Raises OutboundError or DocumentError when the catalogue itself cannot be read: the run then
    fails as a whole (and archives nothing)."""

    label: str

    def datasets(
        self, query: Query, client: OutboundClient
    ) -> Iterator[RemoteDataset | RemoteFailure]: ...


def backends() -> dict[str, Backend]:
    from ouvert.harvesting.backends import ckan, dcat, ods, udata

    return {
        "dcat": dcat.DcatBackend(),
        "ckan": ckan.CkanBackend(),
        "udata": udata.UdataBackend(),
        "ods": ods.OdsBackend(),
    }


def get_backend(protocol: str) -> Backend:
    found = backends().get(protocol)
    if found is None:
        raise KeyError(protocol)
    return found


def api_url(base: str, path: str) -> str:
    """The API endpoint under a portal's address, unless the address already is that endpoint."""
    clean = base.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    if clean.endswith(path.rstrip("/")):
        return base
    return clean + path
