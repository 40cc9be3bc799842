"""Engine behaviour beyond parity: registry, file shapes, report, summary, repairs, suggestions."""

from __future__ import annotations

import json
from pathlib import Path

import frictionless
import pytest

from ouvert.engine.validation import (
    Limits,
    SchemaError,
    find_entry,
    list_schemas,
    load_schema,
    validate,
)
from ouvert.engine.validation.pyregex import to_re2
from ouvert.engine.validation.repairs import repair
from ouvert.engine.validation.suggest import suggest_schemas
from ouvert.engine.validation.summary import summarise, summary_text

from .oracle import oracle, ours

SCHEMA = {
    "fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True, "unique": True}},
        {"name": "montant", "type": "number", "constraints": {"minimum": 0}},
        {"name": "date", "type": "date"},
        {"name": "actif", "type": "boolean", "trueValues": ["oui"], "falseValues": ["non"]},
    ],
    "primaryKey": ["id"],
}


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "f.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_registry_lists_and_loads_every_version() -> None:
    references = {e.reference for e in list_schemas()}
    assert {
        "scdl/subventions@2.1.1",
        "scdl/subventions@2.0.2",
        "scdl/deliberations@2.1.2",
    } <= references
    assert load_schema("subventions").descriptor["version"] == "2.1.1"
    assert load_schema("scdl/subventions@2.0.2").descriptor["version"] == "2.0.2"
    assert load_schema("https://schema.data.gouv.fr/scdl/subventions/2.1.1/").name == "subventions"
    entry = find_entry("etalab/schema-irve-statique")
    assert entry is not None and entry.version == "2.3.1"
    for entry in list_schemas():
        assert load_schema(entry.reference).fields
    with pytest.raises(SchemaError, match="JSON Schema"):
        load_schema("etalab/schema-zfe")
    with pytest.raises(SchemaError, match="inconnu"):
        load_schema("nope")


@pytest.mark.parametrize(
    "text",
    [
        "id,montant,date,actif\n1,2.5,2024-01-02,oui\n\n2,x,2024-13-01,peut-être\n",
        "id,montant,date,actif\r\n1,2.5,2024-01-02,oui\r\n\r\n\r\n1,3,,non\r\n",
        "id,montant,date,actif\n1,2\n2,3,2024-01-01,oui,extra,more\n,,,\n3,-1,2024-02-30,non\n",
        'id,montant,date,actif\n1,"2\n5",2024-01-01,oui\n\n2,"a ""b""",2024-01-01,non\n',
        "id,id,Montant\n1,2,3\n",
        "id;montant;date;actif\n1;2,5;02/01/2024;oui\n",
    ],
)
def test_file_shapes_same_as_frictionless(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    report = validate(path, SCHEMA, limits=Limits(errors_per_type=10**6))
    assert ours(report) == oracle(path, SCHEMA)


def test_encodings(tmp_path: Path) -> None:
    rows = "".join(f"{i},2.5,2024-01-02,oui\n{i + 100},€3,2024-01-02,non\n" for i in range(20))
    text = "id,montant,date,actif\n" + rows
    for encoding, expected in (
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("cp1252", "cp1252"),
    ):
        path = write(tmp_path, text, encoding, name=f"{encoding}.csv")
        report = validate(path, SCHEMA)
        assert report.encoding == expected
        assert {e.cell for e in report.errors if e.type == "type-error"} == {"€3"}


def test_report_shape_and_french(tmp_path: Path) -> None:
    path = write(tmp_path, "id,montant,date,actif\n1,-2,2024-01-02,oui\n1,abc,2024-01-02,yes\n")
    report = validate(path, SCHEMA)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["valid"] is False and data["stats"]["errors"] == 5
    task = data["tasks"][0]
    assert task["stats"]["rows"] == 2 and task["stats"]["fields"] == 4
    types = [(e["type"], e.get("rowNumber"), e.get("fieldName")) for e in task["errors"]]
    assert types == [
        ("constraint-error", 2, "montant"),
        ("type-error", 3, "montant"),
        ("type-error", 3, "actif"),
        ("unique-error", 3, "id"),
        ("primary-key", 3, None),
    ]
    first = task["errors"][0]
    assert first["title"] == "Erreur de contrainte"
    assert "minimum" in first["message"] and first["cell"] == "-2" and first["fieldNumber"] == 2
    assert first["cells"] == ["1", "-2", "2024-01-02", "oui"]
    text = summary_text(report)
    assert "Colonne « montant »" in text and "→" in text
    groups = summarise(report)
    assert groups[0].column == "montant" and groups[0].count == 2


def test_errors_capped_per_type_and_counted(tmp_path: Path) -> None:
    rows = "".join(f"{i},x,2024-01-01,oui\n" for i in range(1, 51))
    path = write(tmp_path, "id,montant,date,actif\n" + rows)
    report = validate(path, SCHEMA, limits=Limits(errors_per_type=10))
    assert report.error_counts == {"type-error": 50}
    assert len(report.errors) == 10 and report.omitted == {"type-error": 40}
    assert report.to_dict()["stats"]["errors"] == 50
    assert "premières erreurs" in report.warnings[-1]


def test_unique_keys_and_primary_key(tmp_path: Path) -> None:
    schema = {
        "fields": [{"name": "a"}, {"name": "b"}, {"name": "c", "type": "integer"}],
        "primaryKey": ["a", "b"],
        "uniqueKeys": [["b", "c"]],
    }
    path = write(tmp_path, "a,b,c\nx,1,1\nx,1,2\n,,\ny,2,01\n")
    report = validate(path, schema)
    found = {(e.row_number, e.type) for e in report.errors}
    assert (3, "primary-key") in found and (4, "blank-row") in found and (4, "primary-key") in found


def test_custom_checks_on_hand_written_rows(tmp_path: Path) -> None:
    schema = load_schema("scdl/deliberations@2.1.5")
    header = [f.name for f in schema.fields]
    base = {
        "COLL_NOM": "Commune de Lannion",
        "COLL_SIRET": "73282932010008",  # Luhn-valid SIRET and SIREN
        "DELIB_ID": "2020-01",
        "DELIB_DATE": "2020-05-25",
        "DELIB_MATIERE_CODE": "5.2",
        "DELIB_MATIERE_NOM": "Institutions et vie politique/Fonctionnement des assemblées",
        "DELIB_OBJET": "Élection du maire",
        "BUDGET_ANNEE": "",
        "BUDGET_NOM": "",
        "PREF_ID": "",
        "PREF_DATE": "2020-05-26",
        "VOTE_EFFECTIF": "33",
        "VOTE_REEL": "33",
        "VOTE_POUR": "30",
        "VOTE_CONTRE": "2",
        "VOTE_ABSTENTION": "1",
        "DELIB_URL": "",
    }
    bad = dict(
        base,
        COLL_SIRET="73282932010009",
        DELIB_MATIERE_NOM="Culture/Musées",
        BUDGET_ANNEE="2020/2019",
        PREF_DATE="2020-05-01",
        VOTE_REEL="34",
    )
    partial = dict(base, BUDGET_ANNEE="2020", VOTE_CONTRE="")
    lines = [",".join(header)] + [
        ",".join(row.get(h, "") for h in header) for row in (base, bad, partial)
    ]
    path = write(tmp_path, "\n".join(lines) + "\n")
    report = validate(path, schema)
    custom = {
        (e.row_number, e.field_name, e.type)
        for e in report.errors
        if e.type not in ("type-error", "constraint-error")
    }
    assert custom == {
        (3, "COLL_SIRET", "french-siret-value"),
        (3, "DELIB_MATIERE_NOM", "nomenclature-actes-value"),
        (3, "BUDGET_ANNEE", "year-interval-value"),
        (3, "PREF_DATE", "compare-columns-value"),
        (3, "VOTE_EFFECTIF", "compare-columns-value"),  # 33 < 34
        (3, "VOTE_REEL", "sum-columns-value"),  # 34 != 30 + 2 + 1
        (3, "BUDGET_ANNEE", "cohesive-columns-value"),  # BUDGET_NOM empty
        (4, "BUDGET_ANNEE", "cohesive-columns-value"),  # BUDGET_NOM empty
        (4, "VOTE_EFFECTIF", "cohesive-columns-value"),  # VOTE_CONTRE empty
    }


def test_opening_hours_and_siren(tmp_path: Path) -> None:
    schema = {
        "fields": [{"name": "h"}, {"name": "s"}],
        "custom_checks": [
            {"name": "opening-hours-value", "params": {"column": "h"}},
            {"name": "french-siren-value", "params": {"column": "s"}},
        ],
    }
    path = write(
        tmp_path,
        "h,s\nMo-Fr 08:00-18:00; Sa 09:00-12:00,356000000\n24/7,732829320\nlundi 8h,123456789\n",
    )
    report = validate(path, schema)
    assert {(e.row_number, e.type) for e in report.errors} == {
        (4, "opening-hours-value"),
        (4, "french-siren-value"),
    }


def test_pattern_translation() -> None:
    assert to_re2(r"^\d{14}$") is not None
    assert to_re2(r"(?=a)b") is None
    assert to_re2(r"(a)\1") is None


def test_repairs(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'ID,Montant,date,actif\n1,"1\u202f234,50",02/01/2024,Oui\n2,7 000,2024-01-02,non\n'
        "2.12E+13,3,2024-01-02,vrai\n",
    )
    out = tmp_path / "repaired.csv"
    result = repair(path, SCHEMA, out)
    kinds = {(r.kind, r.column): r.count for r in result.repairs}
    assert kinds[("en-tete", "id")] == 1 and kinds[("en-tete", "montant")] == 1
    assert kinds[("virgule-decimale", "montant")] == 1
    assert kinds[("date-francaise", "date")] == 1
    assert kinds[("booleen", "actif")] == 2
    assert kinds[("espaces-nombre", "montant")] == 1
    assert [(u.kind, u.column) for u in result.unrepairable] == [("notation-scientifique", "id")]
    assert result.header == {"ID": "id", "Montant": "montant"}
    repaired = validate(out, SCHEMA)
    # the destroyed SIRET stays a type error (and leaves the primary key empty)
    assert {(e.row_number, e.field_name) for e in repaired.errors} == {(4, "id"), (4, None)}
    assert result.to_dict()["repairs"][0]["examples"]


def test_suggest_schemas() -> None:
    header = [*[f.name for f in load_schema("subventions").fields][:-2], "commentaire"]
    best = suggest_schemas(header)
    assert best[0].reference == "scdl/subventions@2.1.1" and best[0].score > 0.8
    assert suggest_schemas(["nom_lieu", "insee", "Xlong", "Ylat"])[0].reference.startswith(
        "etalab/schema-lieux-covoiturage"
    )
    assert suggest_schemas(["zzz"]) == []


def _with_cells(errors: list[dict]) -> set[tuple]:
    return {
        (e.get("rowNumber"), e.get("fieldName") or None, e["type"], tuple(e.get("cells") or ()))
        for e in errors
        if e.get("rowNumber")
    }


@pytest.mark.parametrize(
    "text",
    [
        # duplicates only found after the pass: their rows' cells are read again
        "id,montant,date,actif\n1,2,2024-01-01,oui\n2,3,2024-01-01,non\n1,4,2024-01-01,oui\n",
        # a quoted header with a line break, a wide row, a blank row, a short row
        '"id","mon\ntant",date,actif\n1,x,2024-01-01,oui,de,trop\n,,,\n2,5\n',
    ],
)
def test_error_cells_same_as_frictionless(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    report = validate(path, SCHEMA)
    with frictionless.system.use_context(trusted=True):
        theirs = frictionless.validate(
            frictionless.Resource(
                path=str(path), schema=frictionless.Schema.from_descriptor(SCHEMA)
            )
        )
    expected = _with_cells([e.to_dict() for e in theirs.tasks[0].errors])
    assert _with_cells([e.to_dict() for e in report.errors]) == expected


def test_values_read_in_python_keep_their_cells(tmp_path: Path) -> None:
    schema = {"fields": [{"name": "id"}, {"name": "quand", "type": "datetime"}]}
    path = write(tmp_path, "id,quand\na,2024-01-01T10:00:00Z\nb,hier\n")
    report = validate(path, schema)
    [error] = report.errors
    assert (error.row_number, error.type, error.cells) == (3, "type-error", ["b", "hier"])


def test_a_line_longer_than_duckdbs_default_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "id,montant,date,actif\n1,2,2024-01-01," + "x" * 3_000_000 + "\n")
    report = validate(path, SCHEMA)
    [error] = report.errors
    assert (error.row_number, error.field_name, error.type) == (2, "actif", "type-error")
    assert len(error.cell) == 3_000_000


def test_more_error_codes_than_one_mask_holds(tmp_path: Path) -> None:
    # 40 fields x (required, type, minimum, maximum): 160 error codes, three bit masks
    fields = [
        {
            "name": f"f{i}",
            "type": "integer",
            "constraints": {"required": True, "minimum": 0, "maximum": 9},
        }
        for i in range(40)
    ]
    schema = {"fields": fields}
    header = ",".join(f"f{i}" for i in range(40))
    rows = [
        ",".join(str(i % 10) for i in range(40)),
        ",".join(
            "" if i == 39 else "x" if i == 20 else "12" if i == 35 else "1" for i in range(40)
        ),
        ",".join("-1" if i in (0, 31, 32, 62 % 40) else "3" for i in range(40)),
    ]
    path = write(tmp_path, header + "\n" + "\n".join(rows) + "\n")
    report = validate(path, schema)
    assert ours(report) == oracle(path, schema)
    assert ("constraint-error", "f39") in {(e.type, e.field_name) for e in report.errors}
