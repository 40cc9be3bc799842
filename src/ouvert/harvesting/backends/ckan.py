"""CKAN portals: `/api/3/action/package_search`, paged with `rows` and `start`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from ouvert.harvesting.backends import MAX_PAGES, Query, api_url
from ouvert.harvesting.backends.html import html_to_text
from ouvert.harvesting.documents import DocumentError, parse_json
from ouvert.harvesting.outbound import OutboundClient
from ouvert.harvesting.remote import (
    RemoteDataset,
    RemoteFailure,
    RemoteResource,
    clean_keywords,
    parse_day,
)
from ouvert.harvesting.vocabularies import format_label, guess_frequency, guess_licence, guess_theme

ENDPOINT = "/api/3/action/package_search"


def _extras(package: dict[str, Any]) -> dict[str, str]:
    return {
        str(extra.get("key")): str(extra.get("value") or "")
        for extra in package.get("extras") or []
        if isinstance(extra, dict)
    }


def map_package(package: dict[str, Any], base: str) -> RemoteDataset | RemoteFailure:
    """One CKAN package (its dataset) as ouvert keeps it."""
    remote_id = str(package.get("id") or package.get("name") or "")
    title = str(package.get("title") or package.get("name") or "").strip()
    if not remote_id:
        return RemoteFailure("", title, "Jeu CKAN sans « id » ni « name » : ignoré.")
    if not title:
        return RemoteFailure(remote_id, "", "Jeu CKAN sans titre : ignoré.")
    extras = _extras(package)
    organisation = package.get("organization") or {}
    themes = [
        code
        for group in package.get("groups") or []
        if (code := guess_theme(str(group.get("title") or group.get("name") or "")))
    ]
    resources = []
    for item in package.get("resources") or []:
        url = str(item.get("url") or "").strip()
        if not url:
            continue
        resources.append(
            RemoteResource(
                url=url,
                title=str(item.get("name") or url.rsplit("/", 1)[-1])[:250],
                description=html_to_text(str(item.get("description") or "")),
                format=format_label(str(item.get("format") or item.get("mimetype") or ""), url),
            )
        )
    name = str(package.get("name") or remote_id)
    insee = extras.get("insee") or extras.get("code_insee") or ""
    return RemoteDataset(
        remote_id=remote_id[:500],
        title=title[:250],
        description=html_to_text(str(package.get("notes") or "")),
        uri=extras.get("uri", ""),
        remote_url=f"{base}/dataset/{name}",
        keywords=clean_keywords(
            [str(tag.get("display_name") or tag.get("name")) for tag in package.get("tags") or []]
        ),
        themes=tuple(sorted(set(themes))),
        licence=guess_licence(
            str(package.get("license_url") or ""),
            str(package.get("license_id") or ""),
            str(package.get("license_title") or ""),
        ),
        licence_text=str(package.get("license_title") or package.get("license_id") or ""),
        frequency=guess_frequency(extras.get("frequency") or extras.get("accrual_periodicity", "")),
        temporal_start=parse_day(extras.get("temporal_start")),
        temporal_end=parse_day(extras.get("temporal_end")),
        insee_codes=tuple(code.strip() for code in insee.split(",") if code.strip()),
        publisher=str(organisation.get("title") or ""),
        publisher_id=str(organisation.get("name") or ""),
        modified=str(package.get("metadata_modified") or ""),
        resources=tuple(resources),
    )


class CkanBackend:
    label = "CKAN (API package_search)"

    def datasets(
        self, query: Query, client: OutboundClient
    ) -> Iterator[RemoteDataset | RemoteFailure]:
        endpoint = api_url(query.url, ENDPOINT)
        base = endpoint.split("/api/3/", 1)[0]
        filters = []
        if query.remote_organisation:
            filters.append(f'organization:"{query.remote_organisation}"')
        if len(query.keywords) == 1:
            filters.append(f'tags:"{query.keywords[0]}"')
        start = 0
        for _page in range(MAX_PAGES):
            params: dict[str, str | int] = {"rows": query.page_size, "start": start}
            if filters:
                params["fq"] = " AND ".join(filters)
            separator = "&" if "?" in endpoint else "?"
            document = client.get(f"{endpoint}{separator}{urlencode(params)}", "application/json")
            answer = parse_json(document)
            if not isinstance(answer, dict) or not answer.get("success"):
                error = answer.get("error") if isinstance(answer, dict) else None
                raise DocumentError(f"Le portail CKAN a refusé la recherche : {error!r:.300}.")
            result = answer.get("result") or {}
            packages = result.get("results") or []
            for package in packages:
                if not isinstance(package, dict):
                    continue
                if package.get("state", "active") != "active" or package.get("private"):
                    continue
                try:
                    yield map_package(package, base)
                except Exception as error:  # one odd package must not stop the run
                    yield RemoteFailure(
                        str(package.get("id", "")), "", f"Jeu illisible : {str(error)[:300]}"
                    )
            start += len(packages)
            if not packages or start >= int(result.get("count") or 0):
                return
        raise DocumentError(f"Plus de {MAX_PAGES} pages : moissonnage interrompu.")
