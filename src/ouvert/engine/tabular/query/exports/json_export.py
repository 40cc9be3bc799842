"""JSON (one array of records) and JSON Lines (one record per line)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ouvert.engine.tabular.query.exports.base import CHUNK_BYTES, ExportOptions, Rows


class JsonWriter:
    content_type = "application/json; charset=utf-8"
    extension = "json"

    def write(self, rows: Rows, options: ExportOptions) -> Iterator[bytes]:
        parts: list[str] = ["["]
        size, first = 1, True
        for batch in rows.dicts():
            for row in batch:
                text = ("" if first else ",") + json.dumps(row, ensure_ascii=False)
                first = False
                parts.append(text)
                size += len(text)
                if size > CHUNK_BYTES:
                    yield "".join(parts).encode("utf-8")
                    parts, size = [], 0
        parts.append("]")
        yield "".join(parts).encode("utf-8")


class JsonLinesWriter:
    content_type = "application/jsonl; charset=utf-8"
    extension = "jsonl"

    def write(self, rows: Rows, options: ExportOptions) -> Iterator[bytes]:
        for batch in rows.dicts():
            lines = [json.dumps(row, ensure_ascii=False) + "\n" for row in batch]
            if lines:
                yield "".join(lines).encode("utf-8")
