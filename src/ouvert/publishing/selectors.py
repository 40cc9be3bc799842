"""Reads of the processed versions: which resources can be queried, by whom, under which id."""

from __future__ import annotations

from django.db.models import QuerySet

from ouvert.accounts.permissions import AnyUser
from ouvert.catalog.models import Resource, ResourceVersion
from ouvert.catalog.selectors import visible_datasets
from ouvert.publishing.models import Table
from ouvert.territory.models import Portal


def queryable_resources(user: AnyUser, portal: Portal | None) -> QuerySet[Resource]:
    """Visible resources whose online version has a table: each is one OpenDataSoft dataset."""
    return (
        Resource.objects.filter(
            dataset__in=visible_datasets(user, portal).values("pk"),
            current_version__table__isnull=False,
        )
        .select_related("dataset__organisation", "current_version__table", "dataset__schema")
        .order_by("-dataset__modified_at", "pk")
    )


def find_queryable(
    user: AnyUser, portal: Portal | None, api_id: str
) -> tuple[Resource, Table] | None:
    """The resource an API id names (OpenDataSoft dataset id, or a resource uid), with its table."""
    resources = queryable_resources(user, portal)
    resource = resources.filter(api_id=api_id).first()
    if resource is None and len(api_id) == 36:
        try:
            resource = resources.filter(uid=api_id).first()
        except ValueError:
            resource = None
    if resource is None or resource.current_version is None:
        return None
    return resource, resource.current_version.table


def table_of(version: ResourceVersion | None) -> Table | None:
    """The table of a version, if it was read into one."""
    if version is None:
        return None
    try:
        return version.table
    except Table.DoesNotExist:
        return None
