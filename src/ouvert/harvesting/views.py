"""Back-office pages under /espace/moissonnage/: an organisation's admins list its sources, add
one, run it now, and read the reports of its runs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ouvert.accounts import permissions
from ouvert.accounts.permissions import Action
from ouvert.harvesting import selectors, services, tasks
from ouvert.harvesting.forms import SourceForm
from ouvert.harvesting.models import HarvestSource


def _managed(request: HttpRequest, pk: int) -> HarvestSource:
    source = HarvestSource.objects.select_related("organisation").filter(pk=pk).first()
    if source is None:
        raise Http404("Cette source de moissonnage n'existe pas.")
    permissions.require(request.user, Action.MANAGE_HARVEST, source.organisation)
    return source


@login_required
def source_list(request: HttpRequest) -> HttpResponse:
    organisations = permissions.organisations_where(request.user, Action.MANAGE_HARVEST)
    if not organisations.exists():
        raise PermissionDenied(permissions.REFUSALS[Action.MANAGE_HARVEST])
    sources = [(source, source.runs.first()) for source in selectors.managed_sources(request.user)]
    return render(request, "harvesting/source_list.html", {"sources": sources})


@login_required
@require_http_methods(["GET", "POST"])
def source_add(request: HttpRequest) -> HttpResponse:
    organisations = permissions.organisations_where(request.user, Action.MANAGE_HARVEST)
    if not organisations.exists():
        raise PermissionDenied(permissions.REFUSALS[Action.MANAGE_HARVEST])
    form = SourceForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            source = services.create_source(
                request.user,
                data["organisation"],
                url=data["url"],
                protocol=data["protocol"],
                name=data["name"],
                insee_codes=data["insee_codes"],
                keywords=data["keywords"],
                remote_organisation=data["remote_organisation"],
                schedule=data["schedule"],
                ingest_csv=data["ingest_csv"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Source « {source.name} » ajoutée.")
            return redirect("harvesting:source_detail", pk=source.pk)
    return render(request, "harvesting/source_form.html", {"form": form})


@login_required
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = _managed(request, pk)
    runs = source.runs.all()[:20]
    return render(request, "harvesting/source_detail.html", {"source": source, "runs": runs})


@login_required
@require_POST
def source_run(request: HttpRequest, pk: int) -> HttpResponse:
    source = _managed(request, pk)
    tasks.run_source.enqueue(source.pk, request.user.pk)
    messages.success(
        request,
        "Moissonnage lancé. Son rapport apparaît ci-dessous dès qu'il est terminé.",
    )
    return redirect("harvesting:source_detail", pk=source.pk)


@login_required
@require_POST
def source_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    source = _managed(request, pk)
    services.set_source_active(request.user, source, not source.is_active)
    messages.success(request, "Source réactivée." if source.is_active else "Source mise en pause.")
    return redirect("harvesting:source_detail", pk=source.pk)


@login_required
def run_detail(request: HttpRequest, pk: int, run_id: int) -> HttpResponse:
    source = _managed(request, pk)
    run = source.runs.filter(pk=run_id).first()
    if run is None:
        raise Http404("Ce moissonnage n'existe pas.")
    return render(request, "harvesting/run_detail.html", {"source": source, "run": run})
