from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from ouvert.engine.privacy import Scan, scan_file


@pytest.fixture
def scan_rows(tmp_path: Path) -> Callable[..., Scan]:
    """Scan a small table given as a header and rows, written as a CSV and read as the platform
    reads a published file (the typed Parquet of `ouvert.engine.ingest`)."""

    def scan(header: list[str], rows: list[list[object]], **options: object) -> Scan:
        path = tmp_path / "table.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(header)
            writer.writerows(rows)
        return scan_file(path, **options)  # type: ignore[arg-type]

    return scan


def kinds(scan: Scan) -> dict[str, str]:
    return {finding.column: finding.kind for finding in scan.findings}
