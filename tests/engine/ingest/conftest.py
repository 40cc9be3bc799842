from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from ouvert.engine.ingest import Ingested, ingest

DEMO = Path(__file__).resolve().parents[3] / "src" / "ouvert" / "operations" / "data" / "demo"


@pytest.fixture
def run(tmp_path: Path) -> Callable[..., Ingested]:
    """Ingests a file (a path, or bytes written under `name`) in its own work folder."""
    counter = iter(range(1000))

    def _run(source: Path | bytes | str, name: str = "fichier.csv", **options: Any) -> Ingested:
        if isinstance(source, str):
            source = source.encode("utf-8")
        if isinstance(source, bytes):
            path = tmp_path / name
            path.write_bytes(source)
            source = path
        return ingest(source, tmp_path / f"work-{next(counter)}", filename=source.name, **options)

    return _run


def rows(ingested: Ingested, columns: str = "*", where: str = "") -> list[tuple[Any, ...]]:
    sql = f"SELECT {columns} FROM read_parquet(?) {where} ORDER BY __id"
    return duckdb.connect().execute(sql, [str(ingested.parquet)]).fetchall()


def types(ingested: Ingested) -> dict[str, tuple[str, str | None]]:
    return {c["name"]: (c["type"], c.get("format")) for c in ingested.columns}
