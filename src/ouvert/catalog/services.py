"""Writes on the catalogue — one function per use case, used by pages, API, CLI and harvesters.

Each checks permissions, validates, writes in one transaction, re-indexes for search and queues
follow-up work after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from ouvert.accounts import permissions
from ouvert.accounts.models import Member, User
from ouvert.accounts.permissions import Action, AnyUser
from ouvert.catalog import search, selectors
from ouvert.catalog.models import (
    MAX_TITLE,
    CatalogState,
    Dataset,
    Keyword,
    Resource,
    ResourceVersion,
    Schema,
    Theme,
)
from ouvert.catalog.storage import guess_format, store_original
from ouvert.catalog.vocabularies import hvd, licences
from ouvert.catalog.vocabularies.themes import THEMES
from ouvert.engine.markdown import markdown_to_text
from ouvert.engine.text import strip_control
from ouvert.territory.models import Organisation, Territory

MAX_KEYWORDS = 50
MAX_KEYWORD_LENGTH = 100

DATASET_FIELDS = {
    "title",
    "slug",
    "description",
    "licence",
    "licence_reason",
    "frequency",
    "temporal_start",
    "temporal_end",
    "contact_name",
    "contact_email",
    "schema",
    "hvd_categories",
}


def clean_text(value: str, limit: int | None = None) -> str:
    """Strip control characters and surrounding spaces; refuse what is too long."""
    cleaned = strip_control(value).strip()
    if limit is not None and len(cleaned) > limit:
        raise ValidationError(
            f"Ce texte fait {len(cleaned)} caractères : {limit} au plus sont acceptés."
        )
    return cleaned


def _unique_slug(text: str, exclude: int | None = None) -> str:
    base = slugify(text)[:100].strip("-") or "jeu-de-donnees"
    slug, counter = base, 2
    others = Dataset.objects.exclude(pk=exclude) if exclude is not None else Dataset.objects
    while others.filter(slug=slug).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug


def _acting_organisation(actor: AnyUser, organisation: Organisation) -> Organisation | None:
    """The managing body through which the actor publishes, when not a member themselves."""
    if not actor.is_authenticated:
        return None
    if Member.objects.filter(user=actor, organisation=organisation).exists():
        return None
    seen: set[int] = set()
    manager = organisation.managed_by
    while manager is not None and manager.pk not in seen:
        if Member.objects.filter(user=actor, organisation=manager).exists():
            return manager
        seen.add(manager.pk)
        manager = manager.managed_by
    return None


def _normalise_keywords(names: Iterable[str]) -> list[Keyword]:
    keywords: dict[str, Keyword] = {}
    for raw in names:
        name = clean_text(str(raw))[:MAX_KEYWORD_LENGTH]
        slug = slugify(name)[:100]
        if not slug or slug in keywords:
            continue
        keyword, _ = Keyword.objects.get_or_create(slug=slug, defaults={"name": name})
        keywords[slug] = keyword
    if len(keywords) > MAX_KEYWORDS:
        raise ValidationError({"keywords": f"{MAX_KEYWORDS} mots-clés au plus."})
    return list(keywords.values())


def _themes(codes: Iterable[str]) -> list[Theme]:
    wanted = {code.strip().upper() for code in codes if code.strip()}
    unknown = wanted - set(THEMES)
    if unknown:
        raise ValidationError({"themes": f"Thème inconnu : {', '.join(sorted(unknown))}."})
    # The vocabulary is fixed; its rows are created by a migration, and again here if missing.
    return [Theme.objects.get_or_create(code=code)[0] for code in sorted(wanted)]


def _apply_fields(dataset: Dataset, fields: dict[str, Any]) -> None:
    unknown = set(fields) - DATASET_FIELDS
    if unknown:
        raise TypeError(f"unknown dataset fields: {sorted(unknown)}")
    for name, value in fields.items():
        if isinstance(value, str) and name != "description":
            value = clean_text(value)
        if name == "description" and isinstance(value, str):
            value = strip_control(value)
        if name == "licence" and value:
            found = licences.find_licence(value)
            if found is None:
                raise ValidationError({"licence": f"Licence inconnue : « {value[:50]} »."})
            value = found.id
        if name == "schema" and isinstance(value, str):
            value = find_schema(value)
        if name == "hvd_categories":
            value = _hvd_categories(value)
        setattr(dataset, name, value)
    if len(dataset.title) > MAX_TITLE:
        raise ValidationError(
            {"title": f"Le titre fait {len(dataset.title)} caractères : {MAX_TITLE} au plus."}
        )


def _hvd_categories(values: Iterable[str]) -> list[str]:
    codes = {hvd.find_category(value): value for value in values}
    if "" in codes:
        raise ValidationError(
            {"hvd_categories": f"Catégorie de données de forte valeur inconnue : « {codes['']} »."}
        )
    return sorted(codes)


def find_schema(reference: str) -> Schema | None:
    """A registry schema by `name` (latest version) or `name@version`; None for an empty one."""
    reference = reference.strip()
    if not reference:
        return None
    schema = selectors.find_schema(reference)
    if schema is None:
        raise ValidationError({"schema": f"Schéma inconnu du registre : « {reference[:80]} »."})
    return schema


def _index(dataset: Dataset) -> None:
    """Refresh the dataset's search entry from its metadata, keywords, places and resources."""
    parts = [
        markdown_to_text(dataset.description, 20_000),
        " ".join(dataset.keywords.values_list("name", flat=True)),
        dataset.organisation.name,
        dataset.organisation.acronym,
        " ".join(theme.label for theme in dataset.themes.all()),
        " ".join(dataset.spatial.values_list("name", flat=True)),
        " ".join(dataset.resources.values_list("title", flat=True)),
    ]
    search.backend().index(dataset, dataset.title, " ".join(p for p in parts if p))
    CatalogState.bump()


def rebuild_search_index() -> int:
    """Index every dataset again (after a change of how words are folded or stemmed)."""
    count = 0
    datasets = Dataset.objects.select_related("organisation").prefetch_related("themes")
    for dataset in datasets.iterator(chunk_size=500):
        _index(dataset)
        count += 1
    return count


def create_dataset(
    actor: AnyUser,
    organisation: Organisation,
    *,
    keywords: Iterable[str] = (),
    themes: Iterable[str] = (),
    spatial: Iterable[Territory] = (),
    **fields: Any,
) -> Dataset:
    """A new draft dataset of the organisation."""
    permissions.require(actor, Action.CREATE_DATASET, organisation)
    dataset = Dataset(organisation=organisation)
    _apply_fields(dataset, fields)
    dataset.slug = _unique_slug(dataset.slug) if dataset.slug else _unique_slug(dataset.title)
    dataset.published_by = _acting_organisation(actor, organisation)
    dataset.full_clean(exclude=["keywords", "themes", "spatial"])
    with transaction.atomic():
        dataset.save()
        dataset.keywords.set(_normalise_keywords(keywords))
        dataset.themes.set(_themes(themes))
        dataset.spatial.set(list(spatial))
        _index(dataset)
    return dataset


def update_dataset(
    actor: AnyUser,
    dataset: Dataset,
    *,
    keywords: Iterable[str] | None = None,
    themes: Iterable[str] | None = None,
    spatial: Iterable[Territory] | None = None,
    **fields: Any,
) -> Dataset:
    """Change a dataset's metadata (not its status: see publish/unpublish/archive)."""
    permissions.require(actor, Action.EDIT_DATASET, dataset.organisation)
    _apply_fields(dataset, fields)
    if "slug" in fields:
        dataset.slug = _unique_slug(dataset.slug or dataset.title, exclude=dataset.pk)
    dataset.full_clean(exclude=["keywords", "themes", "spatial"])
    with transaction.atomic():
        dataset.save()
        if keywords is not None:
            dataset.keywords.set(_normalise_keywords(keywords))
        if themes is not None:
            dataset.themes.set(_themes(themes))
        if spatial is not None:
            dataset.spatial.set(list(spatial))
        _index(dataset)
    return dataset


def _set_status(
    actor: AnyUser, dataset: Dataset, status: str, action: Action = Action.PUBLISH_DATASET
) -> Dataset:
    permissions.require(actor, action, dataset.organisation)
    dataset.status = status
    if status == Dataset.Status.PUBLISHED and dataset.published_at is None:
        dataset.published_at = timezone.now()
    dataset.save(update_fields=["status", "published_at", "modified_at"])
    CatalogState.bump()
    return dataset


def publish_dataset(actor: AnyUser, dataset: Dataset) -> Dataset:
    """Make a dataset public. It needs a description and at least one resource."""
    problems = []
    if not dataset.description.strip():
        problems.append("une description")
    if not dataset.resources.exists():
        problems.append("au moins une ressource (fichier ou lien)")
    if problems:
        raise ValidationError(f"Avant de publier, ajoutez {' et '.join(problems)}.")
    dataset.full_clean(exclude=["keywords", "themes", "spatial"])
    return _set_status(actor, dataset, Dataset.Status.PUBLISHED)


def unpublish_dataset(actor: AnyUser, dataset: Dataset) -> Dataset:
    """Back to draft: visible to the organisation's people only."""
    return _set_status(actor, dataset, Dataset.Status.DRAFT)


def archive_dataset(actor: AnyUser, dataset: Dataset) -> Dataset:
    """Still reachable by its address and API, marked archived, out of default searches."""
    return _set_status(actor, dataset, Dataset.Status.ARCHIVED)


def make_private(actor: AnyUser, dataset: Dataset, shared_with: Iterable[Organisation]) -> Dataset:
    """Visible only to the organisation's people and to the named organisations."""
    with transaction.atomic():
        _set_status(actor, dataset, Dataset.Status.PRIVATE)
        dataset.private_to.set(list(shared_with))
    return dataset


def delete_dataset(actor: AnyUser, dataset: Dataset) -> None:
    """Remove a dataset, its resources and versions; their files leave the store once committed
    (an original only when no other version, of any dataset, shares its bytes: storage.py)."""
    permissions.require(actor, Action.DELETE_DATASET, dataset.organisation)
    with transaction.atomic():
        dataset_id = dataset.pk
        Resource.objects.filter(dataset=dataset).update(current_version=None)
        dataset.delete()
        search.backend().remove(dataset_id)
        CatalogState.bump()


def record_view(dataset: Dataset) -> None:
    """Count a page view (for "most viewed")."""
    from django.db.models import F

    Dataset.objects.filter(pk=dataset.pk).update(view_count=F("view_count") + 1)


def add_resource(
    actor: AnyUser,
    dataset: Dataset,
    *,
    title: str = "",
    description: str = "",
    upload: IO[bytes] | None = None,
    filename: str = "",
    url: str = "",
    schema: str = "",
    format: str = "",
) -> Resource:
    """A new resource: an uploaded file (its first version, received: `publishing.services.
    upload_resource` processes it) or a link to a remote file. `format` overrides the label
    guessed from the file name (a harvested link's format)."""
    permissions.require(actor, Action.EDIT_DATASET, dataset.organisation)
    if (upload is None) == (not url):
        raise ValidationError(
            "Une ressource est soit un fichier déposé, soit un lien : l'un des deux."
        )
    title = clean_text(title or filename or url.rsplit("/", 1)[-1] or "Ressource", MAX_TITLE)
    resource = Resource(
        dataset=dataset,
        title=title,
        description=strip_control(description),
        kind=Resource.Kind.FILE if upload is not None else Resource.Kind.REMOTE,
        url=url.strip(),
        format=format[:20] or guess_format(filename or url.split("?", 1)[0]),
        schema=find_schema(schema) if schema else None,
        position=dataset.resources.count(),
    )
    resource.api_id = _resource_api_id(dataset)
    resource.full_clean(exclude=["current_version"])
    if resource.url and not resource.url.lower().startswith(("http://", "https://")):
        raise ValidationError({"url": "Seuls les liens http:// et https:// sont acceptés."})
    with transaction.atomic():
        resource.save()
        if upload is not None:
            add_version(actor, resource, upload, filename or title)
        else:
            _add_remote_version(actor, resource)
        _index(dataset)
    return resource


def update_resource_link(
    actor: AnyUser,
    resource: Resource,
    *,
    title: str,
    description: str = "",
    url: str = "",
    format: str = "",
) -> Resource:
    """Change a resource's title and description, and a link's URL (a new version of it)."""
    permissions.require(actor, Action.EDIT_DATASET, resource.dataset.organisation)
    resource.title = clean_text(title, MAX_TITLE) or resource.title
    resource.description = strip_control(description)
    url = url.strip()
    relinked = bool(url) and url != resource.url
    if relinked:
        if not url.lower().startswith(("http://", "https://")):
            raise ValidationError({"url": "Seuls les liens http:// et https:// sont acceptés."})
        resource.url = url
        resource.format = guess_format(url.split("?", 1)[0]) or resource.format
    if format:
        resource.format = format[:20]
    resource.full_clean(exclude=["current_version"])
    with transaction.atomic():
        resource.save()
        if relinked and resource.kind == Resource.Kind.REMOTE:
            _add_remote_version(actor, resource)
        _index(resource.dataset)
    return resource


def remove_resource(actor: AnyUser, resource: Resource) -> None:
    """Remove a resource from its dataset; its files leave the store as a dataset's do."""
    permissions.require(actor, Action.EDIT_DATASET, resource.dataset.organisation)
    dataset = resource.dataset
    with transaction.atomic():
        Resource.objects.filter(pk=resource.pk).update(current_version=None)
        resource.delete()
        _index(dataset)


def _resource_api_id(dataset: Dataset) -> str:
    """The dataset's slug for its first resource, `<slug>--2`, `--3`… for the next: stable."""
    if not Resource.objects.filter(api_id=dataset.slug).exists():
        return dataset.slug
    counter = dataset.resources.count() + 1
    while Resource.objects.filter(api_id=f"{dataset.slug}--{counter}").exists():
        counter += 1
    return f"{dataset.slug}--{counter}"


def _next_number(resource: Resource) -> int:
    # Lock the resource row so that two simultaneous uploads get distinct numbers.
    Resource.objects.select_for_update().filter(pk=resource.pk).first()
    current = resource.versions.aggregate(n=Max("number"))["n"] or 0
    return int(current) + 1


def _add_remote_version(actor: AnyUser, resource: Resource) -> ResourceVersion:
    version = ResourceVersion.objects.create(
        resource=resource,
        number=_next_number(resource),
        url=resource.url,
        format=resource.format,
        author=actor if isinstance(actor, User) else None,
        status=ResourceVersion.Status.READY,
    )
    _make_current(resource, version)
    return version


def add_version(
    actor: AnyUser,
    resource: Resource,
    upload: IO[bytes],
    filename: str,
    *,
    provenance: str = "",
) -> ResourceVersion:
    """Store a new file for a resource as its next immutable version, received but not online.

    The bytes are streamed into the content-addressed store (never held in memory). Processing
    is `publishing`'s (`publishing.services.upload_version` calls this, then processes it): the
    version goes online only once processed; until then, and if processing fails or holds it
    back, the previous version keeps serving. Every version keeps its permanent URL.
    """
    permissions.require(actor, Action.EDIT_DATASET, resource.dataset.organisation)
    filename = clean_text(filename.replace("/", "_").replace("\\", "_"), 255) or "fichier"
    try:
        stored = store_original(upload, filename, settings.OUVERT_MAX_UPLOAD_SIZE)
    except ValueError as error:
        raise ValidationError(str(error)) from error
    with transaction.atomic():
        return ResourceVersion.objects.create(
            resource=resource,
            number=_next_number(resource),
            filename=filename,
            storage_path=stored.path,
            size=stored.size,
            sha256=stored.sha256,
            media_type=stored.media_type,
            format=stored.format,
            author=actor if isinstance(actor, User) else None,
            status=ResourceVersion.Status.RECEIVED,
            provenance=clean_text(provenance, 1000),
        )


def activate_version(version: ResourceVersion) -> bool:
    """Put a processed version online, unless a newer version already is (uploads may finish
    processing out of order). Called by the processing pipeline."""
    with transaction.atomic():
        resource = Resource.objects.select_for_update().get(pk=version.resource_id)
        current = resource.current_version
        if current is not None and current.number > version.number:
            return False
        _make_current(resource, version)
    return True


def _make_current(resource: Resource, version: ResourceVersion) -> None:
    resource.current_version = version
    if version.format:
        resource.format = version.format
    if version.media_type:
        resource.media_type = version.media_type
    resource.save(update_fields=["current_version", "format", "media_type", "modified_at"])
    Dataset.objects.filter(pk=resource.dataset_id).update(data_updated_at=timezone.now())
    CatalogState.bump()
