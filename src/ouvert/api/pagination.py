"""udata's list envelope: data, page, page_size, total, next_page, previous_page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest

T = TypeVar("T")

MAX_PAGE_SIZE = 100


def paginate(
    request: HttpRequest,
    items: QuerySet[Any] | Sequence[Any],
    page: int,
    page_size: int,
    serialise: Callable[[Any], T],
) -> dict[str, Any]:
    page = max(page, 1)
    page_size = min(max(page_size, 1), MAX_PAGE_SIZE)
    total = items.count() if isinstance(items, QuerySet) else len(items)
    start = (page - 1) * page_size
    data = [serialise(item) for item in items[start : start + page_size]]
    return envelope(request, data, page, page_size, total)


def envelope(
    request: HttpRequest, data: list[Any], page: int, page_size: int, total: int
) -> dict[str, Any]:
    """The list envelope around one page of already serialised items."""
    start = (page - 1) * page_size

    def link(number: int) -> str:
        params = request.GET.copy()
        params["page"] = str(number)
        params["page_size"] = str(page_size)
        return request.build_absolute_uri(request.path) + "?" + urlencode(params, doseq=True)

    return {
        "data": data,
        "page": page,
        "page_size": page_size,
        "total": total,
        "next_page": link(page + 1) if start + page_size < total else None,
        "previous_page": link(page - 1) if page > 1 else None,
    }
