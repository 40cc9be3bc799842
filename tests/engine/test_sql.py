from ouvert.engine.sql import quote_identifier


def test_identifiers_are_quoted() -> None:
    assert quote_identifier('a"b') == '"a""b"'
    assert quote_identifier("drop table x;--") == '"drop table x;--"'
