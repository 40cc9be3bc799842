from __future__ import annotations

import io
from collections.abc import Callable

import pytest

from ouvert.accounts.models import Role, User
from ouvert.catalog import services
from ouvert.catalog.models import Dataset
from ouvert.territory.models import Organisation


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
        dataset = services.create_dataset(
            actor, organisation or demo["quimper"], title=title, description=description, **fields
        )
        services.add_resource(actor, dataset, upload=io.BytesIO(csv), filename=filename)
        if publish:
            services.publish_dataset(actor, dataset)
        return dataset

    return make
