"""The tabular store: one typed Parquet file per resource version, its queries and exports."""
