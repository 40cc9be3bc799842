"""The publisher back-office: create and edit datasets, upload or link resources, versions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from ouvert.accounts import permissions
from ouvert.accounts.permissions import Action
from ouvert.catalog import selectors, services
from ouvert.catalog.models import Dataset, Resource, ResourceVersion
from ouvert.engine.validation.suggest import suggest_schemas
from ouvert.publishing import services as publishing
from ouvert.publishing import workers
from ouvert.publishing.selectors import table_of
from ouvert.validation import registry
from ouvert.web.forms import (
    DatasetForm,
    PrivateForm,
    ResourceLinkForm,
    ResourceUploadForm,
    VersionForm,
)


def _after_upload(request: HttpRequest, slug: str) -> HttpResponse:
    """Back to the dataset page; the upload script asks for the address instead of following a
    redirect, which would display (and so consume) the message before the page reloads."""
    location = reverse("web:publishing_dataset", args=[slug])
    if request.headers.get("X-Envoi") == "1":
        return JsonResponse({"location": location})
    return redirect(location)


def _error_text(error: ValidationError | PermissionDenied) -> str:
    return " ".join(getattr(error, "messages", [str(error)]))


def _editable(request: HttpRequest, slug: str) -> Dataset:
    dataset = selectors.get_dataset(request.user, None, slug)
    if dataset is None:
        raise Http404("Ce jeu de données n'existe pas.")
    permissions.require(request.user, Action.EDIT_DATASET, dataset.organisation)
    return dataset


def editable_version(
    request: HttpRequest, uid: str, action: Action = Action.EDIT_DATASET
) -> ResourceVersion:
    """A version this person may act on: 404 when they may not see it (nothing said of its
    dataset), 403 when they may see it but not act on it."""
    version = selectors.find_version(request.user, None, uid)
    if version is None:
        raise Http404("Version introuvable.")
    permissions.require(request.user, action, version.resource.dataset.organisation)
    return version


def _metadata(form: DatasetForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "description": data["description"],
        "licence": data["licence"],
        "licence_reason": data["licence_reason"],
        "frequency": data["frequency"],
        "temporal_start": data["temporal_start"],
        "temporal_end": data["temporal_end"],
        "contact_name": data["contact_name"],
        "contact_email": data["contact_email"],
        "schema": data["schema"],
        "keywords": data["keywords"],
        "themes": data["themes"],
        "spatial": data["spatial"],
    }


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    organisations = permissions.organisations_where(request.user, Action.EDIT_DATASET)
    datasets: QuerySet[Dataset] = (
        selectors.visible_datasets(request.user)
        .filter(organisation__in=organisations)
        .select_related("organisation")
        .order_by("-modified_at")
    )
    status = request.GET.get("statut", "")
    if status in Dataset.Status.values:
        datasets = datasets.filter(status=status)
    return render(
        request,
        "publishing/dashboard.html",
        {
            "datasets": datasets[:200],
            "organisations": organisations.order_by("name"),
            "status": status,
            "statuses": Dataset.Status.choices,
            "can_create": permissions.organisations_where(
                request.user, Action.CREATE_DATASET
            ).exists(),
            "held": ResourceVersion.objects.filter(
                status=ResourceVersion.Status.HELD,
                resource__dataset__organisation__in=organisations,
            )
            .select_related("resource__dataset")
            .order_by("-created_at")[:50],
            "can_harvest": permissions.organisations_where(
                request.user, Action.MANAGE_HARVEST
            ).exists(),
            "can_audit": permissions.can(request.user, Action.VIEW_AUDIT_LOG),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def dataset_create(request: HttpRequest) -> HttpResponse:
    organisations = permissions.organisations_where(request.user, Action.CREATE_DATASET)
    if not organisations.exists():
        raise PermissionDenied("Vous ne pouvez publier pour aucune organisation.")
    initial = {}
    if organisations.count() == 1:
        initial["organisation"] = organisations.first()
    form = DatasetForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            dataset = services.create_dataset(
                request.user, form.cleaned_data["organisation"], **_metadata(form)
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                "Brouillon enregistré. Ajoutez maintenant un fichier ou un lien, puis publiez.",
            )
            return redirect("web:publishing_dataset", slug=dataset.slug)
    return render(request, "publishing/dataset_form.html", {"form": form, "dataset": None})


def _form_initial(dataset: Dataset) -> dict[str, Any]:
    return {
        "title": dataset.title,
        "description": dataset.description,
        "licence": dataset.licence,
        "licence_reason": dataset.licence_reason,
        "keywords": ", ".join(dataset.keywords.values_list("name", flat=True)),
        "themes": list(dataset.themes.values_list("code", flat=True)),
        "frequency": dataset.frequency,
        "spatial": ", ".join(
            t.code if t.kind != "region" else f"region:{t.code}" for t in dataset.spatial.all()
        ),
        "temporal_start": dataset.temporal_start,
        "temporal_end": dataset.temporal_end,
        "contact_name": dataset.contact_name,
        "contact_email": dataset.contact_email,
        "schema": dataset.schema,
    }


@login_required
@require_http_methods(["GET", "POST"])
def dataset_edit(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = _editable(request, slug)
    form = DatasetForm(request.POST or None, initial=_form_initial(dataset))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_dataset(request.user, dataset, **_metadata(form))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Modifications enregistrées.")
            return redirect("web:publishing_dataset", slug=dataset.slug)
    return render(request, "publishing/dataset_form.html", {"form": form, "dataset": dataset})


def _suggested_schemas(dataset: Dataset, resources: list[Resource]) -> list[dict[str, Any]]:
    """Registry schemas whose fields the dataset's tables have, for a dataset without one."""
    if dataset.schema_id is not None:
        return []
    found: dict[str, dict[str, Any]] = {}
    for resource in resources:
        table = table_of(resource.current_version)
        if table is None:
            continue
        labels = [c.get("label") or c["name"] for c in table.columns]
        for suggestion in suggest_schemas(labels, limit=3, minimum=0.5):
            schema = registry.find(suggestion.reference)
            if schema is not None and suggestion.reference not in found:
                found[suggestion.reference] = {
                    "schema": schema,
                    "matched": len(suggestion.matched),
                    "total": len(suggestion.matched) + len(suggestion.missing),
                }
    return sorted(found.values(), key=lambda s: -s["matched"] / max(1, s["total"]))[:3]


@login_required
@require_POST
def dataset_schema(request: HttpRequest, slug: str) -> HttpResponse:
    """Declares a suggested schema for the dataset (its versions are validated from then on)."""
    dataset = _editable(request, slug)
    schema = registry.find(request.POST.get("schema", ""))
    if schema is None:
        messages.error(request, "Schéma inconnu du registre.")
    else:
        try:
            services.update_dataset(request.user, dataset, schema=schema)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request,
                f"Schéma « {schema.title} » déclaré : les prochaines versions seront validées.",
            )
    return redirect("web:publishing_dataset", slug=dataset.slug)


@login_required
def dataset_manage(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = _editable(request, slug)
    listed = list(selectors.list_resources(dataset))
    resources = [
        {"resource": r, "versions": list(selectors.list_versions(r, request.user))} for r in listed
    ]
    return render(
        request,
        "publishing/dataset_manage.html",
        {
            "dataset": dataset,
            "resources": resources,
            "upload_form": ResourceUploadForm(prefix="fichier"),
            "link_form": ResourceLinkForm(prefix="lien"),
            "private_form": PrivateForm(initial={"shared_with": list(dataset.private_to.all())}),
            "can_publish": permissions.can(
                request.user, Action.PUBLISH_DATASET, dataset.organisation
            ),
            "can_delete": permissions.can(
                request.user, Action.DELETE_DATASET, dataset.organisation
            ),
            "can_release": permissions.can(
                request.user, Action.RELEASE_HELD_VERSION, dataset.organisation
            ),
            "suggestions": _suggested_schemas(dataset, listed),
        },
    )


ACTIONS = {
    "publier": (services.publish_dataset, "Le jeu de données est publié."),
    "depublier": (services.unpublish_dataset, "Le jeu de données est repassé en brouillon."),
    "archiver": (services.archive_dataset, "Le jeu de données est archivé."),
}


@login_required
@require_POST
def dataset_status(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    dataset = _editable(request, slug)
    try:
        if action == "prive":
            form = PrivateForm(request.POST)
            shared = form.cleaned_data["shared_with"] if form.is_valid() else []
            services.make_private(request.user, dataset, shared)
            messages.success(request, "Le jeu de données est privé.")
        elif action in ACTIONS:
            function, message = ACTIONS[action]
            function(request.user, dataset)
            messages.success(request, message)
        else:
            raise Http404("Action inconnue.")
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
    return redirect("web:publishing_dataset", slug=dataset.slug)


@login_required
@require_POST
def dataset_delete(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = _editable(request, slug)
    title = dataset.title
    services.delete_dataset(request.user, dataset)
    messages.success(request, f"« {title} » est supprimé.")
    return redirect("web:publishing_dashboard")


@login_required
@require_POST
def resource_upload(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = _editable(request, slug)
    form = ResourceUploadForm(request.POST, request.FILES, prefix="fichier")
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            publishing.upload_resource(
                request.user,
                dataset,
                upload,
                upload.name,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, f"« {upload.name} » est ajouté.")
    else:
        messages.error(request, "Choisissez un fichier à envoyer.")
    return _after_upload(request, dataset.slug)


@login_required
@require_POST
def resource_link(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = _editable(request, slug)
    form = ResourceLinkForm(request.POST, prefix="lien")
    if form.is_valid():
        try:
            services.add_resource(
                request.user,
                dataset,
                title=form.cleaned_data["title"],
                url=form.cleaned_data["url"],
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, "Le lien est ajouté.")
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("url", [])))
    return redirect("web:publishing_dataset", slug=dataset.slug)


@login_required
def version_state(request: HttpRequest, uid: str) -> HttpResponse:
    """One version's line, for the page to follow its processing."""
    version = editable_version(request, uid, Action.VIEW_PRIVATE)
    organisation = version.resource.dataset.organisation
    if workers.recover_if_orphaned(version):  # its worker died: say so now, not in a minute
        version.refresh_from_db()
    can_release = permissions.can(request.user, Action.RELEASE_HELD_VERSION, organisation)
    return render(
        request, "publishing/_version.html", {"version": version, "can_release": can_release}
    )


@login_required
@require_POST
def version_upload(request: HttpRequest, slug: str, uid: str) -> HttpResponse:
    dataset = _editable(request, slug)
    resource = Resource.objects.filter(dataset=dataset, uid=uid).first()
    if resource is None:
        raise Http404("Ressource introuvable.")
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = publishing.upload_version(request.user, resource, upload, upload.name)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, f"Version {version.number} en ligne.")
    else:
        messages.error(request, "Choisissez un fichier à envoyer.")
    return _after_upload(request, dataset.slug)
