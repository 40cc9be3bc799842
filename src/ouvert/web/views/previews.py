"""What the dataset page shows of a resource's table: the preview's API addresses, its columns
and their profile, in French."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from ouvert.catalog.models import Resource
from ouvert.engine.ingest.formats import is_quantity
from ouvert.publishing.models import Table

TYPE_LABELS = {
    "string": "texte",
    "integer": "nombre entier",
    "number": "nombre décimal",
    "boolean": "booléen (oui/non)",
    "date": "date",
    "datetime": "date et heure",
}
FORMAT_LABELS = {
    "code_commune_insee": "code commune INSEE",
    "code_postal": "code postal",
    "code_departement": "code département",
    "code_region": "code région",
    "siren": "SIREN",
    "siret": "SIRET",
    "uai": "code UAI",
    "code_rna": "numéro RNA",
    "email": "adresse électronique",
    "url": "adresse web",
    "latitude_wgs": "latitude",
    "longitude_wgs": "longitude",
    "latlon_wgs": "latitude, longitude",
    "date": "date",
    "datetime_naive": "date et heure",
    "datetime_aware": "date et heure avec fuseau",
    "year": "année",
    "money": "montant",
    "booleen": "booléen",
}


def preview(resource: Resource, table: Table) -> dict[str, Any]:
    columns = [
        {
            "name": c["name"],
            "label": c.get("label") or c["name"],
            "type": c.get("type", "string"),
            # a code or a year is shown as written (75019, 2014), never as a quantity (75 019)
            "grouped": is_quantity(
                c.get("label") or c["name"], c.get("type", "string"), c.get("format")
            ),
        }
        for c in table.columns
    ]
    profile = []
    for column in table.columns:
        entry = table.profile.get(column["name"], {})
        profile.append(
            {
                "label": column.get("label") or column["name"],
                "name": column["name"],
                "type": TYPE_LABELS.get(column.get("type", ""), column.get("type", "")),
                "format": FORMAT_LABELS.get(column.get("format") or "", column.get("format")),
                "nulls": entry.get("nulls"),
                "distinct": entry.get("distinct"),
                "distinct_approx": bool(entry.get("distinct_approx")),
                "min": entry.get("min"),
                "max": entry.get("max"),
                "top": entry.get("top") or [],
            }
        )
    version = table.version
    stem = (version.filename.rsplit(".", 1)[0] or "donnees") if version.filename else "donnees"
    return {
        "table": table,
        "columns_id": f"colonnes-{resource.uid}",
        "columns": columns,
        "profile": profile,
        "data_url": reverse("tabular_data", args=[resource.uid]),
        "geojson_url": reverse("ods_export", args=[resource.api_id, "geojson"]),
        "parquet_url": reverse("web:table_download", args=[version.uid, f"{stem}.parquet"]),
        "tiles": settings.OUVERT_MAP_TILES,
        "attribution": settings.OUVERT_MAP_ATTRIBUTION,
    }
