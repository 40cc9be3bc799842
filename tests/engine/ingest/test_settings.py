"""Reading settings: given, they replace the detection; recorded, they replay the same reading;
and a preview shows their effect on the first rows."""

from __future__ import annotations

import datetime as dt

import pytest

from ouvert.engine.ingest import DETECT, IngestError, ReadingSettings, preview_rows

from .conftest import rows, types

TITLED = (
    "Subventions 2024\n"
    "\n"
    "Nom;Montant;Date\n"
    "Club nautique \u00e9t\u00e9;1 500,50;05/06/2024\n"
    "Amicale;800;01/02/2024\n"
)


def test_settings_round_trip_through_json() -> None:
    settings = ReadingSettings(
        encoding="cp1252", separator=";", quote='"', header_row=None, first_data_row=2,
        decimal=",", crs=2154, sheet="Données",
    )  # fmt: skip
    assert ReadingSettings.from_dict(settings.to_dict()) == settings
    assert settings.to_dict()["header_row"] is None
    assert ReadingSettings().to_dict() == {}
    assert ReadingSettings.from_dict({}).header_row is DETECT
    assert ReadingSettings.from_dict({"header_row": 3, "inconnu": 1}).header_row == 3


@pytest.mark.parametrize(
    "values",
    [
        {"encoding": "klingon"},
        {"separator": ";;"},
        {"quote": "«"},
        {"header_row": -1},
        {"header_row": 4, "first_data_row": 2},
        {"decimal": ";"},
        {"crs": "Lambert"},
        {"sheet": True},
    ],
)
def test_wrong_settings_are_refused(values: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        ReadingSettings(**values)  # type: ignore[arg-type]


def test_the_reading_records_every_decision_and_replays_it(run) -> None:
    first = run(TITLED.encode("cp1252"))
    assert first.settings == ReadingSettings(
        encoding="cp1252", separator=";", quote='"', header_row=2, first_data_row=3, decimal=","
    )
    again = run(TITLED.encode("cp1252"), settings=first.settings)
    assert rows(again) == rows(first)
    assert again.columns == first.columns
    assert again.settings == first.settings


def test_given_settings_replace_the_detection(run) -> None:
    text = "1;2024-01-05;a\n2;2024-01-06;b\n3;2024-01-07;c\n"
    ingested = run(text, settings=ReadingSettings(header_row=None))
    assert [c["name"] for c in ingested.columns] == ["colonne_1", "colonne_2", "colonne_3"]
    assert ingested.row_count == 3
    assert rows(ingested)[0] == (1, 1, dt.date(2024, 1, 5), "a")
    header_below = run(TITLED, settings=ReadingSettings(header_row=2, first_data_row=4))
    assert rows(header_below, "nom") == [("Amicale",)]
    as_commas = run("a,b;c\n1,2;3\n", settings=ReadingSettings(separator=","))
    assert [c["label"] for c in as_commas.columns] == ["a", "b;c"]


def test_a_decimal_mark_given_decides_the_ambiguous_numbers(run) -> None:
    text = "nom;poids\na;1,234\nb;2,5\n"
    assert rows(run(text), "poids") == [(1.234,), (2.5,)]
    grouped = run("nom;poids\na;1,234\nb;2,500\n", settings=ReadingSettings(decimal="."))
    assert rows(grouped, "poids") == [(1234.0,), (2500.0,)]


def test_a_given_encoding_is_used(run) -> None:
    text = "Ville;Œuvre\nÉpinal;Cœur\n"
    ingested = run(text.encode("mac_roman"), settings=ReadingSettings(encoding="mac_roman"))
    assert rows(ingested, "ville, oeuvre") == [("Épinal", "Cœur")]
    assert ingested.settings.encoding == "mac-roman"


def test_a_header_row_outside_the_file_is_refused_in_french(run) -> None:
    with pytest.raises(IngestError, match="réglages de lecture"):
        run(TITLED, settings=ReadingSettings(header_row=900))


def test_a_sheet_and_its_header_row_given(run, tmp_path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    first.title = "Notes"
    first.append(["rien à lire"])
    data = book.create_sheet("Données")
    data.append(["Export du 5 juin"])
    data.append(["Code", "Valeur"])
    data.append(["A", 1])
    path = tmp_path / "classeur.xlsx"
    book.save(path)
    ingested = run(path, settings=ReadingSettings(sheet="Données", header_row=1))
    assert rows(ingested, "code, valeur") == [("A", 1)]
    assert ingested.settings.sheet == "Données"
    assert ingested.settings.header_row == 1
    assert ingested.settings.first_data_row == 2
    preview = preview_rows(path, ReadingSettings(sheet=1))
    assert [r.cells[0] for r in preview.rows] == ["Export du 5 juin", "Code", "A"]
    assert preview.header_row == 1


def test_a_projection_given_is_used(run) -> None:
    text = "nom;x;y\nA;2;48\nB;3;47\n"
    assert types(run(text))["x"][0] == "integer"
    placed = run(text, settings=ReadingSettings(crs=4326))
    assert placed.is_geographic and placed.settings.crs == 4326


def test_a_preview_shows_the_first_rows_as_the_settings_cut_them(tmp_path) -> None:
    path = tmp_path / "aides.csv"
    path.write_bytes(TITLED.encode("cp1252"))
    preview = preview_rows(path, n=4)
    assert [r.number for r in preview.rows] == [0, 1, 2, 3]
    assert preview.rows[2].cells == ["Nom", "Montant", "Date"]
    assert preview.header_row == 2 and preview.first_data_row == 3
    assert preview.labels == ["Nom", "Montant", "Date"]
    assert preview.settings.encoding == "cp1252"
    commas = preview_rows(path, ReadingSettings(separator=","), n=5)
    assert commas.rows[3].cells == ["Club nautique été;1 500", "50;05/06/2024"]
    with pytest.raises(IngestError):
        preview_rows(path, ReadingSettings(header_row=40))
