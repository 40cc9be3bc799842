"""The personal-data guard in the back-office: remedy or release a held version; the audit log
for platform admins (page and CSV export)."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ouvert.accounts import permissions
from ouvert.accounts.permissions import Action
from ouvert.catalog.models import ResourceVersion
from ouvert.publishing import guard
from ouvert.publishing.models import AuditEntry
from ouvert.web.views.publishing import editable_version


def _back(version: ResourceVersion) -> HttpResponse:
    return redirect("web:publishing_dataset", slug=version.resource.dataset.slug)


def _error(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or "Action refusée."


@login_required
@require_POST
def release(request: HttpRequest, uid: str) -> HttpResponse:
    version = editable_version(request, uid)
    try:
        guard.release(request.user, version, request.POST.get("justification", ""))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error(error))
    else:
        messages.success(
            request, f"La version {version.number} est publiée ; la décision est au journal."
        )
    return _back(version)


@login_required
@require_POST
def remedy(request: HttpRequest, uid: str) -> HttpResponse:
    version = editable_version(request, uid)
    try:
        new = guard.remedy(
            request.user,
            version,
            request.POST.get("colonne", ""),
            request.POST.get("correction", ""),
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error(error))
    else:
        messages.success(
            request,
            f"Correction appliquée : la version {new.number} est créée et examinée à son tour.",
        )
    return _back(version)


def _entries() -> QuerySet[AuditEntry]:
    return AuditEntry.objects.select_related("actor", "organisation", "version__resource__dataset")


@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    permissions.require(request.user, Action.VIEW_AUDIT_LOG)
    page = Paginator(_entries(), 50).get_page(request.GET.get("page"))
    return render(request, "publishing/audit_log.html", {"page": page})


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def audit_csv(request: HttpRequest) -> StreamingHttpResponse:
    permissions.require(request.user, Action.VIEW_AUDIT_LOG)
    writer = csv.writer(_Echo(), delimiter=";")

    def rows() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(
            ["date", "événement", "organisation", "jeu de données", "version", "par", "résumé",
             "justification"]
        )  # fmt: skip
        for entry in _entries().iterator(chunk_size=500):
            version = entry.version
            yield writer.writerow(
                [
                    entry.at.isoformat(),
                    entry.get_kind_display(),
                    entry.organisation.name if entry.organisation else "",
                    version.resource.dataset.title if version else "",
                    version.number if version else "",
                    entry.actor.email if entry.actor else "",
                    entry.summary,
                    entry.justification,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="journal-donnees-personnelles.csv"'
    return response
