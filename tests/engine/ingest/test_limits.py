"""Each refusal for size names its limit in French, and never a server path (issue 12 §7)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from ouvert.engine.ingest import IngestError, Limits

SERVER_PATH = re.compile(r"/(tmp|work|home|var|srv)/")


def refusal(run, data: bytes, name: str = "fichier.csv", **options) -> str:
    with pytest.raises(IngestError) as caught:
        run(data, name=name, **options)
    message = str(caught.value)
    assert not SERVER_PATH.search(message), message
    return message


def test_a_cell_longer_than_a_line_may_be_names_the_cell_limit(run) -> None:
    for cell in (b"x" * 20_000, b'"' + b"y" * 20_000 + b'"'):
        message = refusal(run, b"a;b\n1;" + cell + b"\n2;z\n", limits=Limits(max_cell_length=1000))
        assert "cellules de 1\u202f000 caractères au plus" in message


def test_a_cell_over_the_limit_but_within_a_line_names_the_limit(run) -> None:
    message = refusal(
        run, b"a;b\n1;" + b"x" * 1500 + b"\n2;z\n", limits=Limits(max_cell_length=1000)
    )
    assert "1500 caractères" in message and "limite de 1000" in message


def test_a_file_that_is_one_endless_line_names_the_line_limit(run) -> None:
    message = refusal(run, b"a;" * 200_000)
    assert "longueur de ligne permise" in message and "fins de ligne" in message


def test_a_line_of_thousands_of_fields_names_the_column_limit(run) -> None:
    message = refusal(run, b"a;b\n" + b"x;" * 3_000 + b"\n", limits=Limits(max_columns=100))
    assert "limite de 100" in message


def test_a_workbook_declaring_xml_entities_is_refused_by_name(run) -> None:
    book = Workbook()
    book.active.append(["a", "b"])
    book.active.append([1, 2])
    plain = io.BytesIO()
    book.save(plain)
    declarations = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;">]>'
    hostile = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source,
        zipfile.ZipFile(hostile, "w") as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = declarations + data.replace(b"<v>1</v>", b"<v>&lol1;</v>")
            target.writestr(info, data)
    message = refusal(run, hostile.getvalue(), name="classeur.xlsx")
    assert "déclarations d'entités XML" in message


def test_duckdb_errors_never_show_a_server_path(run) -> None:
    from ouvert.engine.ingest.errors import scrub

    assert scrub('IO Error: No files found that match the pattern "/tmp/x/y.csv"') == (
        'IO Error: No files found that match the pattern "(fichier)"'
    )
