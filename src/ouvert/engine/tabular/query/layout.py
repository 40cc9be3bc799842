"""The one place that says which Parquet columns are special, and how far a query may go.

The ingestion writes one typed Parquet file per resource version (docs/ingestion.md): a row
number, and for geographic resources a WKB geometry with its bounding box (GeoParquet). Change
the names here, nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ParquetLayout:
    """Names of the columns the query engine treats specially."""

    row_id: str = "__id"  # BIGINT, the row's number: record ids and the keyset cursor
    geometry: str = "geometry"  # WKB, WGS84 (EPSG:4326)
    bbox_xmin: str = "bbox_xmin"
    bbox_ymin: str = "bbox_ymin"
    bbox_xmax: str = "bbox_xmax"
    bbox_ymax: str = "bbox_ymax"
    point_field: str = "geo_point_2d"  # virtual ODS field: the centre of the bbox, {lon, lat}

    @property
    def bbox(self) -> tuple[str, str, str, str]:
        return (self.bbox_xmin, self.bbox_ymin, self.bbox_xmax, self.bbox_ymax)

    @property
    def hidden(self) -> frozenset[str]:
        """Columns never shown as OpenDataSoft fields."""
        return frozenset({self.row_id, *self.bbox})


DEFAULT_LAYOUT = ParquetLayout()


@dataclass(frozen=True)
class Limits:
    """What one query may cost; exports are streamed, so they have no row cap."""

    time_limit: float = 10.0  # seconds, for records, facets, aggregations, tabular pages
    export_time_limit: float | None = 1800.0  # seconds for a whole export; None: no limit
    row_cap: int = 20_000  # the most rows a non-export query may return (ODS group_by max)
    memory_limit: str = "1GB"  # DuckDB's memory_limit, per opened Parquet file
    threads: int = 2  # DuckDB's threads, per opened Parquet file


DEFAULT_LIMITS = Limits()
