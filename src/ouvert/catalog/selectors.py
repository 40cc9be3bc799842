"""Reads of the catalogue. Every list of datasets starts from `visible_datasets`: the one place
that decides who sees drafts, private and archived datasets."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import Concat, Upper

from ouvert.accounts import permissions
from ouvert.accounts.permissions import Action, AnyUser
from ouvert.catalog import search
from ouvert.catalog.models import (
    CatalogState,
    Dataset,
    Keyword,
    Resource,
    ResourceVersion,
    Schema,
    Theme,
)
from ouvert.catalog.vocabularies import licences, themes
from ouvert.engine.text import strip_control
from ouvert.territory.models import Organisation, Portal, Territory
from ouvert.territory.selectors import portal_organisation_ids

PUBLIC_STATUSES = (Dataset.Status.PUBLISHED, Dataset.Status.ARCHIVED)


def visible_datasets(user: AnyUser, portal: Portal | None = None) -> QuerySet[Dataset]:
    """Datasets this person may see on this portal: public ones, private ones shared with one of
    their organisations, and every dataset of organisations they have rights on."""
    datasets = Dataset.objects.all()
    if portal is not None:
        scope = portal_organisation_ids(portal)
        if scope is not None:
            datasets = datasets.filter(organisation_id__in=scope)
    if permissions.can(user, Action.MANAGE_PLATFORM):
        return datasets
    roles = permissions.roles_by_organisation(user)
    private_rights = [
        organisation_id
        for organisation_id in roles
        if permissions.ROLE_ACTIONS[roles[organisation_id]] & {Action.VIEW_PRIVATE}
    ]
    shared_with_me = Dataset.private_to.through.objects.filter(
        organisation_id__in=list(roles)
    ).values("dataset_id")
    return datasets.filter(
        Q(status__in=PUBLIC_STATUSES)
        | Q(organisation_id__in=private_rights)
        | Q(status=Dataset.Status.PRIVATE, pk__in=shared_with_me)
    )


def get_dataset(user: AnyUser, portal: Portal | None, id_or_slug: str) -> Dataset | None:
    """A dataset by its uid or slug, if this person may see it on this portal."""
    datasets = visible_datasets(user, portal).select_related(
        "organisation", "published_by", "schema"
    )
    lookup: dict[str, Any] = {"slug": id_or_slug}
    if len(id_or_slug) == 36 and id_or_slug.count("-") == 4:
        lookup = {"uid": id_or_slug}
    return datasets.filter(**lookup).first()


def list_resources(dataset: Dataset) -> QuerySet[Resource]:
    return dataset.resources.select_related(
        "current_version__table", "current_version__review", "schema"
    )


def list_versions(resource: Resource, user: AnyUser) -> QuerySet[ResourceVersion]:
    """The resource's versions, newest first: all of them for the organisation's people, the
    processed ones (online now or before) for everyone else."""
    versions = resource.versions.select_related("author", "review").order_by("-number")
    if not permissions.can(user, Action.VIEW_PRIVATE, resource.dataset.organisation):
        versions = versions.filter(status=ResourceVersion.Status.READY)
    return versions


def find_version(user: AnyUser, portal: Portal | None, uid: str) -> ResourceVersion | None:
    """A version by its permanent identifier, if this person may see it on this portal.

    The one check every file of a dataset goes through before leaving the platform (its
    original, the copy without office properties, its Parquet table: web.views.files): its
    dataset must be visible here (`visible_datasets`: status, private sharing, portal; a deleted
    dataset's versions are deleted with it), and a version that is not processed (being
    processed, failed, or held back for personal data) is for its organisation's people only.
    """
    version = (
        ResourceVersion.objects.select_related("resource__dataset__organisation", "review")
        .filter(uid=uid)
        .first()
    )
    if version is None:
        return None
    if not visible_datasets(user, portal).filter(pk=version.resource.dataset_id).exists():
        return None
    # Only processed versions are public: one being processed, failed or held back (personal
    # data) is for the organisation's people.
    if version.status != ResourceVersion.Status.READY and not permissions.can(
        user, Action.VIEW_PRIVATE, version.resource.dataset.organisation
    ):
        return None
    return version


def is_public_version(version: ResourceVersion) -> bool:
    """Whether anyone may download this version (then shared caches may keep it, revalidating
    it each time: it can still be withdrawn)."""
    return version.resource.dataset.is_public and version.status == ResourceVersion.Status.READY


SORTS = {
    "pertinence": None,
    "recent": "-published_at",
    "modifie": "-modified_at",
    "titre": "title",
    "populaire": "-view_count",
}


@dataclass
class DatasetQuery:
    """What a visitor asks the catalogue: words, facet filters, sort, page."""

    q: str = ""
    organisation: str = ""
    theme: str = ""
    licence: str = ""
    format: str = ""
    keyword: str = ""
    spatial: str = ""  # "<kind>:<code>", e.g. "commune:29232"
    schema: str = ""  # schema name
    conformity: str = (
        ""  # "conforme" | "non-conforme": a resource's online version against its schema
    )
    status: str = ""
    include_archived: bool = False
    sort: str = "pertinence"
    page: int = 1
    page_size: int = 20

    @property
    def words(self) -> str:
        return strip_control(self.q)[:300].strip()

    def facet_key(self) -> str:
        """What determines the facet counts (not the sort, nor the page)."""
        return repr(
            (
                self.words,
                self.organisation,
                self.theme,
                self.licence,
                self.format,
                self.keyword,
                self.spatial,
                self.schema,
                self.conformity,
                self.status,
                self.include_archived,
            )
        )


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchResult:
    datasets: list[Dataset]
    total: int
    page: int
    page_size: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.page_size))


FACET_LIMIT = 15
CONFORMITY = {"conforme": "Conforme au schéma", "non-conforme": "Non conforme au schéma"}


def filter_datasets(datasets: QuerySet[Dataset], query: DatasetQuery) -> QuerySet[Dataset]:
    words = query.words
    if words:
        matching = search.backend().matching_ids(words)
        datasets = datasets.filter(pk__in=matching) if matching is not None else datasets.none()
    if query.organisation:
        datasets = datasets.filter(organisation__slug=query.organisation)
    if query.theme:
        datasets = datasets.filter(themes__code=query.theme)
    if query.licence:
        datasets = datasets.filter(licence=query.licence)
    if query.format:
        datasets = datasets.filter(
            pk__in=Resource.objects.filter(format__iexact=query.format).values("dataset_id")
        )
    if query.keyword:
        datasets = datasets.filter(keywords__slug=query.keyword)
    if query.spatial and ":" in query.spatial:
        kind, code = query.spatial.split(":", 1)
        datasets = datasets.filter(spatial__kind=kind, spatial__code=code)
    if query.schema:
        datasets = datasets.filter(schema__name=query.schema)
    if query.conformity in CONFORMITY:
        valid = query.conformity == "conforme"
        # The validation is publishing's (validation app): reached by its reverse relation name.
        datasets = datasets.filter(
            pk__in=Resource.objects.filter(current_version__validation__valid=valid).values(
                "dataset_id"
            )
        )
    if query.status in Dataset.Status.values:
        datasets = datasets.filter(status=query.status)
    elif not query.include_archived:
        datasets = datasets.exclude(status=Dataset.Status.ARCHIVED)
    return datasets


def _facet(rows: QuerySet[Any], selected: str, label: Any = None) -> list[FacetValue]:
    values = []
    for row in rows[:FACET_LIMIT]:
        value = row["value"]
        if value in (None, ""):
            continue
        values.append(
            FacetValue(
                str(value),
                label(row) if label else str(row.get("label") or value),
                row["n"],
                str(value) == selected,
            )
        )
    return values


def compute_facets(datasets: QuerySet[Dataset], query: DatasetQuery) -> dict[str, list[FacetValue]]:
    """Counts per facet value among the datasets matching the query (the visible ones only).

    Aggregates run on the query itself, not on a subquery of it: the full-text back ends add
    their table to the query's FROM clause, which a subquery would rename.
    """
    plain = datasets.order_by()

    def grouped(
        value: Any, label: Any = None, exclude_empty: str = "", distinct: bool = False
    ) -> QuerySet[Any]:
        # One row per (dataset, value) unless a dataset can repeat a value (its resources'
        # formats): COUNT(*) then, cheaper than COUNT(DISTINCT).
        rows = plain.filter(**{f"{exclude_empty}__isnull": False}) if exclude_empty else plain
        fields = {"value": value, **({"label": label} if label is not None else {})}
        counted = rows.values(**fields).annotate(n=Count("pk", distinct=distinct))
        return counted.order_by("-n", "value")  # type: ignore[misc]  # "value" is the alias

    return {
        "organisation": _facet(
            grouped(F("organisation__slug"), F("organisation__name")), query.organisation
        ),
        "theme": _facet(
            grouped(F("themes__code"), exclude_empty="themes"),
            query.theme,
            lambda row: themes.THEMES.get(row["value"], row["value"]),
        ),
        "licence": _facet(
            grouped(F("licence")),
            query.licence,
            lambda row: (
                licences.LICENCES[row["value"]].label
                if row["value"] in licences.LICENCES
                else row["value"]
            ),
        ),
        "format": _facet(
            grouped(Upper("resources__format"), exclude_empty="resources", distinct=True),
            query.format.upper(),
        ),
        "keyword": _facet(
            grouped(F("keywords__slug"), F("keywords__name"), exclude_empty="keywords"),
            query.keyword,
        ),
        "spatial": _facet(
            grouped(
                Concat("spatial__kind", Value(":"), "spatial__code"),
                F("spatial__name"),
                exclude_empty="spatial",
            ),
            query.spatial,
        ),
        "schema": _facet(
            grouped(F("schema__name"), F("schema__title"), exclude_empty="schema"), query.schema
        ),
        "conformity": _facet(
            grouped(
                Case(
                    When(
                        resources__current_version__validation__valid=True, then=Value("conforme")
                    ),
                    default=Value("non-conforme"),
                ),
                exclude_empty="resources__current_version__validation",
                distinct=True,
            ),
            query.conformity,
            lambda row: CONFORMITY.get(row["value"], row["value"]),
        ),
    }


def search_datasets(
    user: AnyUser, portal: Portal | None, query: DatasetQuery, *, with_facets: bool = True
) -> SearchResult:
    """The catalogue search: visible datasets matching the query, sorted, paginated, faceted.

    Only the page's ids are sorted (rank or date) in the database; full rows are then read for
    those ids alone. The page's ids, the total and the facet counts are kept in the cache until
    the catalogue changes (its generation number moves on), per portal and kind of visitor:
    a popular search is answered from memory, not recounted.
    """
    datasets = filter_datasets(visible_datasets(user, portal), query)
    page_size = min(max(query.page_size, 1), 100)
    scope = _cache_scope(user, portal)
    digest = hashlib.sha256(query.facet_key().encode()).hexdigest()[:32]
    page_key = f"search:{scope}:{digest}:{query.sort}:{query.page}:{page_size}"
    cached = cache.get(page_key)
    if cached is None:
        total = datasets.count()
        page_count = max(1, -(-total // page_size))
        page = min(max(query.page, 1), page_count)
        start = (page - 1) * page_size
        order = SORTS.get(query.sort)
        ranked = search.backend().rank(datasets, query.words) if query.words else None
        if order is None and ranked is not None and "search_rank" in ranked.query.extra_select:
            ordered = ranked.order_by("-search_rank", "-published_at", "pk")  # type: ignore[misc]
        elif order is None:
            ordered = datasets.order_by("-published_at", "-modified_at", "pk")
        else:
            ordered = datasets.order_by(order, "pk")
        ids = list(ordered.values_list("pk", flat=True)[start : start + page_size])
        cached = (total, page, ids)
        cache.set(page_key, cached, CACHE_SECONDS)
    total, page, ids = cached
    rows = Dataset.objects.select_related("organisation").in_bulk(ids)
    facets: dict[str, list[FacetValue]] = {}
    if with_facets:
        facet_key = f"facets:{scope}:{digest}"
        facets = cache.get(facet_key)
        if facets is None:
            facets = compute_facets(datasets, query)
            cache.set(facet_key, facets, CACHE_SECONDS)
    return SearchResult(
        datasets=[rows[pk] for pk in ids if pk in rows],
        total=total,
        page=page,
        page_size=page_size,
        facets=facets,
    )


# Entries are also replaced as soon as the catalogue changes; this only bounds memory use.
CACHE_SECONDS = 600


def _cache_scope(user: AnyUser, portal: Portal | None) -> str:
    """What search results depend on besides the query: the catalogue's state, the portal, and
    what this visitor may see (every anonymous visitor sees the same)."""
    if permissions.can(user, Action.MANAGE_PLATFORM):
        audience = "platform"
    elif permissions.roles_by_organisation(user):
        audience = f"user-{getattr(user, 'pk', 0)}"
    else:
        audience = "public"
    return f"{CatalogState.current()}:{portal.pk if portal else 0}:{audience}"


def latest_datasets(user: AnyUser, portal: Portal, limit: int = 6) -> list[Dataset]:
    return list(
        visible_datasets(user, portal)
        .filter(status=Dataset.Status.PUBLISHED)
        .select_related("organisation")
        .order_by("-published_at")[:limit]
    )


def popular_datasets(user: AnyUser, portal: Portal, limit: int = 6) -> list[Dataset]:
    return list(
        visible_datasets(user, portal)
        .filter(status=Dataset.Status.PUBLISHED, view_count__gt=0)
        .select_related("organisation")
        .order_by("-view_count", "-published_at")[:limit]
    )


def theme_counts(user: AnyUser, portal: Portal) -> list[tuple[Theme, int]]:
    published = visible_datasets(user, portal).filter(status=Dataset.Status.PUBLISHED)
    rows = (
        Theme.objects.filter(datasets__in=published.values("pk"))
        .annotate(n=Count("datasets", distinct=True))
        .order_by("-n")
    )
    return [(theme, theme.n) for theme in rows]


def organisation_datasets(
    user: AnyUser, portal: Portal | None, organisation: Organisation
) -> QuerySet[Dataset]:
    return (
        visible_datasets(user, portal)
        .filter(organisation=organisation)
        .order_by("-published_at", "title")
    )


def keywords_of(dataset: Dataset) -> QuerySet[Keyword]:
    return dataset.keywords.order_by("name")


def spatial_of(dataset: Dataset) -> QuerySet[Territory]:
    return dataset.spatial.order_by("kind", "name")


def find_schema(reference: str) -> Schema | None:
    """A registry schema by "name@version", "name" (its latest version) or its
    schema.data.gouv.fr address; None when there is none."""
    ref = reference.strip()
    for prefix in ("https://schema.data.gouv.fr/schemas/", "https://schema.data.gouv.fr/"):
        if ref.startswith(prefix):
            parts = ref[len(prefix) :].strip("/").split("/")
            ref = "/".join(parts[:2]) + (f"@{parts[2]}" if len(parts) > 2 else "")
    name, _, version = ref.partition("@")
    candidates = list(Schema.objects.filter(name=name))
    if version and version != "latest":
        wanted = {version, version.lstrip("v")}
        candidates = [
            s for s in candidates if s.version in wanted or s.version.lstrip("v") in wanted
        ]
    return max(candidates, key=lambda s: s.version_key, default=None)
