"""The one HTTP client for every outbound call (harvesting, remote files).

A harvest source is a URL typed by a person: without care it lets them make the platform read
its own network (cloud metadata at 169.254.169.254, an admin interface on 10.0.0.1, a service on
localhost). So every connection, including each redirect, resolves the host, refuses private,
loopback, link-local, multicast and reserved addresses, and connects to the very address it
checked (no second DNS lookup that a rebinding server could answer differently). Bodies are
streamed and cut at a size limit; every read has a timeout and a whole download a deadline.
`OUVERT_OUTBOUND_ALLOWED_HOSTS` lets named hosts through (a neighbouring instance on the
same private network, the tests on 127.0.0.1).
"""

from __future__ import annotations

import ipaddress
import socket
import time
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from django.conf import settings
from httpcore._backends.sync import SyncStream

MAX_REDIRECTS = 5
CHUNK = 64 * 1024
USER_AGENT = "ouvert-moissonneur/0.1 (+https://ouvert.example/moissonnage)"


class OutboundError(Exception):
    """A fetch refused or failed; the message is French and says why, for the run report."""


class AddressRefused(OutboundError):
    """The host resolves to an address the platform must not reach."""


class TooLarge(OutboundError):
    """The body exceeds the size limit."""


def _allowed_hosts() -> set[str]:
    return {host.strip().lower() for host in settings.OUVERT_OUTBOUND_ALLOWED_HOSTS if host}


def is_host_allowed(host: str, port: int, allowed: Iterable[str]) -> bool:
    """A host (or host:port) named in the allow list."""
    host = host.strip("[]").lower()
    names = set(allowed)
    return host in names or f"{host}:{port}" in names or f"[{host}]:{port}" in names


def is_public_address(address: str) -> bool:
    """A globally routable unicast address (not private, loopback, link-local, multicast,
    reserved, unspecified, nor an IPv4 address hidden in IPv6)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            return is_public_address(str(mapped))
        if ip.teredo is not None:
            return False
    return bool(
        ip.is_global
        and not (
            ip.is_private
            or ip.is_loopback
            or ip.is_link_local
            or ip.is_multicast
            or ip.is_reserved
            or ip.is_unspecified
        )
    )


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's network backend, checking each address before connecting to it."""

    def __init__(self, allowed: set[str]) -> None:
        self.allowed = allowed

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as error:
            raise OutboundError(f"Le nom « {host} » ne se résout pas ({error}).") from error
        addresses = [str(info[4][0]) for info in infos]
        if not is_host_allowed(host, port, self.allowed):
            refused = [a for a in addresses if not is_public_address(a)]
            if refused:
                raise AddressRefused(
                    f"Adresse refusée : « {host} » mène à {refused[0]}, une adresse privée, "
                    "locale ou réservée que la plateforme ne contacte pas."
                )
        last_error: OSError | None = None
        for info in infos:
            family, kind, proto, _name, address = info
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(timeout)
                sock.connect(address)  # the checked address itself: no second lookup
            except OSError as error:
                sock.close()
                last_error = error
                continue
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return SyncStream(sock)
        raise OutboundError(f"Connexion impossible à « {host} » ({last_error}).")


def _client(timeout: float) -> httpx.Client:
    transport = httpx.HTTPTransport(trust_env=False)
    # The pool httpx builds, with our backend: TLS still checks the certificate of the host name.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        network_backend=GuardedBackend(_allowed_hosts()),
        max_connections=4,
    )
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        trust_env=False,  # a proxy from the environment would make the address check moot
        headers={"User-Agent": USER_AGENT},
    )


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise OutboundError(f"Adresse refusée : « {url[:200]} » n'est pas une adresse http(s).")


@dataclass(frozen=True)
class Document:
    url: str
    status: int
    content_type: str
    body: bytes


class OutboundClient:
    """Fetches documents and files for one harvest run (keeps connections between pages)."""

    def __init__(self, timeout: float | None = None, max_size: int | None = None) -> None:
        self.timeout = float(timeout or settings.OUVERT_OUTBOUND_TIMEOUT)
        self.max_size = int(max_size or settings.OUVERT_OUTBOUND_MAX_SIZE)
        # A body trickling one byte per read never trips the read timeout: cap the whole.
        self.deadline = self.timeout * 10
        self._client = _client(self.timeout)

    def __enter__(self) -> OutboundClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def _open(self, url: str, accept: str) -> tuple[httpx.Response, str]:
        for _hop in range(MAX_REDIRECTS + 1):
            _check_url(url)
            request = self._client.build_request("GET", url, headers={"Accept": accept})
            try:
                response = self._client.send(request, stream=True)
            except OutboundError:
                raise
            except httpx.TimeoutException as error:
                raise OutboundError(
                    f"Pas de réponse de « {url[:200]} » en {self.timeout:.0f} secondes."
                ) from error
            except httpx.HTTPError as error:
                raise OutboundError(
                    f"Échec de la requête vers « {url[:200]} » : {error}."
                ) from error
            if response.is_redirect:
                location = response.headers.get("location", "")
                response.close()
                if not location:
                    raise OutboundError(f"Redirection sans destination depuis « {url[:200]} ».")
                url = urljoin(url, location)
                continue
            return response, url
        raise OutboundError(
            f"Trop de redirections (plus de {MAX_REDIRECTS}) depuis « {url[:200]} »."
        )

    def _stream(self, response: httpx.Response, url: str, limit: int) -> Iterator[bytes]:
        started = time.monotonic()
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            response.close()
            raise TooLarge(_too_large(url, limit))
        size = 0
        try:
            for chunk in response.iter_bytes(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise TooLarge(_too_large(url, limit))
                if time.monotonic() - started > self.deadline:
                    raise OutboundError(
                        f"Lecture de « {url[:200]} » interrompue : plus de "
                        f"{self.deadline:.0f} secondes."
                    )
                yield chunk
        except httpx.TimeoutException as error:
            raise OutboundError(
                f"« {url[:200]} » ne répond plus (plus de {self.timeout:.0f} secondes)."
            ) from error
        except httpx.HTTPError as error:
            raise OutboundError(f"Lecture de « {url[:200]} » interrompue : {error}.") from error
        finally:
            response.close()

    def get(self, url: str, accept: str = "*/*", max_size: int | None = None) -> Document:
        """A whole document (a catalogue page), read up to the size limit; raises OutboundError
        for a refused address, a timeout, a body too large or an HTTP error status."""
        response, final_url = self._open(url, accept)
        if response.status_code >= 400:
            response.close()
            raise OutboundError(
                f"« {final_url[:200]} » a répondu par une erreur HTTP {response.status_code}."
            )
        body = b"".join(self._stream(response, final_url, max_size or self.max_size))
        content_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        return Document(final_url, response.status_code, content_type, body)

    def download(self, url: str, destination: IO[bytes], max_size: int) -> Document:
        """A file streamed into `destination` (never held in memory); body left empty."""
        response, final_url = self._open(url, "*/*")
        if response.status_code >= 400:
            response.close()
            raise OutboundError(
                f"« {final_url[:200]} » a répondu par une erreur HTTP {response.status_code}."
            )
        for chunk in self._stream(response, final_url, max_size):
            destination.write(chunk)
        content_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        return Document(final_url, response.status_code, content_type, b"")


def _too_large(url: str, limit: int) -> str:
    return (
        f"Réponse de « {url[:200]} » trop volumineuse : lecture arrêtée au-delà de "
        f"{limit / 1024**2:.0f} Mo."
    )
