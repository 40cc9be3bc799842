"""The fields of a Parquet file as OpenDataSoft names their types, and the SQL that reads them."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from ouvert.engine.sql import quote_identifier
from ouvert.engine.tabular.query.errors import ODSQLError
from ouvert.engine.tabular.query.layout import ParquetLayout

INTEGER_TYPES: tuple[str, ...] = (
    "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
    "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT",
)  # fmt: skip
DOUBLE_TYPES = ("FLOAT", "DOUBLE", "REAL")


@dataclass(frozen=True)
class Column:
    """One field: its name, DuckDB type, OpenDataSoft type and the SQL expression reading it."""

    name: str
    sql_type: str
    ods_type: str  # text, int, double, boolean, date, datetime, geo_shape, geo_point_2d, json
    sql: str

    @property
    def is_numeric(self) -> bool:
        return self.ods_type in ("int", "double")

    @property
    def is_temporal(self) -> bool:
        return self.ods_type in ("date", "datetime")


@dataclass(frozen=True)
class Schema:
    """The fields OpenDataSoft clients see, plus the columns the engine uses behind them."""

    fields: tuple[Column, ...]
    columns: dict[str, str]  # every Parquet column and its DuckDB type, hidden ones included
    layout: ParquetLayout

    def field(self, name: str, position: int | None = None) -> Column:
        """The field called `name`, or an `ODSQLError` naming it."""
        for column in self.fields:
            if column.name == name:
                return column
        raise ODSQLError(f"champ inconnu : {name}", position=position)

    def has(self, name: str) -> bool:
        return any(column.name == name for column in self.fields)

    @property
    def has_bbox(self) -> bool:
        return all(name in self.columns for name in self.layout.bbox)

    @property
    def has_row_id(self) -> bool:
        return self.layout.row_id in self.columns

    def text_fields(self) -> list[Column]:
        return [column for column in self.fields if column.ods_type == "text"]


def ods_type(sql_type: str, name: str, layout: ParquetLayout) -> str:
    """OpenDataSoft's name for a DuckDB column type."""
    upper = sql_type.upper()
    # DuckDB reads a GeoParquet geometry column as GEOMETRY('OGC:CRS84'); its values are WKB.
    if name == layout.geometry and (upper in ("BLOB", "WKB_BLOB") or upper.startswith("GEOMETRY")):
        return "geo_shape"
    if upper in INTEGER_TYPES:
        return "int"
    if upper in DOUBLE_TYPES or upper.startswith("DECIMAL"):
        return "double"
    if upper == "BOOLEAN":
        return "boolean"
    if upper == "DATE":
        return "date"
    if upper.startswith("TIMESTAMP"):
        return "datetime"
    if upper == "VARCHAR":
        return "text"
    return "json"


def read_schema(
    connection: duckdb.DuckDBPyConnection, relation: str, layout: ParquetLayout
) -> Schema:
    """The schema of `relation` (a view over the Parquet file)."""
    rows = connection.execute(f"DESCRIBE {quote_identifier(relation)}").fetchall()
    columns = {str(row[0]): str(row[1]) for row in rows}
    fields = [
        Column(name, sql_type, ods_type(sql_type, name, layout), quote_identifier(name))
        for name, sql_type in columns.items()
        if name not in layout.hidden
    ]
    has_bbox = all(name in columns for name in layout.bbox)
    if has_bbox and layout.point_field not in columns:
        xmin, ymin, xmax, ymax = (quote_identifier(name) for name in layout.bbox)
        point = f"struct_pack(lon := ({xmin} + {xmax}) / 2, lat := ({ymin} + {ymax}) / 2)"
        fields.append(Column(layout.point_field, "STRUCT", "geo_point_2d", point))
    return Schema(tuple(fields), columns, layout)
