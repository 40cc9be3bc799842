"""Shared fixtures: a Finistère slice of the referential, the demo territory, people."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from ouvert.accounts.models import Member, Role, User
from ouvert.catalog import services as catalog_services
from ouvert.catalog.models import Dataset
from ouvert.operations.demo import load_demo_territory
from ouvert.publishing import services as publishing_services
from ouvert.publishing.tables import attach_table
from ouvert.territory.models import Organisation
from ouvert.territory.referential import SHIPPED, load_referential, read_source

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def write_referential(folder: Path, data: dict[str, list[dict]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in data.items():
        with gzip.open(folder / f"{name}.json.gz", "wt", encoding="utf-8") as handle:
            json.dump(rows, handle)
    return folder


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Each test starts with an empty cache: the catalogue generation restarts with the database."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def brittany_referential(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped referential cut down to Brittany (région 53): fast to load in every test."""
    regions = [r for r in read_source(SHIPPED, "regions") if r["code"] == "53"]
    departements = [d for d in read_source(SHIPPED, "departements") if d["region"] == "53"]
    codes = {d["code"] for d in departements}
    communes = [c for c in read_source(SHIPPED, "communes") if c.get("departement") in codes]
    commune_codes = {c["code"] for c in communes}
    epci = [
        e
        for e in read_source(SHIPPED, "epci")
        if any(m["code"] in commune_codes for m in e.get("membres", []))
    ]
    return write_referential(
        tmp_path_factory.mktemp("referentiel"),
        {"regions": regions, "departements": departements, "epci": epci, "communes": communes},
    )


@pytest.fixture
def referential(db: None, brittany_referential: Path) -> None:
    load_referential(brittany_referential, vintage="test")


@pytest.fixture
def demo(referential: None) -> dict[str, Organisation]:
    """The demo territory (organisations, graph, the three portals), without people."""
    return load_demo_territory()


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    counter = iter(range(1, 10_000))

    def make(
        organisation: Organisation | None = None,
        role: str = Role.EDITOR,
        *,
        email: str | None = None,
        password: str = "motdepasse-de-test-42",
        **fields: object,
    ) -> User:
        user = User.objects.create_user(
            email or f"personne{next(counter)}@exemple.fr", password, **fields
        )
        if organisation is not None:
            Member.objects.create(user=user, organisation=organisation, role=role)
        return user

    return make


@pytest.fixture
def quimper_editor(demo: dict[str, Organisation], make_user) -> User:
    return make_user(demo["quimper"], Role.EDITOR, email="editrice@quimper.example")


@pytest.fixture
def make_dataset(demo: dict[str, Organisation], quimper_editor: User) -> Callable[..., Dataset]:
    def make(
        title: str = "Équipements sportifs",
        description: str = "Liste des gymnases, stades et piscines de la ville.",
        *,
        organisation: Organisation | None = None,
        actor: User | None = None,
        publish: bool = True,
        csv: bytes = b"nom;type\nPiscine de Kerlan;piscine\n",
        filename: str = "donnees.csv",
        **fields: object,
    ) -> Dataset:
        actor = actor or quimper_editor
        dataset = catalog_services.create_dataset(
            actor, organisation or demo["quimper"], title=title, description=description, **fields
        )
        publishing_services.upload_resource(actor, dataset, io.BytesIO(csv), filename)
        if publish:
            catalog_services.publish_dataset(actor, dataset)
        return dataset

    return make


def write_parquet(path: Path, sql: str) -> int:
    """A Parquet file from a SELECT, numbered with `__id` as the ingestion does."""
    connection = duckdb.connect()
    connection.execute(
        f"COPY (SELECT row_number() OVER () AS __id, * FROM ({sql})) TO '{path}' (FORMAT parquet)"
    )
    return int(connection.execute(f"SELECT count(*) FROM '{path}'").fetchone()[0])


@pytest.fixture
def trees(make_dataset, tmp_path) -> Dataset:
    """A published dataset of 300 trees, its one resource's version with a table."""
    dataset = make_dataset("Arbres de Quimper", "Les arbres des rues.", themes=["ENVI"])
    version = dataset.resources.get().current_version
    parquet = tmp_path / "trees.parquet"
    rows = write_parquet(
        parquet,
        """SELECT 'Arbre ' || i AS nom,
                  ['Chêne', 'Érable', 'Tilleul'][1 + i % 3] AS espece,
                  (i * 7) % 40 + 2 AS hauteur,
                  DATE '2020-01-01' + INTERVAL (i) DAY AS plantation,
                  CASE WHEN i % 10 = 0 THEN NULL ELSE i % 2 = 0 END AS remarquable
           FROM range(300) t(i)""",
    )
    attach_table(
        version,
        parquet,
        row_count=rows,
        columns=[
            {"name": "nom", "label": "Nom", "type": "string"},
            {"name": "espece", "label": "Espèce", "type": "string", "facet": True},
            {"name": "hauteur", "label": "Hauteur (m)", "type": "integer"},
            {"name": "plantation", "label": "Date de plantation", "type": "date"},
            {"name": "remarquable", "label": "Arbre remarquable", "type": "boolean"},
        ],
    )
    return dataset
