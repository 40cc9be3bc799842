"""The national schemas shipped as data (schemas/index.json) and how to name one.

A schema is named `publisher/name@version` (`scdl/subventions@2.1.1`), `publisher/name` or
just `name` (`subventions`) for its latest version, by its schema.data.gouv.fr URL, by a path
to a `schema.json`, or given as an already-parsed descriptor.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ouvert.engine.validation.schema import Schema, SchemaError, parse_schema

SCHEMAS = Path(__file__).resolve().parent / "schemas"


@dataclass(frozen=True)
class SchemaEntry:
    id: str  # "scdl/subventions"
    version: str
    path: Path
    kind: str  # "tableschema" or "jsonschema"
    title: str
    url: str

    @property
    def name(self) -> str:
        return self.id.split("/", 1)[1]

    @property
    def reference(self) -> str:
        return f"{self.id}@{self.version}"

    def descriptor(self) -> dict[str, Any]:
        return _read_json(self.path)


def _version_key(version: str) -> tuple[Any, ...]:
    parts = version.lstrip("v").split(".")
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


@cache
def _read_json(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise SchemaError("Le fichier de schéma doit contenir un objet JSON.")
    return data


@cache
def _entries() -> tuple[SchemaEntry, ...]:
    index = _read_json(SCHEMAS / "index.json")
    entries = [
        SchemaEntry(
            id=item["id"],
            version=item["version"],
            path=SCHEMAS / item["path"],
            kind=item["kind"],
            title=item["title"],
            url=item["url"],
        )
        for item in index["schemas"]
    ]
    return tuple(sorted(entries, key=lambda e: (e.id, _version_key(e.version))))


def list_schemas(
    *, kind: str | None = "tableschema", latest_only: bool = False
) -> list[SchemaEntry]:
    """Registry entries (Table Schemas by default), every version or the latest of each."""
    entries = [e for e in _entries() if kind is None or e.kind == kind]
    if latest_only:
        latest: dict[str, SchemaEntry] = {}
        for entry in entries:  # sorted by version within an id
            latest[entry.id] = entry
        entries = list(latest.values())
    return entries


def find_entry(reference: str) -> SchemaEntry | None:
    """The registry entry a reference names, or None."""
    ref = reference.strip()
    for prefix in ("https://schema.data.gouv.fr/", "http://schema.data.gouv.fr/"):
        if ref.startswith(prefix):
            parts = ref[len(prefix) :].strip("/").split("/")
            ref = "/".join(parts[:2]) + (f"@{parts[2]}" if len(parts) > 2 else "")
    name, _, version = ref.partition("@")
    version = version.lstrip("v")
    candidates = [e for e in _entries() if name in (e.id, e.name, e.name.removeprefix("schema-"))]
    if version and version != "latest":
        candidates = [e for e in candidates if e.version.lstrip("v") == version]
    return candidates[-1] if candidates else None


def load_schema(source: str | Path | dict[str, Any] | Schema) -> Schema:
    """A parsed Schema from a registry reference, a path to a JSON file or a descriptor."""
    if isinstance(source, Schema):
        return source
    if isinstance(source, dict):
        return parse_schema(source)
    if isinstance(source, Path) or (
        isinstance(source, str)
        and (source.endswith(".json") or ("/" in source and Path(source).is_file()))
    ):
        path = Path(source)
        if not path.is_file():
            raise SchemaError(f"Fichier de schéma introuvable : {path}")
        try:
            return parse_schema(json.loads(path.read_text(encoding="utf-8")))
        except json.JSONDecodeError as exc:
            raise SchemaError(f"Le fichier de schéma n'est pas du JSON valide : {exc}") from exc
    entry = find_entry(str(source))
    if entry is None:
        raise SchemaError(f"Schéma inconnu : « {source} ».")
    if entry.kind != "tableschema":
        raise SchemaError(
            f"« {entry.reference} » est un JSON Schema, pas un Table Schema : "
            "ce moteur ne valide que les fichiers tabulaires."
        )
    return parse_schema(entry.descriptor())
