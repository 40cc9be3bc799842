"""The national schemas shipped with ouvert (engine/validation/schemas) as catalogue Schemas."""

from __future__ import annotations

from ouvert.catalog import selectors
from ouvert.catalog.models import Schema
from ouvert.engine.validation import list_schemas


def sync() -> int:
    """Creates or updates a `catalog.Schema` per shipped Table Schema version; returns how many
    there are. Schemas added by platform admins are left alone."""
    entries = list_schemas()
    existing = {(s.name, s.version): s for s in Schema.objects.all()}
    for entry in entries:
        url = f"https://schema.data.gouv.fr/schemas/{entry.id}/{entry.version}/schema.json"
        fields = {"title": entry.title[:300], "url": url, "descriptor": entry.descriptor()}
        current = existing.get((entry.id, entry.version))
        if current is None:
            Schema.objects.create(name=entry.id, version=entry.version, **fields)
        elif current.title != fields["title"] or current.url != url:
            Schema.objects.filter(pk=current.pk).update(**fields)
    return len(entries)


def ensure() -> None:
    """The registry is in the database (after a flush, or before any migrate hook ran)."""
    if not Schema.objects.filter(descriptor__isnull=False).exclude(descriptor={}).exists():
        sync()


def find(reference: str) -> Schema | None:
    """A schema by "name@version", "name" (latest version) or schema.data.gouv.fr URL."""
    ensure()
    return selectors.find_schema(reference)
