"""data.gouv.fr api-tabular filters, pages and the keyset cursor, against DuckDB by hand."""

from __future__ import annotations

import pytest

from ouvert.engine.tabular.query.errors import QueryError
from ouvert.engine.tabular.query.tabular import TabularUrls, tabular_page

from .reference import reference_count, reference_rows

URLS = TabularUrls(
    "https://x/api/resources/r/profile/",
    "https://x/api/resources/r/swagger/",
    "https://x/api/resources/r/data/",
)
COLUMNS = "__id,commune,montant,date_decision"


@pytest.mark.parametrize(
    ("pairs", "sql"),
    [
        ([("commune__exact", "Brest")], "commune = 'Brest'"),
        ([("commune__differs", "Brest")], "commune IS DISTINCT FROM 'Brest'"),
        ([("commune__contains", "ch")], "commune ILIKE '%ch%'"),
        ([("objet__contains", "100%")], "FALSE"),
        ([("commune__in", "Brest,Morlaix")], "commune IN ('Brest', 'Morlaix')"),
        ([("montant__less", "1000")], "montant <= 1000"),
        ([("montant__greater", "1000")], "montant >= 1000"),
        ([("montant__strictly_less", "1000")], "montant < 1000"),
        (
            [("montant__strictly_greater", "1000"), ("montant__less", "20000")],
            "montant > 1000 AND montant <= 20000",
        ),
        ([("date_decision__greater", "2020-01-01")], "date_decision >= DATE '2020-01-01'"),
        ([("commune__isnull", "")], "commune IS NULL"),
        ([("commune__isnotnull", "")], "commune IS NOT NULL"),
        ([("actif__exact", "true")], "actif"),
    ],
)
def test_filters_match_duckdb(source, duck, pairs, sql) -> None:
    answer = tabular_page(source, [*pairs, ("columns", COLUMNS), ("page_size", "50")], URLS)
    assert answer["meta"] == {"page": 1, "page_size": 50, "total": reference_count(duck, sql)}
    assert answer["data"] == reference_rows(
        duck, f"SELECT {COLUMNS} FROM data WHERE {sql} ORDER BY __id LIMIT 50"
    )


def test_sort_pages_and_links(source, duck) -> None:
    pairs = [("montant__sort", "desc"), ("columns", COLUMNS), ("page", "3"), ("page_size", "20")]
    answer = tabular_page(source, pairs, URLS)
    assert answer["data"] == reference_rows(
        duck,
        f"SELECT {COLUMNS} FROM data ORDER BY montant DESC NULLS LAST, __id LIMIT 20 OFFSET 40",
    )
    assert answer["links"] == {
        "profile": URLS.profile,
        "swagger": URLS.swagger,
        "next": URLS.data
        + "?montant__sort=desc&columns=__id%2Ccommune%2Cmontant%2Cdate_decision&page_size=20&page=4",
        "prev": URLS.data
        + "?montant__sort=desc&columns=__id%2Ccommune%2Cmontant%2Cdate_decision&page_size=20&page=2",
    }
    last = tabular_page(source, [("page", "30"), ("page_size", "20")], URLS)
    assert last["links"]["next"] is None and len(last["data"]) == 20


@pytest.mark.parametrize(
    "sort",
    [[], [("commune__sort", "asc")], [("taux__sort", "desc"), ("date_decision__sort", "asc")]],
)
def test_the_cursor_walks_every_row_once_in_order(source, duck, sort) -> None:
    pairs = [*sort, ("montant__greater", "0"), ("columns", "__id"), ("page_size", "50")]
    seen, token = [], ""
    while token is not None:
        answer = tabular_page(source, [*pairs, ("cursor", token)], URLS)
        seen += [row["__id"] for row in answer["data"]]
        token = answer["meta"]["next_cursor"]
        if token:
            assert answer["links"]["next"].endswith("cursor=" + token)
    order = ", ".join(f"{k.split('__')[0]} {v} NULLS LAST" for k, v in sort) + ", " if sort else ""
    expected = [
        r["__id"]
        for r in reference_rows(
            duck, f"SELECT __id FROM data WHERE montant >= 0 ORDER BY {order}__id"
        )
    ]
    assert seen == expected


def test_a_cursor_is_bound_to_its_query(source) -> None:
    answer = tabular_page(source, [("page_size", "5"), ("cursor", "")], URLS)
    token = answer["meta"]["next_cursor"]
    with pytest.raises(QueryError):
        tabular_page(
            source, [("page_size", "5"), ("commune__exact", "Brest"), ("cursor", token)], URLS
        )
    for forged in ("abc", "eyJrIjpbXSwiaSI6IngiLCJmIjoiIn0", "'; DROP TABLE data; --"):
        with pytest.raises(QueryError):
            tabular_page(source, [("cursor", forged)], URLS)


@pytest.mark.parametrize(
    "pairs",
    [
        [("page_size", "51")],
        [("page", "0")],
        [("inconnu__exact", "1")],
        [("montant__exact", "abc")],
        [("montant__frobnicate", "1")],
        [("montant__sort", "sideways")],
        [("geometry__exact", "x")],
        [("columns", "commune,inconnu")],
        [('commune"; DROP TABLE data; --__exact', "x")],
        [("nonsense", "1")],
    ],
)
def test_bad_query_strings_are_refused_with_the_tabular_shape(source, pairs) -> None:
    with pytest.raises(QueryError) as caught:
        tabular_page(source, pairs, URLS)
    body = caught.value.to_tabular()
    assert body["errors"][0]["detail"]


def test_injections_in_values_are_only_values(source) -> None:
    for attack in ("'; DROP TABLE data; --", "%' OR '1'='1", "Brest' OR 1=1 --"):
        for operator in ("exact", "differs", "contains", "in"):
            answer = tabular_page(source, [(f"commune__{operator}", attack)], URLS)
            assert answer["meta"]["total"] in (0, 600)  # differs keeps the nulls
    assert tabular_page(source, [], URLS)["meta"]["total"] == 600


def test_streamed_csv_and_json_follow_the_filters(source, duck) -> None:
    import csv
    import io
    import json

    from ouvert.engine.tabular.query.tabular import tabular_export

    pairs = [
        ("montant__greater", "40000"),
        ("columns", "__id,commune,montant"),
        ("montant__sort", "asc"),
    ]
    expected = reference_rows(
        duck,
        "SELECT __id, commune, montant FROM data WHERE montant >= 40000 ORDER BY montant, __id",
    )
    assert json.loads(b"".join(tabular_export(source, pairs, "json").chunks)) == expected
    rows = list(
        csv.DictReader(io.StringIO(b"".join(tabular_export(source, pairs, "csv").chunks).decode()))
    )
    assert [int(r["__id"]) for r in rows] == [e["__id"] for e in expected]


def test_profile_and_swagger_describe_every_column(source, duck) -> None:
    from ouvert.engine.tabular.query.tabular_docs import tabular_profile, tabular_swagger

    profile = tabular_profile(source, {"commune": "commune"}, dataset_id="d1")
    assert profile["profile"]["total_lines"] == 600
    assert profile["profile"]["columns"]["commune"] == {
        "python_type": "string",
        "format": "commune",
        "score": 1.0,
    }
    stats = reference_rows(
        duck,
        "SELECT min(montant) AS lo, max(montant) AS hi, count(*) - count(montant) AS missing FROM data",
    )[0]
    montant = profile["profile"]["profile"]["montant"]
    assert (montant["min"], montant["max"], montant["nb_missing_values"]) == (
        stats["lo"],
        stats["hi"],
        stats["missing"],
    )
    swagger = tabular_swagger(source, "r1")
    names = {p["name"] for p in swagger["paths"]["/api/resources/r1/data/"]["parameters"]}
    assert {
        "montant__less",
        "montant__strictly_greater",
        "commune__contains",
        "actif__exact",
        "page_size",
        "cursor",
    } <= names
    assert "actif__less" not in names
