"""OpenDataSoft Explore API v2.1 answers as plain dicts: what the web layer calls.

    source = open_source(parquet_path)
    records(source, RecordsRequest(where="montant > 100", limit="20"))
        → {"total_count": 1234, "results": [{…}, …]}
    record(source, "42") → {field: value, …}
    facets(source, FacetsRequest(facet=["nature"])) → {"facets": [{"name", "facets": […]}]}
    dataset(source, DatasetMetadata(…)) → {"dataset_id", "dataset_uid", …, "fields": […]}

Each raises `QueryError` (render `error.to_ods()` with `error.status`) for a bad request.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ouvert.engine.tabular.query.errors import RecordNotFoundError
from ouvert.engine.tabular.query.execute import ParquetSource
from ouvert.engine.tabular.query.facets import FacetsRequest, compile_facets, facet_entries
from ouvert.engine.tabular.query.ods import RecordsRequest, compile_record, compile_records
from ouvert.engine.tabular.query.values import table_rows, zone

FIELD_LABELS = {"geo_shape": "Geo Shape", "geo_point_2d": "Geo Point"}


def records(source: ParquetSource, request: RecordsRequest) -> dict[str, Any]:
    """`GET …/records`: `{"total_count": n, "results": [record, …]}`."""
    plan = compile_records(source.schema, request)
    total = source.scalar(plan.count)
    results: list[dict[str, Any]] = []
    if plan.limit:
        table = source.fetch(plan.rows)
        results = table_rows(table, plan.rows.outputs, zone(plan.timezone))
    return {"total_count": total, "results": results}


def record(
    source: ParquetSource,
    record_id: str,
    select: str | None = None,
    lang: str | None = None,
    timezone: str | None = None,
) -> dict[str, Any]:
    """`GET …/records/{record_id}`: the record's fields, or `RecordNotFoundError` (404)."""
    statement, tz = compile_record(source.schema, record_id, select, lang, timezone)
    rows = table_rows(source.fetch(statement), statement.outputs, zone(tz))
    if not rows:
        raise RecordNotFoundError(record_id)
    return rows[0]


def facets(
    source: ParquetSource, request: FacetsRequest, default_facets: Sequence[str] = ()
) -> dict[str, Any]:
    """`GET …/facets`: `{"facets": [{"name": field, "facets": [{name, count, state, value}]}]}`.
    Without `facet=`, the `default_facets` (the fields the publisher marked as facets)."""
    plans, _ = compile_facets(source.schema, request, source.limits.row_cap, default_facets)
    out = []
    for plan in plans:
        table = source.fetch(plan.statement)
        rows = list(zip(table.column(0).to_pylist(), table.column(1).to_pylist(), strict=True))
        out.append({"name": plan.spec.name, "facets": facet_entries(plan, rows)})
    return {"facets": out}


@dataclass(frozen=True)
class FieldMetadata:
    """What the publisher says about a field: its label, description, annotations."""

    label: str | None = None
    description: str | None = None
    annotations: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DatasetMetadata:
    """What the catalogue knows about a dataset, for the ODS dataset object."""

    dataset_id: str
    dataset_uid: str
    metas: Mapping[str, Any] = field(default_factory=dict)  # ODS `metas` ({"default": {…}})
    fields: Mapping[str, FieldMetadata] = field(default_factory=dict)
    attachments: Sequence[Mapping[str, Any]] = ()
    features: Sequence[str] | None = None  # computed from the fields when None
    has_records: bool | None = None  # computed from the row count when None
    data_visible: bool = True


def dataset(source: ParquetSource | None, metadata: DatasetMetadata) -> dict[str, Any]:
    """`GET /catalog/datasets/{dataset_id}` (and each item of `/catalog/datasets`): the dataset
    object, its fields read from the Parquet file (`source` None: a dataset without records)."""
    fields = []
    types: set[str] = set()
    for column in source.schema.fields if source else ():
        meta = metadata.fields.get(column.name, FieldMetadata())
        types.add(column.ods_type)
        fields.append(
            {
                "name": column.name,
                "label": meta.label or FIELD_LABELS.get(column.ods_type, column.name),
                "type": column.ods_type,
                "annotations": dict(meta.annotations),
                "description": meta.description,
            }
        )
    features = metadata.features
    if features is None:
        features = ["analyze"] if source else []
        if types & {"geo_shape", "geo_point_2d"}:
            features.append("geo")
        if types & {"date", "datetime"}:
            features.append("timeserie")
    has_records = metadata.has_records
    if has_records is None:
        has_records = bool(source) and source is not None and row_count(source) > 0
    return {
        "dataset_id": metadata.dataset_id,
        "dataset_uid": metadata.dataset_uid,
        "attachments": [dict(a) for a in metadata.attachments],
        "has_records": has_records,
        "data_visible": metadata.data_visible,
        "features": list(features),
        "metas": dict(metadata.metas),
        "fields": fields,
    }


def row_count(source: ParquetSource) -> int:
    return source.scalar(compile_records(source.schema, RecordsRequest(limit=0)).count)


def datasets(items: Sequence[Mapping[str, Any]], total_count: int) -> dict[str, Any]:
    """`GET /catalog/datasets`: `{"total_count": n, "results": [dataset object, …]}`."""
    return {"total_count": total_count, "results": [dict(item) for item in items]}
