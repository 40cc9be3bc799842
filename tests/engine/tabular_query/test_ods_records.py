"""OpenDataSoft `/records` answered as DuckDB answers the same question written by hand."""

from __future__ import annotations

import pytest

from ouvert.engine.tabular.query.explore import record, records
from ouvert.engine.tabular.query.ods import RecordsRequest

from .reference import approx, reference_count, reference_rows

SCALARS = (
    "__id, commune, objet, montant, CAST(taux AS DOUBLE) AS taux, date_decision, actif, nature"
)
FIELDS = "commune, objet, montant, taux, date_decision, actif, nature"

WHERE_CASES = [
    ("montant > 1000", "montant > 1000"),
    ("montant >= 100 and montant < 5000", "montant >= 100 AND montant < 5000"),
    ('commune = "Brest"', "commune = 'Brest'"),
    ("commune = 'Pont-l\\'Abbé'", "commune = 'Pont-l''Abbé'"),
    ('commune != "Brest"', "commune IS DISTINCT FROM 'Brest'"),
    ('not commune = "Brest"', "(commune = 'Brest') IS NOT TRUE"),
    ('commune in ("Brest", "Châteaulin")', "commune IN ('Brest', 'Châteaulin')"),
    ('commune not in ("Brest", "Quimper")', "(commune IN ('Brest', 'Quimper')) IS NOT TRUE"),
    ("commune is null", "commune IS NULL"),
    ("commune is not null and montant is null", "commune IS NOT NULL AND montant IS NULL"),
    ('montant > 100 or commune = "Crozon"', "montant > 100 OR commune = 'Crozon'"),
    ("actif", "actif IS TRUE"),
    ("actif = false", "actif = false"),
    ("taux > 50.5", "taux > 50.5"),
    ("montant * 2 > 1000", "montant * 2 > 1000"),
    ("-montant > 10", "-montant > 10"),
    ("date_decision >= date'2020-01-01'", "date_decision >= DATE '2020-01-01'"),
    ("date_decision < '2019-06-30'", "date_decision < DATE '2019-06-30'"),
    ("year(date_decision) = 2020", "year(date_decision) = 2020"),
    (
        "month(date_decision) = 12 and day(date_decision) > 15",
        "month(date_decision) = 12 AND day(date_decision) > 15",
    ),
    ("horodatage >= date'2021-03-01T12:00:00'", "horodatage >= TIMESTAMP '2021-03-01 12:00:00'"),
    ('commune like "Q*"', "commune ILIKE 'Q%'"),
    ('commune like "%ch%"', "commune ILIKE '%ch%'"),
    ('startswith(commune, "pont")', "starts_with(strip_accents(lower(commune)), 'pont')"),
    ('search(objet, "ecole")', "contains(strip_accents(lower(objet)), 'ecole')"),
    (
        '"théâtre"',
        "contains(strip_accents(lower(concat_ws(' ', commune, objet, nature))), 'theatre')",
    ),
    (
        '"Vélo" AND NOT "club"',
        "contains(strip_accents(lower(concat_ws(' ', commune, objet, nature))), 'velo') AND NOT contains(strip_accents(lower(concat_ws(' ', commune, objet, nature))), 'club')",
    ),
    (
        "in_bbox(geometry, 48.0, -4.5, 48.5, -4.0)",
        "bbox_xmin >= -4.5 AND bbox_xmax <= -4.0 AND bbox_ymin >= 48.0 AND bbox_ymax <= 48.5",
    ),
    (
        "in_bbox(geo_point_2d, 48.5, -4.0, 48.0, -4.5)",
        "bbox_xmin >= -4.5 AND bbox_xmax <= -4.0 AND bbox_ymin >= 48.0 AND bbox_ymax <= 48.5",
    ),
    ("length(commune) > 6", "length(commune) > 6"),
]


@pytest.mark.parametrize(("where", "sql"), WHERE_CASES)
def test_where_matches_duckdb(source, duck, where: str, sql: str) -> None:
    answer = records(
        source, RecordsRequest(select=FIELDS, where=where, order_by="montant desc", limit=100)
    )
    expected = reference_rows(
        duck,
        f"SELECT {FIELDS.replace('taux', 'CAST(taux AS DOUBLE) AS taux')} FROM data WHERE {sql} ORDER BY montant DESC NULLS LAST, __id LIMIT 100",
    )
    assert answer["total_count"] == reference_count(duck, sql)
    assert answer["results"] == expected


def test_within_distance_is_the_great_circle_distance(source, duck) -> None:
    answer = records(
        source,
        RecordsRequest(
            select="commune",
            where="within_distance(geometry, geom'POINT(-4.1 48.0)', 25km)",
            limit=100,
        ),
    )
    haversine = (
        "2 * 6371008.8 * asin(sqrt(pow(sin(radians(bbox_ymin - 48.0) / 2), 2) + "
        "cos(radians(48.0)) * cos(radians(bbox_ymin)) * pow(sin(radians(bbox_xmin + 4.1) / 2), 2)))"
    )
    assert answer["total_count"] == reference_count(duck, f"{haversine} <= 25000")
    assert 0 < answer["total_count"] < 600


def test_default_records_are_every_field_in_file_order(source, duck) -> None:
    answer = records(source, RecordsRequest())
    assert answer["total_count"] == 600
    assert len(answer["results"]) == 10
    first = answer["results"][1]
    assert list(first) == [
        "commune",
        "objet",
        "montant",
        "taux",
        "date_decision",
        "horodatage",
        "actif",
        "nature",
        "geometry",
        "geo_point_2d",
    ]
    row = reference_rows(duck, "SELECT * FROM data WHERE __id = 1")[0]
    assert first["geometry"] == {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [row["bbox_xmin"], row["bbox_ymin"]]},
        "properties": {},
    }
    assert first["geo_point_2d"] == {"lon": row["bbox_xmin"], "lat": row["bbox_ymin"]}
    assert first["horodatage"] == row["horodatage"]  # ISO 8601 with +00:00


def test_select_labels_and_expressions(source, duck) -> None:
    answer = records(
        source,
        RecordsRequest(
            select="commune as ville, montant * 2 as double, upper(nature), year(date_decision) as annee",
            where="montant > 0",
            limit=50,
            offset=20,
        ),
    )
    expected = reference_rows(
        duck,
        'SELECT commune AS ville, montant * 2 AS "double", upper(nature) AS "upper(nature)", year(date_decision) AS annee FROM data WHERE montant > 0 LIMIT 50 OFFSET 20',
    )
    assert answer["results"] == expected


def test_include_and_exclude_wildcards(source) -> None:
    answer = records(source, RecordsRequest(select="exclude(geo*), exclude(objet)", limit=1))
    assert list(answer["results"][0]) == [
        "commune",
        "montant",
        "taux",
        "date_decision",
        "horodatage",
        "actif",
        "nature",
    ]
    answer = records(source, RecordsRequest(select="commune, include(date*)", limit=1))
    assert list(answer["results"][0]) == ["commune", "date_decision"]


@pytest.mark.parametrize(
    ("select", "sql"),
    [
        ("count(*)", 'count(*) AS "count(*)"'),
        ("count(commune) as n", "count(commune) AS n"),
        ("count(distinct commune) as n", "count(DISTINCT commune) AS n"),
        (
            "sum(montant) as s, avg(montant) as a, min(montant) as lo, max(montant) as hi",
            "sum(montant) AS s, avg(montant) AS a, min(montant) AS lo, max(montant) AS hi",
        ),
        (
            "median(montant) as m, percentile(montant, 90) as p",
            "median(montant) AS m, quantile_cont(montant, 0.9) AS p",
        ),
        (
            "min(date_decision) as d, max(taux) as t",
            "min(date_decision) AS d, CAST(max(taux) AS DOUBLE) AS t",
        ),
    ],
)
def test_aggregates_without_group_by(source, duck, select: str, sql: str) -> None:
    answer = records(source, RecordsRequest(select=select, where="montant > 10"))
    assert answer["total_count"] == 1
    assert approx(answer["results"]) == approx(
        reference_rows(duck, f"SELECT {sql} FROM data WHERE montant > 10")
    )


@pytest.mark.parametrize(
    ("group_by", "select", "order_by", "sql"),
    [
        (
            "commune",
            "count(*) as n, sum(montant) as total",
            None,
            "SELECT commune, count(*) AS n, sum(montant) AS total FROM data GROUP BY 1 ORDER BY 1 NULLS LAST",
        ),
        (
            "commune",
            "commune, count(*) as n",
            "n desc, commune",
            "SELECT commune, count(*) AS n FROM data GROUP BY 1 ORDER BY 2 DESC, 1",
        ),
        (
            "nature as n, actif",
            "avg(montant) as moyenne",
            "n, actif desc",
            "SELECT nature AS n, actif, avg(montant) AS moyenne FROM data GROUP BY 1, 2 ORDER BY 1, 2 DESC",
        ),
        (
            "year(date_decision) as annee",
            "count(*) as n",
            "annee desc",
            "SELECT year(date_decision) AS annee, count(*) AS n FROM data GROUP BY 1 ORDER BY 1 DESC NULLS LAST",
        ),
        (
            "date_format(date_decision, 'yyyy-MM') as mois",
            "max(montant) as m",
            "mois",
            "SELECT strftime(date_decision, '%Y-%m') AS mois, max(montant) AS m FROM data GROUP BY 1 ORDER BY 1",
        ),
        (
            "commune",
            "percentile(montant, 50) as p",
            "sum(montant) desc",
            "SELECT commune, quantile_cont(montant, 0.5) AS p FROM data GROUP BY 1 ORDER BY sum(montant) DESC",
        ),
        (
            "range(montant, 10000) as tranche",
            "count(*) as n",
            None,
            "SELECT CASE WHEN montant IS NULL THEN NULL ELSE '[' || CAST(floor(montant / 10000) * 10000 AS BIGINT) || ', ' || CAST(floor(montant / 10000) * 10000 + 10000 AS BIGINT) || '[' END AS tranche, count(*) AS n FROM data GROUP BY 1 ORDER BY min(floor(montant / 10000)) NULLS LAST",
        ),
        (
            "range(montant, *, 0, 1000, *) as tranche",
            "count(*) as n",
            None,
            "SELECT CASE WHEN montant < 0 THEN '[*, 0[' WHEN montant >= 0 AND montant < 1000 THEN '[0, 1000[' WHEN montant >= 1000 THEN '[1000, *[' END AS tranche, count(*) AS n FROM data GROUP BY 1 ORDER BY min(CASE WHEN montant < 0 THEN 0 WHEN montant < 1000 THEN 1 WHEN montant >= 1000 THEN 2 END) NULLS LAST",
        ),
    ],
)
def test_group_by_matches_duckdb(source, duck, group_by, select, order_by, sql) -> None:
    answer = records(
        source, RecordsRequest(select=select, group_by=group_by, order_by=order_by, limit=100)
    )
    expected = reference_rows(duck, sql)
    assert answer["total_count"] == len(expected)
    assert approx(answer["results"]) == approx(expected[:100])


def test_datetime_functions_and_values_follow_the_timezone(source, duck) -> None:
    answer = records(
        source,
        RecordsRequest(
            select="horodatage, hour(horodatage) as h",
            where="hour(horodatage) = 10",
            timezone="Europe/Paris",
            limit=100,
        ),
    )
    local = "timezone('Europe/Paris', CAST(horodatage AS TIMESTAMPTZ))"
    expected = reference_rows(
        duck,
        f"SELECT CAST({local} AS VARCHAR) AS horodatage, hour({local}) AS h FROM data WHERE hour({local}) = 10 LIMIT 100",
    )
    assert answer["total_count"] == reference_count(duck, f"hour({local}) = 10")
    assert [r["h"] for r in answer["results"]] == [10] * len(expected)
    for ours, theirs in zip(answer["results"], expected, strict=True):
        assert ours["horodatage"].replace("T", " ")[:19] == theirs["horodatage"][:19]
        assert ours["horodatage"][19:] in ("+01:00", "+02:00")


def test_order_by_and_paging(source, duck) -> None:
    answer = records(
        source,
        RecordsRequest(
            select="commune, montant", order_by="commune desc, montant", limit=15, offset=30
        ),
    )
    expected = reference_rows(
        duck,
        "SELECT commune, montant FROM data ORDER BY commune DESC NULLS LAST, montant NULLS LAST, __id LIMIT 15 OFFSET 30",
    )
    assert answer["results"] == expected


@pytest.mark.parametrize(
    ("refine", "exclude", "sql"),
    [
        (["commune:Brest"], [], "commune = 'Brest'"),
        (["commune:Brest", "nature:prêt"], [], "commune = 'Brest' AND nature = 'prêt'"),
        ([], ["nature:prêt"], "(nature = 'prêt') IS NOT TRUE"),
        (["date_decision:2019"], [], "year(date_decision) = 2019"),
        (
            ["date_decision:2019/12"],
            ["commune:Quimper"],
            "year(date_decision) = 2019 AND month(date_decision) = 12 AND (commune = 'Quimper') IS NOT TRUE",
        ),
        (["horodatage:2021/03/05"], [], "CAST(horodatage AS DATE) = DATE '2021-03-05'"),
        (["actif:true", "montant:120"], [], "actif AND montant = 120"),
    ],
)
def test_refine_and_exclude_match_duckdb(source, duck, refine, exclude, sql) -> None:
    answer = records(
        source, RecordsRequest(select="commune", refine=refine, exclude=exclude, limit=100)
    )
    assert answer["total_count"] == reference_count(duck, sql)
    assert answer["results"] == reference_rows(
        duck, f"SELECT commune FROM data WHERE {sql} LIMIT 100"
    )


def test_one_record_by_its_id(source, duck) -> None:
    assert (
        record(source, "42", select="commune, montant")
        == reference_rows(duck, "SELECT commune, montant FROM data WHERE __id = 42")[0]
    )
