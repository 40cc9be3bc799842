"""Schema validation: a CSV file against a Table Schema (and Validata's custom checks).

Framework-free (no Django). Public API:

    validate(path, schema, *, limits=Limits()) -> Report      engine.py
    validate_table(TableCells(parquet, first_row=…), schema)   a table already read (ingestion)
    list_schemas(), load_schema(ref | path | dict), find_entry  registry.py
    summarise(report) -> list[ColumnSummary]                  summary.py
    repair(path, schema, out) -> RepairResult                 repairs.py
    suggest_schemas(header) -> list[Suggestion]               suggest.py

Every check runs as DuckDB SQL over whole columns; the report has frictionless-py 5's shape
with French titles and messages. See docs/validation.md.
"""

from ouvert.engine.validation.engine import Limits, validate, validate_table
from ouvert.engine.validation.reading import TableCells
from ouvert.engine.validation.registry import SchemaEntry, find_entry, list_schemas, load_schema
from ouvert.engine.validation.report import Report, ValidationError
from ouvert.engine.validation.schema import Field, Schema, SchemaError

__all__ = [
    "Field",
    "Limits",
    "Report",
    "Schema",
    "SchemaEntry",
    "SchemaError",
    "TableCells",
    "ValidationError",
    "find_entry",
    "list_schemas",
    "load_schema",
    "validate",
    "validate_table",
]
