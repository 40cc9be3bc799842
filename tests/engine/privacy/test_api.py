"""The package stays framework-free; Parquet files and relations can be scanned (`ouvert scan`
is tested in tests/test_standalone.py)."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from ouvert.engine.privacy import scan_parquet, scan_relation

PACKAGE = Path(__file__).resolve().parents[3] / "src" / "ouvert" / "engine" / "privacy"


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
