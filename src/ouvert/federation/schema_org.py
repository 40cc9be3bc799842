"""schema.org `Dataset` metadata (JSON-LD) for search engines, from a dataset page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from ouvert.catalog.models import Dataset
from ouvert.engine.markdown import markdown_to_text


def dataset_json_ld(request: HttpRequest, dataset: Dataset) -> dict[str, Any]:
    """The dataset as schema.org describes one (https://schema.org/Dataset)."""
    url = request.build_absolute_uri(reverse("web:dataset_detail", args=[dataset.slug]))
    licence = dataset.licence_info
    organisation = dataset.organisation
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": url,
        "url": url,
        "identifier": str(dataset.uid),
        "name": dataset.title,
        "description": markdown_to_text(dataset.description, 5000) or dataset.title,
        "inLanguage": "fr",
        "isAccessibleForFree": True,
        "keywords": list(dataset.keywords.values_list("name", flat=True)),
        "creator": {
            "@type": "Organization",
            "name": organisation.name,
            "url": request.build_absolute_uri(
                reverse("web:organisation_detail", args=[organisation.slug])
            ),
        },
        "dateCreated": dataset.created_at.isoformat(),
        "dateModified": (dataset.data_updated_at or dataset.modified_at).isoformat(),
    }
    if dataset.published_at:
        data["datePublished"] = dataset.published_at.isoformat()
    if licence.url:
        data["license"] = licence.url
    if dataset.temporal_start or dataset.temporal_end:
        start = dataset.temporal_start.isoformat() if dataset.temporal_start else ".."
        end = dataset.temporal_end.isoformat() if dataset.temporal_end else ".."
        data["temporalCoverage"] = f"{start}/{end}"
    places = list(dataset.spatial.all())
    if places:
        data["spatialCoverage"] = [{"@type": "Place", "name": place.name} for place in places]
    distributions = []
    for resource in dataset.resources.select_related("current_version__review"):
        version = resource.current_version
        if version is None:
            continue
        distribution: dict[str, Any] = {
            "@type": "DataDownload",
            "name": resource.title,
            "encodingFormat": resource.media_type or resource.format,
            "contentUrl": version.url
            or request.build_absolute_uri(
                reverse("web:version_download", args=[version.uid, version.filename])
            ),
        }
        if version.served_size:
            distribution["contentSize"] = f"{version.served_size} B"
        distributions.append(distribution)
    if distributions:
        data["distribution"] = distributions
    return data
