"""Queries over one resource version's Parquet file: OpenDataSoft Explore v2.1 (ODSQL) and
data.gouv.fr api-tabular, compiled to parameterised DuckDB SQL, with streamed exports.

The web layer calls `explore` (records, record, facets, dataset), `exports.export_records`,
`tabular` (tabular_page, tabular_export) and `tabular_docs` (profile, swagger), on a source from
`execute.open_source(path)`; every refusal is an `errors.QueryError`. See docs/tabular-api.md.
"""
