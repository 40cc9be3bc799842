"""A local HTTP server playing remote portals, and a harvesting organisation."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ouvert.accounts.models import Role, User
from ouvert.territory.models import Organisation

RECORDINGS = Path(__file__).resolve().parent / "recordings"

Body = bytes | Callable[[], Iterable[bytes]]


@dataclass
class Route:
    body: Body = b""
    content_type: str = "application/json"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


class FakePortal:
    """Answers GET requests from a table of path (with its query string) → Route; the
    placeholder `{base}` in recorded bodies becomes the server's own address."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                portal.requests.append(self.path)
                route = portal.routes.get(self.path) or portal.routes.get(urlsplit(self.path).path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                for name, value in route.headers.items():
                    self.send_header(name, value.replace("{base}", portal.base))
                if callable(route.body):
                    self.end_headers()
                    try:
                        for chunk in route.body():
                            self.wfile.write(chunk)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    return
                body = route.body.replace(b"{base}", portal.base.encode())
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def add(self, path: str, body: Body, content_type: str = "application/json", **kw) -> None:
        self.routes[path] = Route(body, content_type, **kw)

    def record(self, path: str, recording: str, content_type: str = "application/json") -> None:
        self.add(path, (RECORDINGS / recording).read_bytes(), content_type)

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_portal(settings) -> Iterator[FakePortal]:
    """A remote portal on 127.0.0.1, allowed by OUVERT_OUTBOUND_ALLOWED_HOSTS (its port only)."""
    portal = FakePortal()
    settings.OUVERT_OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{portal.port}"]
    settings.OUVERT_OUTBOUND_TIMEOUT = 5
    yield portal
    portal.close()


@pytest.fixture
def harvester(db: None, make_user) -> tuple[Organisation, User]:
    """An organisation that harvests, and its admin."""
    organisation = Organisation.objects.create(
        name="Quimper Bretagne Occidentale", slug="qbo", kind="autre"
    )
    admin = make_user(organisation, Role.ADMIN, email="admin@qbo.example")
    return organisation, admin
