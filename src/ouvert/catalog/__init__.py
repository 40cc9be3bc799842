"""The catalogue: datasets, resources, immutable versions, licences, themes, search."""
