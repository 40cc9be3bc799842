"""Bad input is refused with OpenDataSoft's error shapes, in French, with a position; nothing
else ever escapes, whatever the input (SQL injection attempts included)."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ouvert.engine.tabular.query.errors import ODSQLError, QueryError
from ouvert.engine.tabular.query.explore import facets, record, records
from ouvert.engine.tabular.query.facets import FacetsRequest
from ouvert.engine.tabular.query.ods import RecordsRequest
from ouvert.engine.tabular.query.parser import parse_where


@pytest.mark.parametrize(
    ("where", "position"),
    [
        ("montant >", 9),
        ('commune = "Brest', 10),
        ("(montant > 1", 12),
        ("montant > 1)", 11),
        ("montant $ 1", 8),
        ("montant in 1", 11),
        ("montant > 10zz", 10),
        ("inconnu = 1", 0),
        ("montant > 'abc'", 10),
        ("date_decision > date'2020-13-45'", 16),
        ("within_distance(geometry, geom'POINT(x y)', 1km)", 26),
        ("frobnicate(montant)", 0),
        ("sum(montant) > 1", 0),
    ],
)
def test_malformed_where_gives_the_position(source, where: str, position: int) -> None:
    with pytest.raises(ODSQLError) as caught:
        records(source, RecordsRequest(where=where))
    error = caught.value
    assert error.position == position, error.message
    assert error.clause == "where"
    body = error.to_ods()
    assert body == {"error_code": "ODSQLError", "message": error.message}
    assert body["message"].startswith("Requête ODSQL mal formée : ")
    assert f"(position {position})" in body["message"]
    assert "Clause(s) contenant l'erreur : where." in body["message"]


def test_an_unknown_field_is_named_in_its_clause(source) -> None:
    with pytest.raises(ODSQLError) as caught:
        records(source, RecordsRequest(select="commune, inconnu"))
    assert "champ inconnu : inconnu" in caught.value.message
    assert caught.value.clause == "select"


@pytest.mark.parametrize(
    ("request_", "parameter", "message"),
    [
        (
            RecordsRequest(limit=101),
            "limit",
            "Valeur invalide pour le paramètre limit de l'API : 101 trouvé alors que -1 <= limit <= 100 est attendu.",
        ),
        (
            RecordsRequest(limit="abc"),
            "limit",
            "Valeur invalide pour le paramètre limit de l'API : « abc » n'est pas un entier.",
        ),
        (RecordsRequest(limit=100, offset=9901), "offset", None),
        (RecordsRequest(offset=-1), "offset", None),
        (RecordsRequest(group_by="commune", limit=20_001), "limit", None),
        (RecordsRequest(lang="xx"), "lang", None),
        (RecordsRequest(timezone="Mars/Olympus"), "timezone", None),
        (RecordsRequest(timezone="UTC'; DROP TABLE data; --"), "timezone", None),
    ],
)
def test_rest_parameters_outside_ods_limits(source, request_, parameter, message) -> None:
    with pytest.raises(QueryError) as caught:
        records(source, request_)
    assert caught.value.to_ods()["error_code"] == "InvalidRESTParameterError"
    assert caught.value.parameter == parameter  # type: ignore[attr-defined]
    if message:
        assert caught.value.message == message


def test_the_last_page_ods_allows(source) -> None:
    answer = records(source, RecordsRequest(limit=100, offset=9900))
    assert answer == {"total_count": 600, "results": []}
    assert records(source, RecordsRequest(group_by="commune", limit=20_000))["total_count"] == 8


def test_an_unknown_record_is_a_404(source) -> None:
    for record_id in ("999999", "abc", "1; DROP TABLE data"):
        with pytest.raises(QueryError) as caught:
            record(source, record_id)
        assert caught.value.status == 404


INJECTIONS = [
    "'; DROP TABLE data; --",
    '" OR 1=1 --',
    "1); SELECT * FROM read_csv('/etc/passwd'); --",
    "`commune`; DROP TABLE data",
    "commune\"; COPY data TO '/tmp/x.csv'; --",
    "$1",
]


@pytest.mark.parametrize("attack", INJECTIONS)
def test_injections_in_every_parameter_are_values_or_errors(source, attack: str) -> None:
    attempts = [
        RecordsRequest(where=f'commune = "{attack}"'),
        RecordsRequest(where=attack),
        RecordsRequest(select=attack),
        RecordsRequest(select=f"commune as `{attack}`"),
        RecordsRequest(group_by=attack),
        RecordsRequest(order_by=attack),
        RecordsRequest(refine=[f"commune:{attack}"]),
        RecordsRequest(exclude=[f"commune:{attack}"]),
        RecordsRequest(refine=[f"{attack}:x"]),
        RecordsRequest(limit=attack),
        RecordsRequest(offset=attack),
        RecordsRequest(lang=attack),
        RecordsRequest(timezone=attack),
        RecordsRequest(where=f"search(`{attack}`)"),
    ]
    for attempt in attempts:
        try:
            answer = records(source, attempt)
        except QueryError:
            continue
        assert answer["total_count"] in (0, 1, 600)
    quoted = attack.replace("\\", "\\\\").replace('"', '\\"')
    assert records(source, RecordsRequest(where=f'commune = "{quoted}"'))["total_count"] == 0
    with contextlib.suppress(QueryError):
        facets(source, FacetsRequest(facet=[attack], where=attack, refine=[f"commune:{attack}"]))
    assert records(source, RecordsRequest())["total_count"] == 600  # the view is still there


def test_the_connection_cannot_read_other_files(source) -> None:
    with pytest.raises(QueryError):
        records(source, RecordsRequest(where="read_csv('/etc/passwd')"))


ODSQL_ALPHABET = st.sampled_from(
    [
        *list("abcdeimnorstuz_ ()'\",.*<>=!%+-/`0123456789éà"),
        "and ",
        "or ",
        "not ",
        "in ",
        "is null",
        "like ",
        "date'",
        "geom'",
        "montant",
        "commune",
        "count(",
        "range(",
        "search(",
        "within_distance(",
        "10km",
    ]
)


@settings(
    max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(ODSQL_ALPHABET, max_size=20).map("".join) | st.text(max_size=40))
def test_arbitrary_where_never_raises_anything_else(source, text: str) -> None:
    with contextlib.suppress(ODSQLError):
        parse_where(text)
    try:
        records(source, RecordsRequest(where=text, limit=1))
    except QueryError as error:
        assert error.to_ods()["message"]


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(ODSQL_ALPHABET, max_size=12).map("".join),
    st.lists(ODSQL_ALPHABET, max_size=8).map("".join),
)
def test_arbitrary_select_group_and_order_never_raise_anything_else(
    source, first: str, second: str
) -> None:
    for attempt in (
        RecordsRequest(select=first, group_by=second or None, limit=1),
        RecordsRequest(select=second, order_by=first, limit=1),
    ):
        with contextlib.suppress(QueryError):
            records(source, attempt)
