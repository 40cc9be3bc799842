"""`ouvert scan` exit codes and JSON; the package stays framework-free; relations can be scanned."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import duckdb

from ouvert.engine.privacy import scan_parquet, scan_relation
from ouvert.engine.privacy.cli import main

PACKAGE = Path(__file__).resolve().parents[3] / "src" / "ouvert" / "engine" / "privacy"


def test_exit_codes_and_json(tmp_path):
    clean = tmp_path / "clean.csv"
    clean.write_text("commune;montant\nQuimper;12\nBrest;14\n", encoding="utf-8")
    personal = tmp_path / "personal.csv"
    personal.write_text("nom;mail\nJean DUPONT;jean.dupont@gmail.com\n", encoding="utf-8")
    out = io.StringIO()
    assert main([str(clean)], out) == 0
    assert "aucune donnée personnelle" in out.getvalue()
    out = io.StringIO()
    assert main([str(personal), "--json"], out) == 1
    data = json.loads(out.getvalue())
    assert data["suspected"] is True
    assert {f["kind"] for f in data["findings"]} == {"nom_personne", "email"}
    assert main([str(tmp_path / "missing.csv")], io.StringIO()) == 2
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    assert main([str(broken)], io.StringIO()) == 2


def test_scan_parquet_with_labels_and_relation(tmp_path):
    con = duckdb.connect()
    path = tmp_path / "t.parquet"
    con.execute(
        f"COPY (SELECT range AS __id, 'x' || range || '@free.fr' AS c1, 0.5 AS bbox_xmin "
        f"FROM range(60000)) TO '{path}' (FORMAT parquet)"
    )
    scan = scan_parquet(path, labels={"c1": "Adresse électronique"}, con=con)
    (finding,) = scan.findings
    assert (finding.column, finding.label, finding.kind) == ("c1", "Adresse électronique", "email")
    assert finding.rows == 60000 and abs(finding.matches - 60000) <= 1
    relation = con.sql(f"SELECT * FROM read_parquet('{path}') LIMIT 10")
    assert scan_relation(relation, con=con).findings[0].kind == "email"


def test_framework_free():
    for module in PACKAGE.glob("*.py"):
        source = module.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+django", source, re.M), module
        for imported in re.findall(r"^\s*from\s+(ouvert\.[\w.]+)", source, re.M):
            assert imported.startswith("ouvert.engine"), (module, imported)
