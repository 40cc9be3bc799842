"""The classes of files that were published wrong (issue 13), each made by a generator in
`corpus.py`: every one is read right, or gives a doubt that says why."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest

from ouvert.engine.ingest import FRANCE, IngestError, Limits, ReadingSettings

from . import corpus
from .conftest import rows, types


def codes(ingested) -> list[str]:
    return [d.code for d in ingested.doubts]


@pytest.mark.parametrize("form", ["iso", "dbase", "french"])
def test_1_shapefile_dates_are_read_as_written(run, tmp_path, form: str) -> None:
    ingested = run(corpus.shapefile_with_dates(tmp_path, form), name=f"poteaux-{form}.zip")
    assert types(ingested)["date_pose"] == ("date", "date")
    assert rows(ingested, "date_pose, maj") == [
        (dt.date(2012, 6, 5),) * 2,
        (dt.date(2013, 1, 31),) * 2,
        (dt.date(2020, 12, 1),) * 2,
    ]
    assert codes(ingested) == []


@pytest.mark.parametrize(
    ("inner", "record"), [("\n", "\r\n"), ("\r\n", "\n"), ("\n", "\n"), ("\r", "\r\n")]
)
def test_2_header_cells_quoted_across_line_breaks(run, inner: str, record: str) -> None:
    ingested = run(corpus.quoted_header_across_lines(inner, record))
    assert ingested.row_count == 1625
    assert [c["label"] for c in ingested.columns] == [
        "Nom de l'organisme", "Montant attribué (euros)", "Date de décision", "Commune",
    ]  # fmt: skip
    assert types(ingested)["montant_attribue_euros"][0] == "number"
    assert types(ingested)["date_de_decision"][0] == "date"
    assert codes(ingested) == []


def test_3_unquoted_decimal_commas_in_a_comma_separated_file_are_joined(run) -> None:
    data, amounts = corpus.decimal_commas_unquoted()
    ingested = run(data)
    assert [c["label"] for c in ingested.columns] == corpus.SUBVENTION_LABELS
    assert [r[0] for r in rows(ingested, "montant")] == pytest.approx(amounts)
    assert rows(ingested, "nature")[0] == ("aide en numéraire",)
    assert any("virgule décimale non protégée" in note for note in ingested.notes)
    assert codes(ingested) == []


def test_4_utf16_without_header_and_multi_line_cells(run) -> None:
    data, texts = corpus.utf16_without_header()
    ingested = run(data, name="export.txt")
    assert ingested.row_count == len(texts)
    assert [c["name"] for c in ingested.columns][:2] == ["colonne_1", "colonne_2"]
    assert [r[0] for r in rows(ingested, "colonne_1")] == texts
    assert types(ingested)["colonne_3"][0] == "number"
    assert ingested.settings.header_row is None
    assert codes(ingested) == []


def test_5_geometries_in_lambert_93_without_a_declared_system(run, tmp_path) -> None:
    for ingested in (
        run(corpus.lambert93_geojson(), name="villes.geojson"),
        run(corpus.shapefile_with_dates(tmp_path, "dbase", prj=False), name="poteaux.zip"),
        run(corpus.geopackage_without_srs(tmp_path), name="villes.gpkg"),
    ):
        assert ingested.settings.crs == 2154
        assert any("Lambert-93" in note for note in ingested.notes)
        box = rows(ingested, "bbox_xmin, bbox_ymin")
        assert all(-5 < x < 10 and 41 < y < 52 for x, y in box)
    brest = rows(run(corpus.lambert93_geojson(), name="villes.geojson"), "bbox_xmin, bbox_ymin")
    assert brest[0] == (pytest.approx(-4.49, abs=0.02), pytest.approx(48.39, abs=0.02))


def test_6_codes_written_as_decimal_numbers_in_a_spreadsheet(run, tmp_path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Commune", "Code postal", "CP saisi", "Année", "Montant"])
    sheet.append(["Le Mans", "72000.0", 72000.0, 2014, 1500.5])
    sheet.append(["Paris 19e", "75019.0", 75019.0, 2015, 20000])
    sheet.append(["Bourg-en-Bresse", "1000.0", 1000.0, 2016, 12])
    path = tmp_path / "communes.xlsx"
    book.save(path)
    ingested = run(path)
    assert types(ingested)["code_postal"] == ("string", "code_postal")
    assert types(ingested)["cp_saisi"] == ("string", "code_postal")
    assert rows(ingested, "code_postal, cp_saisi") == [
        ("72000", "72000"),
        ("75019", "75019"),
        ("1000", "1000"),
    ]
    assert types(ingested)["annee"] == ("integer", "year")
    assert any("zéro initial" in note for note in ingested.notes)


def test_7_the_profile_counts_distinct_values_exactly_or_says_approximate(run) -> None:
    values = "".join(f"v{i};{i * 7919 % 48};{i}.5\n" for i in range(48))
    ingested = run("texte;entier;decimal\n" + values)
    for name in ("texte", "entier", "decimal"):
        entry = ingested.profile[name]
        assert entry["distinct"] <= 48
        assert entry["distinct"] == 48 or entry.get("distinct_approx") is True
    assert ingested.profile["texte"]["distinct"] == 48


def test_8_identical_lines_above_the_real_header(run) -> None:
    ingested = run(corpus.identical_lines_above_header())
    assert [c["label"] for c in ingested.columns] == ["Nom", "Montant", "Date", "Effectif"]
    assert types(ingested)["montant"][0] == "number"
    assert types(ingested)["date"][0] == "date"
    assert ingested.row_count == 30
    assert codes(ingested) == []


def test_9_a_row_longer_than_the_header_keeps_its_extra_field(run) -> None:
    ingested = run(corpus.extra_field_far_down())
    assert [c["name"] for c in ingested.columns] == ["code", "valeur", "colonne_3"]
    assert rows(ingested, "code, colonne_3", "WHERE colonne_3 IS NOT NULL") == [
        ("C25000", "en trop")
    ]
    assert ingested.row_count == 30_000
    assert any("plus de champs que l'en-tête" in note for note in ingested.notes)


def test_10_mixed_geometries_and_coordinates_that_are_not_numbers(run) -> None:
    mixed = run(corpus.mixed_geometries(), name="mixte.geojson")
    assert mixed.row_count == 3
    assert codes(mixed) == []
    import duckdb

    metadata = (
        duckdb.connect()
        .execute(
            "SELECT decode(value) FROM parquet_kv_metadata(?) WHERE decode(key) = 'geo'",
            [str(mixed.parquet)],
        )
        .fetchall()[0][0]
    )
    assert all(kind in metadata for kind in ("Point", "LineString", "Polygon"))
    texts = run(corpus.text_coordinates(), name="bornes.geojson")
    assert "geometries_illisibles" in codes(texts)
    assert any("pas de géométrie" in note for note in texts.notes)


def test_11_gzip_files_are_read_and_gzip_bombs_refused(run) -> None:
    data = corpus.identical_lines_above_header()
    ingested = run(corpus.gzipped(data), name="export.csv.gz")
    assert ingested.row_count == 30
    assert any("gzip" in note for note in ingested.notes)
    bomb = gzip.compress(b"a;b\n" + b"1;2\n" * 5_000_000)
    limits = Limits(max_decompressed_size=1024**2)
    with pytest.raises(IngestError, match="limite"):
        run(bomb, name="bombe.csv.gz", limits=limits)
    ratio = Limits(max_compression_ratio=10)
    with pytest.raises(IngestError, match="bombe de décompression"):
        run(bomb, name="bombe.csv.gz", limits=ratio)


# The verdict: layouts that detection cannot get right give a doubt with the reason.


def test_a_header_repeated_among_the_rows_is_a_doubt(run) -> None:
    block = "nom;montant\n" + "".join(f"n{i};{i}\n" for i in range(20))
    ingested = run(block + block)
    assert "entete_repete" in codes(ingested)


def test_a_header_made_of_dates_is_a_doubt(run) -> None:
    text = "2019-01-01;2019-02-01;2019-03-01\n" + "".join(
        f"{i};{i + 1};{i + 2}\n" for i in range(9)
    )
    assert "entete_donnees" in codes(run(text))


def test_a_separator_hidden_by_another_is_a_doubt(run) -> None:
    lines = [f"nom {i};ville {i};montant {i},50;note" for i in range(20)]
    lines[3] = "nom 3;ville;3;montant 3,50;note"
    lines[7] = "nom 7;ville;7;montant 7,50;note"
    lines[9] = "nom 9;ville;9;montant 9,50;note"
    lines[11] = "nom 11;ville;11;montant 11,50;note"
    ingested = run("\n".join(lines) + "\n")
    assert len(ingested.columns) == 2
    doubts = {d.code: d.message for d in ingested.doubts}
    assert "point-virgule" in doubts["separateur"]


def test_lines_read_at_best_or_differing_from_the_records_are_a_doubt() -> None:
    from ouvert.engine.ingest.dialect import sniff
    from ouvert.engine.ingest.raw import Raw
    from ouvert.engine.ingest.verdict import Reading, assess

    dialect = sniff("a;b\n1;x\n2;y\n3;z\n", complete=True)
    raw = Raw(labels=["a", "b"], names=["a", "b"], dialect=dialect)

    def doubts(sample: list[tuple[str, ...]], lenient: bool) -> list[str]:
        reading = Reading("csv", raw, [], {}, len(sample), sample, lenient, None, None, None)
        return [d.code for d in assess(reading)]

    assert doubts([("1", "x"), ("2", "y"), ("3", "z")], lenient=False) == []
    assert doubts([("1", "x"), ("2", "y"), ("3", "z")], lenient=True) == ["lecture_au_mieux"]
    assert doubts([("1", "x"), ("2\n3", "y")], lenient=False) == ["lecture_incoherente"]


def test_a_date_column_that_collapses_to_a_placeholder_is_a_doubt(run) -> None:
    text = "nom;date\n" + "".join(f"n{i};01/01/1970\n" for i in range(10))
    assert "date_constante" in codes(run(text))


def test_points_outside_france_are_a_doubt_when_france_is_expected(run) -> None:
    text = "nom;lat;lon\n" + "".join(f"n{i};-1.5{i};47.2{i}\n" for i in range(10))
    ingested = run(text, expected_area=FRANCE)
    doubts = {d.code: d.message for d in ingested.doubts}
    assert "inversées" in doubts["hors_zone"]
    assert "hors_zone" not in codes(run(text))


def test_many_rows_longer_than_the_header_are_a_doubt(run) -> None:
    text = "nom;valeur\n" + "".join(f"n{i};{i}{';x;y' if i % 3 == 0 else ''}\n" for i in range(30))
    assert "champs_en_trop" in codes(run(text))


def test_doubts_are_not_raised_on_settings_the_person_gave(run) -> None:
    text = "2019-01-01;2019-02-01;2019-03-01\n" + "".join(
        f"{i};{i + 1};{i + 2}\n" for i in range(9)
    )
    ingested = run(text, settings=ReadingSettings(header_row=0))
    assert "entete_donnees" not in codes(ingested)
