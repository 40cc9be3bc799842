"""Ordinary open data is not held: every real file of shared/data/real (copies in tests/data) and
every file of the demo, read as publishing reads it, gives no finding, except the Montpellier
defibrillators' list, whose "Tel" column holds 5 mobile numbers among 124 establishments' lines
(flagged on purpose, with a cell-level remedy)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ouvert.engine.ingest import ingest
from ouvert.engine.privacy import scan_parquet

ROOT = Path(__file__).resolve().parents[3]
REAL = ROOT / "tests" / "data" / "shared" / "real"
DEMO = ROOT / "src" / "ouvert" / "operations" / "data" / "demo"
FILES = sorted(
    {path.name: path for folder in (DEMO, REAL) for path in folder.iterdir()}.values(),
    key=lambda path: path.name,
)
FILES = [path for path in FILES if path.suffix.lower() not in (".md", ".txt")]
EXPECTED = {"montpellier_VilleMTP_MTP_Defibrillateurs.csv": {("tel", "telephone")}}


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_ordinary_open_data_is_not_held(path: Path, tmp_path: Path) -> None:
    ingested = ingest(path, tmp_path / "lecture", filename=path.name)
    labels = {c["name"]: c.get("label") or c["name"] for c in ingested.columns}
    scan = scan_parquet(ingested.parquet, labels=labels)
    found = {(finding.column, finding.kind) for finding in scan.findings}
    assert found == EXPECTED.get(path.name, set()), [f.explanation for f in scan.findings]


def test_the_real_files_are_all_there() -> None:
    assert len(FILES) >= 21
