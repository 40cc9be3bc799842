"""From an uploaded file to a published, queryable version: the processing pipeline, its tables."""
