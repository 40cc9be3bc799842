"""api-tabular's `profile/` (csv-detective's shape) and `swagger/` (per-resource OpenAPI)."""

from __future__ import annotations

from typing import Any

from ouvert.engine.tabular.query.execute import ParquetSource
from ouvert.engine.tabular.query.statement import RELATION, Statement
from ouvert.engine.tabular.query.tabular import PAGE_SIZE_DEFAULT, columns_of
from ouvert.engine.tabular.query.values import plain, zone

PYTHON_TYPES = {"text": "string", "int": "int", "double": "float", "boolean": "bool"}
PYTHON_TYPES |= {"date": "date", "datetime": "datetime"}
OPERATORS = {
    "string": ["exact", "differs", "contains", "notcontains", "in", "notin", "compare"],
    "int": ["exact", "differs", "in", "notin", "compare"],
    "float": ["exact", "differs", "in", "notin", "compare"],
    "bool": ["exact", "differs"],
    "date": ["exact", "differs", "contains", "notcontains", "in", "notin", "compare"],
    "datetime": ["exact", "differs", "contains", "notcontains", "in", "notin", "compare"],
    "json": [],
}
COMPARE = ("less", "greater", "strictly_less", "strictly_greater")


def python_type(ods_type: str) -> str:
    return PYTHON_TYPES.get(ods_type, "json")


def tabular_profile(
    source: ParquetSource, formats: dict[str, str] | None = None, dataset_id: str | None = None
) -> dict[str, Any]:
    """`GET /api/resources/{rid}/profile/`: `{"profile": {csv-detective output}, …}`.
    `formats` gives each column's detected format (`code_postal`, `siret`…) when known."""
    columns = columns_of(source.schema)
    aggregates = ["count(*)"]
    for column in columns:
        measured = column.ods_type in PYTHON_TYPES
        aggregates += [
            f"min({column.sql})" if measured else "NULL",
            f"max({column.sql})" if measured else "NULL",
            f"approx_count_distinct({column.sql})" if measured else "NULL",
            f"count(*) - count({column.sql})",
        ]
    sql = f"SELECT {', '.join(aggregates)} FROM {RELATION}"  # noqa: S608 - no values
    row = source.fetch(Statement(sql)).to_pylist()[0]
    values = [plain(v, zone("UTC")) for v in row.values()]
    total, stats = values[0], values[1:]
    detected, profile = {}, {}
    for index, column in enumerate(columns):
        low, high, distinct, missing = stats[4 * index : 4 * index + 4]
        kind = python_type(column.ods_type)
        detected[column.name] = {
            "python_type": kind,
            "format": (formats or {}).get(column.name, kind),
            "score": 1.0,
        }
        profile[column.name] = {
            "min": low,
            "max": high,
            "nb_distinct": distinct,
            "nb_missing_values": missing,
        }
    return {
        "profile": {
            "header": [c.name for c in columns],
            "total_lines": total,
            "columns": detected,
            "formats": {},
            "profile": profile,
        },
        "dataset_id": dataset_id,
        "deleted_at": None,
        "indexes": None,
    }


def tabular_swagger(source: ParquetSource, resource_id: str) -> dict[str, Any]:
    """`GET /api/resources/{rid}/swagger/`: the OpenAPI of this resource's data endpoints, with
    the filters each column accepts."""
    parameters: list[dict[str, Any]] = [
        query("page", "Page demandée (page=valeur)", "integer"),
        query("page_size", f"Lignes par page, {PAGE_SIZE_DEFAULT} par défaut", "integer"),
        query("columns", "Colonnes à garder (columns=colonne1,colonne3,…)"),
        query("cursor", "Curseur opaque : vide pour commencer, puis meta.next_cursor"),
    ]
    properties = {}
    for column in columns_of(source.schema):
        kind = python_type(column.ods_type)
        name = column.name
        properties[name] = {
            "type": {"int": "integer", "float": "number", "bool": "boolean"}.get(kind, "string")
        }
        for operator in OPERATORS[kind]:
            if operator == "compare":
                parameters += [
                    query(f"{name}__{o}", f"{o} dans la colonne {name}") for o in COMPARE
                ]
            else:
                parameters.append(
                    query(f"{name}__{operator}", f"{operator} dans la colonne {name}")
                )
        parameters += [
            query(f"{name}__isnull", f"Vide dans la colonne {name}", "boolean"),
            query(f"{name}__isnotnull", f"Non vide dans la colonne {name}", "boolean"),
        ]
        if kind != "json":
            parameters.append(query(f"{name}__sort", f"Tri asc ou desc sur la colonne {name}"))
    responses = {
        "400": {"description": "Requête invalide"},
        "404": {"description": "Ressource introuvable"},
    }
    paths = {}
    for suffix, media in (
        ("", "application/json"),
        ("csv/", "text/csv"),
        ("json/", "application/json"),
    ):
        paths[f"/api/resources/{resource_id}/data/{suffix}"] = {
            "get": {
                "summary": "Données de la ressource" + (f" ({suffix[:-1]})" if suffix else ""),
                "operationId": "getResourceData" + suffix[:-1].upper(),
                "responses": {
                    "200": {"description": "Réussite", "content": {media: {}}},
                    **responses,
                },
            },
            "parameters": parameters,
        }
    return {
        "openapi": "3.0.3",
        "info": {"title": "API tabulaire", "version": "1.0.0"},
        "paths": paths,
        "components": {"schemas": {"Resource": {"type": "object", "properties": properties}}},
    }


def query(name: str, description: str, kind: str = "string") -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "description": description,
        "required": False,
        "schema": {"type": kind},
    }
