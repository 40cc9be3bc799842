"""udata portals (data.gouv.fr): `/api/1/datasets/`, paged by following `next_page`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from ouvert.harvesting.backends import MAX_PAGES, Query, api_url
from ouvert.harvesting.documents import DocumentError, parse_json
from ouvert.harvesting.outbound import OutboundClient
from ouvert.harvesting.remote import (
    RemoteDataset,
    RemoteFailure,
    RemoteResource,
    clean_keywords,
    parse_day,
)
from ouvert.harvesting.vocabularies import format_label, guess_frequency, guess_licence

ENDPOINT = "/api/1/datasets/"


def _insee_codes(spatial: dict[str, Any] | None) -> tuple[str, ...]:
    """INSEE codes of udata zones (`fr:commune:29232`, `fr:departement:29`…)."""
    codes = []
    for zone in (spatial or {}).get("zones") or []:
        zone_id = str(zone.get("id") if isinstance(zone, dict) else zone)
        parts = zone_id.split("@", 1)[0].split(":")
        if len(parts) == 3 and parts[0] == "fr":
            codes.append(parts[2])
    return tuple(sorted(set(codes)))


def map_dataset(item: dict[str, Any]) -> RemoteDataset | RemoteFailure:
    """One udata dataset as ouvert keeps it."""
    remote_id = str(item.get("id") or "")
    title = str(item.get("title") or "").strip()
    if not remote_id:
        return RemoteFailure("", title, "Jeu udata sans « id » : ignoré.")
    if not title:
        return RemoteFailure(remote_id, "", "Jeu udata sans titre : ignoré.")
    organisation = item.get("organization") or {}
    temporal = item.get("temporal_coverage") or {}
    harvest = item.get("harvest") or {}
    resources = [
        RemoteResource(
            url=str(resource["url"]),
            title=str(resource.get("title") or resource["url"].rsplit("/", 1)[-1])[:250],
            description=str(resource.get("description") or ""),
            format=format_label(str(resource.get("format") or ""), str(resource["url"])),
        )
        for resource in item.get("resources") or []
        if isinstance(resource, dict) and resource.get("url")
    ]
    return RemoteDataset(
        remote_id=remote_id[:500],
        title=title[:250],
        description=str(item.get("description") or ""),
        uri=str(item.get("uri") or harvest.get("uri") or ""),
        remote_url=str(item.get("page") or item.get("uri") or ""),
        keywords=clean_keywords([str(tag) for tag in item.get("tags") or []]),
        licence=guess_licence(str(item.get("license") or "")),
        licence_text=str(item.get("license") or ""),
        frequency=guess_frequency(str(item.get("frequency") or "")),
        temporal_start=parse_day(temporal.get("start")),
        temporal_end=parse_day(temporal.get("end")),
        insee_codes=_insee_codes(item.get("spatial")),
        publisher=str(organisation.get("name") or ""),
        publisher_id=str(organisation.get("slug") or organisation.get("id") or ""),
        modified=str(item.get("last_update") or item.get("last_modified") or ""),
        resources=tuple(resources),
    )


class UdataBackend:
    label = "udata / data.gouv.fr (API v1)"

    def datasets(
        self, query: Query, client: OutboundClient
    ) -> Iterator[RemoteDataset | RemoteFailure]:
        endpoint = api_url(query.url, ENDPOINT)
        params: dict[str, str | int] = {"page_size": query.page_size}
        if query.remote_organisation:
            params["organization"] = query.remote_organisation
        if len(query.keywords) == 1:
            params["tag"] = query.keywords[0]
        url = f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"
        seen: set[str] = set()
        for _page in range(MAX_PAGES):
            if url in seen:
                raise DocumentError(f"La pagination boucle : la page « {url[:200]} » revient.")
            seen.add(url)
            answer = parse_json(client.get(url, "application/json"))
            if not isinstance(answer, dict) or not isinstance(answer.get("data"), list):
                raise DocumentError("Réponse udata inattendue : pas de liste « data ».")
            for item in answer["data"]:
                if not isinstance(item, dict) or item.get("deleted") or item.get("private"):
                    continue
                try:
                    yield map_dataset(item)
                except Exception as error:  # one odd dataset must not stop the run
                    yield RemoteFailure(
                        str(item.get("id", "")), "", f"Jeu illisible : {str(error)[:300]}"
                    )
            url = str(answer.get("next_page") or "")
            if not url:
                return
        raise DocumentError(f"Plus de {MAX_PAGES} pages : moissonnage interrompu.")
