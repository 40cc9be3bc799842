"""French full-text search and facets: the same tests on SQLite and PostgreSQL."""

from __future__ import annotations

from ouvert.catalog.selectors import DatasetQuery, search_datasets
from ouvert.territory.models import Portal


def titles(result) -> list[str]:
    return [dataset.title for dataset in result.datasets]


def platform() -> Portal:
    return Portal.objects.get(slug="finistere")


def test_accents_and_plurals_are_ignored(make_dataset) -> None:
    make_dataset("Equipements sportifs", "Gymnases et stades.")
    make_dataset("Budget primitif", "Le budget voté par le conseil municipal.")
    from django.contrib.auth.models import AnonymousUser

    visitor = AnonymousUser()
    for words in ("équipement sportif", "EQUIPEMENT", "gymnase", "stade"):
        assert titles(search_datasets(visitor, platform(), DatasetQuery(q=words))) == [
            "Equipements sportifs"
        ], words
    assert titles(search_datasets(visitor, platform(), DatasetQuery(q="conseil municipal"))) == [
        "Budget primitif"
    ]
    assert titles(search_datasets(visitor, platform(), DatasetQuery(q="introuvable"))) == []


def test_organisation_and_keywords_are_searched(make_dataset) -> None:
    from django.contrib.auth.models import AnonymousUser

    make_dataset("Arbres", "Inventaire.", keywords=["patrimoine arboré"])
    result = search_datasets(AnonymousUser(), platform(), DatasetQuery(q="Ville de Quimper arbre"))
    assert titles(result) == ["Arbres"]
    result = search_datasets(AnonymousUser(), platform(), DatasetQuery(q="patrimoine"))
    assert titles(result) == ["Arbres"]


def test_query_syntax_is_plain_words(make_dataset) -> None:
    from django.contrib.auth.models import AnonymousUser

    make_dataset("Arbres", "Inventaire.")
    for hostile in ('"', "NEAR(", "a OR b", "*", "title:x", "') OR 1=1 --", "\x00", "é" * 5000):
        search_datasets(AnonymousUser(), platform(), DatasetQuery(q=hostile))


def test_facets_count_what_matches(make_dataset) -> None:
    from django.contrib.auth.models import AnonymousUser

    make_dataset("Subventions 2024", "Aides.", themes=["ECON"], keywords=["subventions"])
    make_dataset(
        "Subventions 2025",
        "Aides.",
        themes=["ECON", "SOCI"],
        keywords=["subventions"],
        filename="s.xlsx",
    )
    make_dataset("Arbres", "Inventaire.", themes=["ENVI"])
    result = search_datasets(AnonymousUser(), platform(), DatasetQuery(q="subvention"))
    assert result.total == 2
    facets = {name: {v.value: v.count for v in values} for name, values in result.facets.items()}
    assert facets["theme"] == {"ECON": 2, "SOCI": 1}
    assert facets["organisation"] == {"ville-de-quimper": 2}
    assert facets["format"] == {"CSV": 1, "XLSX": 1}
    assert facets["keyword"] == {"subventions": 2}
    assert facets["licence"] == {"lov2": 2}
    filtered = search_datasets(
        AnonymousUser(), platform(), DatasetQuery(q="subvention", theme="SOCI")
    )
    assert titles(filtered) == ["Subventions 2025"]


def test_sorting_and_pagination(make_dataset) -> None:
    from django.contrib.auth.models import AnonymousUser

    for letter in "CAB":
        make_dataset(f"Jeu {letter}", "x")
    by_title = search_datasets(AnonymousUser(), platform(), DatasetQuery(sort="titre", page_size=2))
    assert titles(by_title) == ["Jeu A", "Jeu B"] and by_title.total == 3
    second = search_datasets(
        AnonymousUser(), platform(), DatasetQuery(sort="titre", page_size=2, page=2)
    )
    assert titles(second) == ["Jeu C"]
    recent = search_datasets(AnonymousUser(), platform(), DatasetQuery(sort="recent"))
    assert titles(recent) == ["Jeu B", "Jeu A", "Jeu C"]


def test_cached_results_follow_every_change(make_dataset, quimper_editor) -> None:
    from django.contrib.auth.models import AnonymousUser

    from ouvert.catalog import services

    visitor = AnonymousUser()
    query = DatasetQuery(q="velo")
    assert search_datasets(visitor, platform(), query).total == 0
    dataset = make_dataset("Stationnements vélo", "Arceaux.")
    result = search_datasets(visitor, platform(), query)
    assert titles(result) == ["Stationnements vélo"]
    assert result.facets["organisation"][0].count == 1
    services.unpublish_dataset(quimper_editor, dataset)
    assert search_datasets(visitor, platform(), query).total == 0
    # The organisation's editor, who may see the draft, does not get the visitor's cached page.
    assert search_datasets(quimper_editor, platform(), query).total == 1
    assert search_datasets(visitor, platform(), query).total == 0
