"""Every door of the platform, and what it lets out.

Each URL pattern of the project (walked from the resolver; every one is also reachable under a
portal's `/p/<slug>/` prefix, which the middleware strips) is either in ALLOWED, with the
reason it serves no stored bytes of a dataset, or in PROBES: then it is requested for a
dataset in each state a file can be hidden in (draft, private shared with nobody, a held
version, a failed version, unpublished, deleted; archived as the public control), anonymously,
as another organisation's editor, with that editor's token and through a portal prefix, and it
must answer 404 without a byte of the hidden data; the owner's editor gets it. A route added
without being classified here fails `test_every_route_is_classified`.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyarrow.parquet as pq
import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from ouvert.accounts.models import Role
from ouvert.accounts.services import create_api_token
from ouvert.api.explore import EXPORT_FORMATS
from ouvert.catalog import services
from ouvert.catalog.models import Dataset, Resource, ResourceVersion
from ouvert.publishing.selectors import table_of
from ouvert.publishing.services import upload_version
from ouvert.territory.models import Organisation
from ouvert.validation import registry

REASONS = {
    "page": "a page without a dataset's data (metadata of visible datasets at most)",
    "listing": "metadata of `visible_datasets` only (tests/catalog/test_visibility.py)",
    "registry": "the public schema registry and templates generated from it",
    "account": "the person's own account, sessions and tokens",
    "people": "an organisation's people, for its admins (accounts.permissions)",
    "harvest": "harvest sources and runs, for their organisation (MANAGE_HARVEST)",
    "back office": "a write or form of the back office: permission checked, refusals "
    "without slug (tests/web/test_refusals.py)",
    "audit": "the personal-data journal, platform admins only (VIEW_AUDIT_LOG)",
    "own file": "analyses the caller's own upload and answers about it",
    "api doc": "the API's description",
    "image": "current logos and favicons only (tests/web/test_downloads.py)",
}

ALLOWED: dict[str, str] = {
    "": "page",
    "theme.css": "page",
    "recherche/": "listing",
    "jeux-de-donnees/": "listing",
    "organisations/": "page",
    "organisations/<slug:slug>/": "listing",
    "organisations/<slug:slug>/modifier/": "people",
    "organisations/<slug:slug>/administration/": "people",
    "organisations/<slug:slug>/membres/<int:member_id>/role/": "people",
    "organisations/<slug:slug>/membres/<int:member_id>/retirer/": "people",
    "organisations/<slug:slug>/invitations/<int:invitation_id>/annuler/": "people",
    "invitations/<str:token>/": "account",
    "compte/": "account",
    "compte/jetons/<int:token_id>/revoquer/": "account",
    "connexion/": "account",
    "deconnexion/": "account",
    "compte/mot-de-passe/": "account",
    "compte/mot-de-passe/modifie/": "account",
    "mot-de-passe/oubli/": "account",
    "mot-de-passe/oubli/envoye/": "account",
    "mot-de-passe/nouveau/<uidb64>/<token>/": "account",
    "mot-de-passe/nouveau/termine/": "account",
    "schemas/": "registry",
    "schemas/<path:name>@<str:version>/": "registry",
    "schemas/<path:name>@<str:version>/modele.<str:fmt>": "registry",
    "images/<path:name>": "image",
    "sitemap.xml": "listing",
    "catalog": "listing",
    "catalog.ttl": "listing",
    "catalog.rdf": "listing",
    "catalog.jsonld": "listing",
    "flux/jeux-de-donnees.rss": "listing",
    "flux/jeux-de-donnees.atom": "listing",
    "espace/": "back office",
    "espace/nouveau/": "back office",
    "espace/jeux/<slug:slug>/modifier/": "back office",
    "espace/jeux/<slug:slug>/schema/": "back office",
    "espace/jeux/<slug:slug>/statut/<str:action>/": "back office",
    "espace/jeux/<slug:slug>/supprimer/": "back office",
    "espace/jeux/<slug:slug>/ressources/fichier/": "back office",
    "espace/jeux/<slug:slug>/ressources/lien/": "back office",
    "espace/jeux/<slug:slug>/ressources/<uuid:uid>/version/": "back office",
    "espace/versions/<uuid:uid>/publier/": "back office",
    "espace/versions/<uuid:uid>/corriger/": "back office",
    "espace/versions/<uuid:uid>/reparer/": "back office",
    "espace/journal/": "audit",
    "espace/journal.csv": "audit",
    "espace/moissonnage/": "harvest",
    "espace/moissonnage/ajouter/": "harvest",
    "espace/moissonnage/<int:pk>/": "harvest",
    "espace/moissonnage/<int:pk>/moissonner/": "harvest",
    "espace/moissonnage/<int:pk>/activation/": "harvest",
    "espace/moissonnage/<int:pk>/moissonnages/<int:run_id>/": "harvest",
    "api/": "api doc",
    "api/docs": "api doc",
    "api/openapi.json": "api doc",
    "api/1/datasets/": "listing",
    "api/1/datasets/licenses/": "registry",
    "api/1/datasets/frequencies/": "registry",
    "api/1/datasets/themes/": "registry",
    "api/1/datasets/<id_or_slug>/upload/": "back office",
    "api/1/datasets/<id_or_slug>/resources/<rid>/upload/": "back office",
    "api/1/organizations/": "page",
    "api/1/organizations/<id_or_slug>/": "page",
    "api/1/me/": "account",
    "api/1/scan": "own file",
    "api/1/validate": "own file",
    "api/explore/v2.1/catalog/datasets": "listing",
}
# Django's admin: platform admins only (ouvert.urls.platform_admins_only), who see everything.
ALLOWED_PREFIXES = ("admin/",)


@dataclass
class Target:
    """A dataset in one state, and the version whose bytes must stay hidden."""

    state: str
    dataset: Dataset
    resource: Resource
    version: ResourceVersion
    secret: str  # a word only in the hidden data (and the hidden dataset's title)
    dataset_hidden: bool  # the whole dataset (else only `version`)
    storage_paths: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Probe:
    urls: Callable[[Target], list[str]]
    rows: bool  # the answer carries the data itself (the owner must find the secret in it)
    by_version: bool = False  # reaches `target.version` (else the resource's current one)
    back_office: bool = False  # the owner's pages: login, 403 or 404 for anyone else
    needs_table: bool = False
    follow: bool = False


def _ods(suffix: str = "") -> Callable[[Target], list[str]]:
    return lambda t: [f"/api/explore/v2.1/catalog/datasets/{t.resource.api_id}{suffix}"]


def _tabular(suffix: str) -> Callable[[Target], list[str]]:
    return lambda t: [f"/api/resources/{t.resource.uid}/{suffix}"]


def _udata(suffix: str) -> Callable[[Target], list[str]]:
    return lambda t: [f"/api/1/datasets/{t.dataset.slug}/{suffix}"]


PROBES: dict[str, Probe] = {
    "telechargement/<uuid:uid>/<str:filename>": Probe(
        lambda t: [f"/telechargement/{t.version.uid}/{t.version.filename}"],
        rows=True,
        by_version=True,
    ),
    "telechargement/<uuid:uid>/tableau/<str:filename>": Probe(
        lambda t: [f"/telechargement/{t.version.uid}/tableau/donnees.parquet"],
        rows=True,
        by_version=True,
        needs_table=True,
    ),
    "jeux-de-donnees/<slug:slug>/": Probe(lambda t: [f"/jeux-de-donnees/{t.dataset.slug}/"], True),
    "jeux-de-donnees/<slug:slug>/ressources/<uuid:uid>/telecharger/": Probe(
        lambda t: [f"/jeux-de-donnees/{t.dataset.slug}/ressources/{t.resource.uid}/telecharger/"],
        rows=True,
        follow=True,
    ),
    "jeux-de-donnees/<slug:slug>/ressources/<uuid:uid>/validation/": Probe(
        lambda t: [f"/jeux-de-donnees/{t.dataset.slug}/ressources/{t.resource.uid}/validation/"],
        rows=False,
    ),
    "jeux-de-donnees/<slug:slug>/ressources/<uuid:uid>/validation.json": Probe(
        lambda t: [
            f"/jeux-de-donnees/{t.dataset.slug}/ressources/{t.resource.uid}/validation.json"
        ],
        rows=False,
    ),
    "api/explore/v2.1/catalog/datasets/<str:dataset_id>": Probe(_ods(), rows=False),
    "api/explore/v2.1/catalog/datasets/<str:dataset_id>/records": Probe(
        _ods("/records?limit=100"), rows=True
    ),
    "api/explore/v2.1/catalog/datasets/<str:dataset_id>/records/<str:record_id>": Probe(
        _ods("/records/1"), rows=True
    ),
    "api/explore/v2.1/catalog/datasets/<str:dataset_id>/facets": Probe(
        _ods("/facets?facet=nom"), rows=True
    ),
    "api/explore/v2.1/catalog/datasets/<str:dataset_id>/exports": Probe(
        _ods("/exports"), rows=False
    ),
    "api/explore/v2.1/catalog/datasets/<str:dataset_id>/exports/<str:format>": Probe(
        lambda t: [
            f"/api/explore/v2.1/catalog/datasets/{t.resource.api_id}/exports/{fmt}"
            for fmt in EXPORT_FORMATS
            if fmt != "geojson"  # the tables here have no geometry: a 400 for everyone
        ],
        rows=True,
    ),
    "api/resources/<uuid:rid>/data/": Probe(_tabular("data/"), rows=True),
    "api/resources/<uuid:rid>/data/csv/": Probe(_tabular("data/csv/"), rows=True),
    "api/resources/<uuid:rid>/data/json/": Probe(_tabular("data/json/"), rows=True),
    "api/resources/<uuid:rid>/profile/": Probe(_tabular("profile/"), rows=True),
    "api/resources/<uuid:rid>/swagger/": Probe(_tabular("swagger/"), rows=False),
    "api/1/datasets/<id_or_slug>/": Probe(_udata(""), rows=False),
    "api/1/datasets/<id_or_slug>/resources/": Probe(_udata("resources/"), rows=False),
    "api/1/datasets/<id_or_slug>/resources/<rid>/": Probe(
        lambda t: [f"/api/1/datasets/{t.dataset.slug}/resources/{t.resource.uid}/"], rows=False
    ),
    "api/1/datasets/<id_or_slug>/resources/<rid>/versions/": Probe(
        lambda t: [f"/api/1/datasets/{t.dataset.slug}/resources/{t.resource.uid}/versions/"],
        rows=False,
    ),
    "espace/jeux/<slug:slug>/": Probe(
        lambda t: [f"/espace/jeux/{t.dataset.slug}/"], rows=False, back_office=True
    ),
    "espace/versions/<uuid:uid>/etat/": Probe(
        lambda t: [f"/espace/versions/{t.version.uid}/etat/"],
        rows=False,
        by_version=True,
        back_office=True,
    ),
}


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def test_every_route_is_classified() -> None:
    routes = {route for route, _ in _walk(get_resolver().url_patterns)}
    unclassified = sorted(
        route
        for route in routes
        if route not in ALLOWED and route not in PROBES and not route.startswith(ALLOWED_PREFIXES)
    )
    assert not unclassified, (
        "New routes: add each to PROBES (it serves a dataset's data: probe it in every state) "
        f"or to ALLOWED with its reason: {unclassified}"
    )
    assert not set(ALLOWED) & set(PROBES)
    assert sorted((set(ALLOWED) | set(PROBES)) - routes) == [], "stale entries"
    assert set(ALLOWED.values()) <= set(REASONS)


def test_no_route_serves_the_data_folder_as_static_files() -> None:
    from django.views.static import serve

    callbacks = [pattern.callback for _, pattern in _walk(get_resolver().url_patterns)]
    assert serve not in callbacks
    assert not any(route.startswith("media") for route, _ in _walk(get_resolver().url_patterns))


# --- the states ----------------------------------------------------------------------------

PUBLIC_CSV = b"nom;type\nPiscine de Kerlan;piscine\nGymnase du Moulin;gymnase\n"
PEOPLE = ["Jean-Pierre Le Goff", "Marie Kerjean", "Yann Le Bihan", "Sophie Tanguy", "Paul Morvan"]
STATES = ("draft", "private", "held", "failed", "unpublished", "archived", "deleted")


def _personal(secret: str) -> bytes:
    rows = "".join(
        f"{name};{name.split()[0].lower()}.{i}@orange.fr;{secret}\n"
        for i, name in enumerate(PEOPLE * 4)
    )
    return f"nom;courriel;note\n{rows}".encode()


def _build(state: str, make_dataset: Any, owner: Any) -> Target:
    secret = f"secret{state}"
    schema = registry.find("scdl/subventions@2.1.1")  # so that validation reports exist
    hides_dataset = state not in ("held", "failed", "archived")
    if hides_dataset or state == "archived":
        content = f"nom;type\n{secret} Kerlan;piscine\nGymnase du Moulin;gymnase\n".encode()
        dataset = make_dataset(
            f"Jeu {secret}",
            "Un jeu pour les portes.",
            csv=content,
            publish=False,
            schema=schema,
            slug=f"jeu-{len(state)}",  # the caller's own words may be echoed: not the secret
        )
    else:
        dataset = make_dataset("Jeu public", "Un jeu public.", csv=PUBLIC_CSV, schema=schema)
    resource = dataset.resources.get()
    version = resource.current_version
    assert version is not None and version.status == ResourceVersion.Status.READY
    if state in ("private", "unpublished", "archived", "deleted"):
        services.publish_dataset(owner, dataset)
    if state == "private":
        services.make_private(owner, dataset, [])
    elif state == "unpublished":
        services.unpublish_dataset(owner, dataset)
    elif state == "archived":
        services.archive_dataset(owner, dataset)
    elif state == "held":
        version = upload_version(owner, resource, io.BytesIO(_personal(secret)), "v2.csv")
    elif state == "failed":
        version = upload_version(owner, resource, io.BytesIO(secret.encode()), "v2.xlsx")
    version.refresh_from_db()
    if state == "held":
        assert version.status == ResourceVersion.Status.HELD
    if state == "failed":
        assert version.status == ResourceVersion.Status.FAILED
    dataset.refresh_from_db()
    return Target(state, dataset, resource, version, secret, hides_dataset)


def _text(response: Any) -> str:
    """What a client reads in the answer: Parquet and XLSX opened, not their compressed bytes."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:4] == b"PAR1":
        return json.dumps(pq.read_table(io.BytesIO(body)).to_pylist(), default=str)
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return " ".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    return body.decode("utf-8", "replace")


def _get(client: Client, url: str, probe: Probe, **headers: str) -> tuple[int, str]:
    response = client.get(url, follow=probe.follow, **headers)
    return response.status_code, _text(response)


def _outsiders(demo: Any, make_user: Any) -> Iterator[tuple[str, Client, str, dict[str, str]]]:
    neighbour = make_user(Organisation.objects.get(slug="commune-29051"), Role.ADMIN)
    token = create_api_token(neighbour, "portes").secret
    session = Client()
    session.force_login(neighbour)
    yield "anonymous", Client(), "", {}
    yield "anonymous through /p/quimper/", Client(), "/p/quimper", {}
    yield "another organisation's admin", session, "", {}
    yield "another organisation's token", Client(), "", {"HTTP_AUTHORIZATION": f"Apikey {token}"}


def _hidden(target: Target, probe: Probe) -> bool:
    return target.dataset_hidden or probe.by_version or target.state == "deleted"


def _expect_outsider(target: Target, probe: Probe, status: int, text: str) -> str:
    """What is wrong with an outsider's answer, or ''."""
    if target.state == "archived":  # the public control: these doors do open, and are read
        if probe.back_office:
            return "" if status in (302, 403, 404) else f"answered {status}"
        if status != 200:
            return f"answered {status} to a public door"
        return "" if not probe.rows or target.secret in text else "the probe reads nothing"
    if target.secret in text:
        return "the hidden data is in the answer"
    if target.dataset_hidden and target.dataset.title in text:
        return "the hidden dataset's title is in the answer"
    if target.state in ("held", "failed") and str(target.version.uid) in text:
        return "the hidden version's identifier is in the answer"
    if probe.back_office:
        # Anonymous visitors are sent to the login page; a refusal of something they may not
        # see says nothing of it (404), of something public it may say why (403).
        allowed = (302, 404) if _hidden(target, probe) else (302, 403, 404)
        return "" if status in allowed else f"answered {status}"
    if _hidden(target, probe):
        return "" if status == 404 else f"answered {status} instead of 404"
    if probe.needs_table and probe.by_version and target.state == "failed":
        return "" if status == 404 else f"answered {status}"
    return "" if status == 200 else f"answered {status} to a public door"


def _expect_owner(target: Target, probe: Probe, status: int, text: str) -> str:
    if target.state == "deleted":
        return "" if status == 404 else f"answered {status} for a deleted dataset"
    if probe.needs_table and probe.by_version and target.state == "failed":
        return "" if status == 404 else f"answered {status} without a table"
    if status != 200:
        return f"answered {status} to the owner"
    shows_hidden = probe.rows and (target.dataset_hidden or probe.by_version)
    if shows_hidden and target.secret not in text:
        return "the owner's answer lacks the data"
    return ""


@pytest.mark.parametrize("state", STATES)
def test_no_door_lets_hidden_bytes_out(
    state: str,
    make_dataset: Any,
    quimper_editor: Any,
    demo: Any,
    make_user: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    target = _build(state, make_dataset, quimper_editor)
    urls = {route: probe.urls(target) for route, probe in PROBES.items()}
    failures: list[str] = []
    owner = Client()
    owner.force_login(quimper_editor)
    if state == "deleted":
        paths = [target.version.storage_path]
        table = table_of(target.version)
        assert table is not None and table.absolute_path.exists()
        admin = make_user(demo["quimper"], Role.ADMIN)
        with django_capture_on_commit_callbacks(execute=True):
            services.delete_dataset(admin, target.dataset)
        assert not default_storage.exists(paths[0]), "a deleted dataset's original is kept"
        assert not table.absolute_path.exists(), "a deleted dataset's table is kept"
    for route, probe in PROBES.items():
        for url in urls[route]:
            status, text = _get(owner, url, probe)
            if problem := _expect_owner(target, probe, status, text):
                failures.append(f"{route} — {url} — owner: {problem}")
    for name, client, prefix, headers in _outsiders(demo, make_user):
        for route, probe in PROBES.items():
            for url in urls[route]:
                status, text = _get(client, prefix + url, probe, **headers)
                if problem := _expect_outsider(target, probe, status, text):
                    failures.append(f"{route} — {url} — {name}: {problem}")
    assert not failures, "\n".join(failures)
