"""Data flowing up: schema.org metadata, sitemaps and feeds (DCAT-AP to come)."""
