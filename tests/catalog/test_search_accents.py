"""Accent-less search finds accented words and the reverse, on SQLite and PostgreSQL (issue 14 §5).

The words are not chosen by hand: they are every accented word of three sources the search code
never saw — commune names of the shipped referential, the titles and descriptions of the
registry's schemas, and Django's French translations (a word list of everyday French) — cut to
an even sample.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import django
import pytest
from django.contrib.auth.models import AnonymousUser

from ouvert.catalog import search
from ouvert.catalog.models import Dataset
from ouvert.catalog.selectors import DatasetQuery, search_datasets
from ouvert.engine.text import STOP_WORDS, fold
from ouvert.engine.validation.registry import SCHEMAS
from ouvert.territory.models import Portal
from ouvert.territory.referential import SHIPPED, read_source

_WORD = re.compile(r"[^\W\d_]+")


def _accented(texts: list[str]) -> list[str]:
    words = {
        word.lower()
        for text in texts
        for word in _WORD.findall(text)
        if len(word) >= 3 and fold(word) != word.lower() and fold(word) not in STOP_WORDS
    }
    return sorted(words)


def _sample(words: list[str], size: int) -> list[str]:
    step = max(1, len(words) // size)
    return words[::step][:size]


def commune_words() -> list[str]:
    return _accented([c["nom"] for c in read_source(SHIPPED, "communes")])


def schema_words() -> list[str]:
    texts: list[str] = []
    for path in sorted(SCHEMAS.rglob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(document, dict):
            continue
        texts += [str(document.get("title", "")), str(document.get("description", ""))]
        for field in document.get("fields", []):
            texts += [str(field.get("title", "")), str(field.get("description", ""))]
    return _accented(texts)


def translation_words() -> list[str]:
    catalogue = Path(django.__file__).parent / "conf/locale/fr/LC_MESSAGES/django.po"
    lines = catalogue.read_text(encoding="utf-8").splitlines()
    return _accented([line for line in lines if line.startswith(("msgstr", '"'))])


@pytest.fixture(scope="module")
def words() -> list[str]:
    chosen = set(_sample(commune_words(), 150))
    chosen |= set(_sample(schema_words(), 150))
    chosen |= set(_sample(translation_words(), 150))
    return sorted(chosen)


def test_the_word_list_is_large_and_varied(words: list[str]) -> None:
    assert len(words) >= 300
    endings = {word[-1] for word in words} | {word[-2:] for word in words}
    assert {"é", "ée", "ès"} <= endings


def _found(query: str, dataset: Dataset) -> bool:
    matching = search.backend().matching_ids(query)
    return matching is not None and Dataset.objects.filter(pk__in=matching, pk=dataset.pk).exists()


@pytest.mark.django_db
def test_every_accented_word_is_found_without_its_accents_and_the_reverse(
    make_dataset, words: list[str]
) -> None:
    accented = make_dataset("Mots accentués", " ".join(words))
    folded = make_dataset("Mots sans accents", " ".join(fold(word) for word in words))
    missed_without = [word for word in words if not _found(fold(word), accented)]
    missed_with = [word for word in words if not _found(word, folded)]
    assert missed_without == []
    assert missed_with == []


@pytest.mark.django_db
def test_vendee_is_found_as_typed_without_accent(make_dataset) -> None:
    make_dataset("Subventions du département de la Vendée 2018", "Aides versées.")
    make_dataset("Haute-Vendée : randonnées", "Sentiers, Vendée2018.")
    portal = Portal.objects.get(slug="finistere")
    for query in ("vendee", "Vendée", "VENDEE", "vendée 2018", "haute-vendee", "vendee2018"):
        result = search_datasets(AnonymousUser(), portal, DatasetQuery(q=query))
        assert result.total >= 1, query
    for query in ("randonnee", "versees", "departement"):
        assert search_datasets(AnonymousUser(), portal, DatasetQuery(q=query)).total == 1, query


@pytest.mark.django_db
def test_the_migration_that_changes_folding_rebuilds_the_index(make_dataset) -> None:
    from django.db.migrations.migration import Migration

    from ouvert.catalog.apps import rebuild_search_index_if_needed

    dataset = make_dataset("Randonnées en Vendée", "Sentiers.")
    search.backend().remove(dataset.pk)
    assert not _found("vendee", dataset)
    rebuild_search_index_if_needed(plan=[(Migration("0008_version_provenance", "catalog"), False)])
    assert not _found("vendee", dataset)
    rebuild_search_index_if_needed(
        plan=[(Migration("0009_search_folds_before_stemming", "catalog"), False)]
    )
    assert _found("vendee", dataset)
