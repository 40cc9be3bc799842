"""OpenDataSoft portals: Explore API v2.1 `catalog/datasets`, paged with `limit` and `offset`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from ouvert.harvesting.backends import Query, api_url
from ouvert.harvesting.backends.html import html_to_text
from ouvert.harvesting.documents import DocumentError, parse_json
from ouvert.harvesting.outbound import OutboundClient
from ouvert.harvesting.remote import (
    RemoteDataset,
    RemoteFailure,
    RemoteResource,
    clean_keywords,
)
from ouvert.harvesting.vocabularies import guess_frequency, guess_licence, guess_theme

ENDPOINT = "/api/explore/v2.1/catalog/datasets"
MAX_OFFSET = 10_000  # Explore v2.1 refuses offset + limit ≥ 10 000
GEOGRAPHIC_REFERENCE = re.compile(r"^[a-z]{2}_\d+_([0-9][0-9AB][0-9]{0,7})$")
EXPORTS = (("csv", "CSV", "Export CSV"), ("json", "JSON", "Export JSON"))


def _list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value if item]
    return [value] if isinstance(value, str) and value else []


def map_dataset(item: dict[str, Any], base: str) -> RemoteDataset | RemoteFailure:
    """One ODS dataset object as ouvert keeps it; its files are the portal's exports."""
    remote_id = str(item.get("dataset_id") or "")
    metas = item.get("metas") or {}
    default = metas.get("default") or {}
    dcat = metas.get("dcat") or {}
    title = str(default.get("title") or "").strip()
    if not remote_id:
        return RemoteFailure("", title, "Jeu OpenDataSoft sans « dataset_id » : ignoré.")
    if not title:
        return RemoteFailure(remote_id, "", "Jeu OpenDataSoft sans titre : ignoré.")
    keywords = _list(default.get("keyword"))
    themes = []
    for theme in _list(default.get("theme")):
        code = guess_theme(theme)
        if code:
            themes.append(code)
        else:
            keywords.append(theme)
    codes = [
        found.group(1)
        for reference in _list(default.get("geographic_reference"))
        if (found := GEOGRAPHIC_REFERENCE.match(reference))
    ]
    dataset_api = f"{base}{ENDPOINT}/{quote(remote_id, safe='')}"
    resources = []
    if item.get("has_records", True):
        exports = list(EXPORTS)
        if "geo" in (item.get("features") or []):
            exports.append(("geojson", "GEOJSON", "Export GeoJSON"))
        resources = [
            RemoteResource(url=f"{dataset_api}/exports/{fmt}", title=title_, format=label)
            for fmt, label, title_ in exports
        ]
    for attachment in item.get("attachments") or []:
        href = (
            attachment.get("href") or attachment.get("url") if isinstance(attachment, dict) else ""
        )
        if href:
            resources.append(
                RemoteResource(url=str(href), title=str(attachment.get("title") or href)[:250])
            )
    references = str(default.get("references") or "")
    same_site = urlsplit(references).netloc == urlsplit(base).netloc and references
    return RemoteDataset(
        remote_id=remote_id[:500],
        title=title[:250],
        description=html_to_text(str(default.get("description") or "")),
        remote_url=references if same_site else f"{base}/explore/dataset/{remote_id}/",
        keywords=clean_keywords(keywords),
        themes=tuple(sorted(set(themes))),
        licence=guess_licence(
            str(default.get("license_url") or ""), str(default.get("license") or "")
        ),
        licence_text=str(default.get("license") or ""),
        frequency=guess_frequency(str(dcat.get("accrualperiodicity") or "")),
        insee_codes=tuple(sorted(set(codes))),
        publisher=str(default.get("publisher") or ""),
        modified=str(default.get("modified") or ""),
        resources=tuple(resources),
    )


class OdsBackend:
    label = "OpenDataSoft (Explore API v2.1)"

    def datasets(
        self, query: Query, client: OutboundClient
    ) -> Iterator[RemoteDataset | RemoteFailure]:
        endpoint = api_url(query.url, ENDPOINT)
        base = endpoint.split("/api/explore/", 1)[0]
        refine = []
        if query.remote_organisation:
            refine.append(f"publisher:{query.remote_organisation}")
        if len(query.keywords) == 1:
            refine.append(f"keyword:{query.keywords[0]}")
        limit = min(query.page_size, 100)  # the API's maximum
        offset = 0
        while True:
            if offset + limit > MAX_OFFSET:
                raise DocumentError(
                    f"Plus de {MAX_OFFSET} jeux : l'API Explore v2.1 ne pagine pas au-delà."
                )
            params: list[tuple[str, str | int]] = [("limit", limit), ("offset", offset)]
            params += [("refine", value) for value in refine]
            separator = "&" if "?" in endpoint else "?"
            document = client.get(f"{endpoint}{separator}{urlencode(params)}", "application/json")
            answer = parse_json(document)
            if not isinstance(answer, dict) or not isinstance(answer.get("results"), list):
                raise DocumentError("Réponse OpenDataSoft inattendue : pas de liste « results ».")
            results = answer["results"]
            for item in results:
                if not isinstance(item, dict):
                    continue
                try:
                    yield map_dataset(item, base)
                except Exception as error:  # one odd dataset must not stop the run
                    yield RemoteFailure(
                        str(item.get("dataset_id", "")), "", f"Jeu illisible : {str(error)[:300]}"
                    )
            offset += len(results)
            if not results or offset >= int(answer.get("total_count") or 0):
                return
