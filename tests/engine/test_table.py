from ouvert.engine.sql import quote_identifier
from ouvert.engine.table import text_table_from_rows


def test_rows_keep_their_source_numbers_and_empty_cells_are_null() -> None:
    table = text_table_from_rows(["nom", "nom", ""], [["a", "b", "c"], [], ["", "x"]])
    rows = table.connection.execute(f"select * from {quote_identifier(table.relation)}").fetchall()
    assert rows == [(2, "a", "b", "c"), (3, None, None, None), (4, None, "x", None)]
    assert table.columns == ["c1", "c2", "c3"]
    assert table.header == ["nom", "nom", ""]


def test_identifiers_are_quoted() -> None:
    assert quote_identifier('a"b') == '"a""b"'
    assert quote_identifier("drop table x;--") == '"drop table x;--"'
