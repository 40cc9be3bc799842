"""Account pages: login, invitations, profile and API tokens; organisation administration."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from ouvert.accounts import permissions, services, throttle
from ouvert.accounts.models import ApiToken, Invitation, Member, User
from ouvert.accounts.permissions import Action
from ouvert.accounts.throttle import Door
from ouvert.territory import services as territory_services
from ouvert.web.forms import (
    ApiTokenForm,
    InvitationForm,
    OrganisationProfileForm,
    PasswordResetForm,
    RegistrationForm,
    RoleForm,
)
from ouvert.web.views.pages import get_portal_organisation


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    new_secret = None
    form = ApiTokenForm()
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            try:
                issued = services.create_api_token(
                    user, form.cleaned_data["name"], form.cleaned_data["expires_in_days"] or None
                )
            except ValidationError as error:
                messages.error(request, _errors(error))
            else:
                new_secret = issued.secret
                form = ApiTokenForm()
    roles = permissions.roles_by_organisation(user)
    memberships = Member.objects.filter(user=user).select_related("organisation")
    context = {
        "memberships": memberships,
        "managed_count": len(roles) - memberships.count(),
        "tokens": user.api_tokens.all(),
        "form": form,
        "new_secret": new_secret,
    }
    return render(request, "accounts/account.html", context)


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    services.revoke_api_token(request.user, token)  # type: ignore[arg-type]
    messages.success(request, f"Le jeton « {token.name} » est révoqué.")
    return redirect("web:account")


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    throttle.check(Door.INVITATION, request)  # closed: a 429 page (web.security)
    found = services.find_invitation(token)
    if found is None:
        throttle.record_failure(Door.INVITATION, request)  # this one is still answered
        return render(request, "accounts/invitation_unknown.html", status=404)
    context: dict[str, object] = {"invitation": found}
    if not found.is_pending:
        return render(request, "accounts/invitation_closed.html", context, status=410)
    account_exists = User.objects.filter(email=found.email).exists()
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                services.accept_invitation(request.user, found)
            except (PermissionDenied, ValidationError) as error:
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            else:
                messages.success(
                    request,
                    f"Vous avez rejoint {found.organisation.name} "
                    f"({found.get_role_display().lower()}).",
                )
                return redirect("web:account")
        context["email_matches"] = request.user.email == found.email
        return render(request, "accounts/invitation_accept.html", context)
    if account_exists:
        context["login_url"] = f"{reverse('web:login')}?next={request.path}"
        return render(request, "accounts/invitation_login.html", context)
    form = RegistrationForm(request.POST or None, email=found.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.register_from_invitation(
                found, form.cleaned_data["full_name"], form.cleaned_data["password1"]
            )
        except (ValidationError, IntegrityError) as error:
            messages.error(
                request,
                _errors(error)
                if isinstance(error, ValidationError)
                else "Un compte existe déjà pour cette adresse : connectez-vous.",
            )
        else:
            login(request, user, backend="ouvert.accounts.backends.EmailBackend")
            messages.success(request, f"Bienvenue ! Vous avez rejoint {found.organisation.name}.")
            return redirect("web:account")
    context["form"] = form
    return render(request, "accounts/invitation_register.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_admin(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_portal_organisation(request, slug)
    permissions.require(request.user, Action.MANAGE_MEMBERS, organisation)
    form = InvitationForm()
    if request.method == "POST":
        form = InvitationForm(request.POST)
        if form.is_valid():
            accept_url = request.build_absolute_uri(
                reverse("web:invitation", args=["TOKEN"])
            ).replace("TOKEN", "{token}")
            try:
                issued = services.invite_member(
                    request.user,
                    organisation,
                    form.cleaned_data["email"],
                    form.cleaned_data["role"],
                    accept_url,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Invitation envoyée à {issued.invitation.email}.")
                return redirect("web:organisation_admin", slug=organisation.slug)
    context = {
        "organisation": organisation,
        "members": organisation.people.select_related("user").order_by("user__email"),
        "invitations": organisation.invitations.filter(
            accepted_at=None, revoked_at=None
        ).select_related("invited_by"),
        "form": form,
        "role_choices": RoleForm.base_fields["role"].choices,  # type: ignore[attr-defined]
    }
    return render(request, "web/organisation_admin.html", context)


@login_required
@require_POST
def member_role(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    organisation = get_portal_organisation(request, slug)
    member = get_object_or_404(Member, pk=member_id, organisation=organisation)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.change_role(request.user, member, form.cleaned_data["role"])
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(
                request, f"{member.user} est maintenant {member.get_role_display().lower()}."
            )
    return redirect("web:organisation_admin", slug=organisation.slug)


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    organisation = get_portal_organisation(request, slug)
    member = get_object_or_404(Member, pk=member_id, organisation=organisation)
    try:
        services.remove_member(request.user, member)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, f"{member.user} ne fait plus partie de l'organisation.")
    return redirect("web:organisation_admin", slug=organisation.slug)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    organisation = get_portal_organisation(request, slug)
    found = get_object_or_404(Invitation, pk=invitation_id, organisation=organisation)
    services.revoke_invitation(request.user, found)
    messages.success(request, f"L'invitation de {found.email} est annulée.")
    return redirect("web:organisation_admin", slug=organisation.slug)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_portal_organisation(request, slug)
    permissions.require(request.user, Action.EDIT_ORGANISATION, organisation)
    form = OrganisationProfileForm(
        request.POST or None, request.FILES or None, instance=organisation
    )
    if request.method == "POST" and form.is_valid():
        # A cleared file input gives False; the model stores an empty name.
        fields = {
            name: "" if form.cleaned_data[name] is False else form.cleaned_data[name]
            for name in form.changed_data
        }
        organisation.refresh_from_db()
        try:
            territory_services.update_organisation(request.user, organisation, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Les informations de l'organisation sont enregistrées.")
            return redirect("web:organisation_detail", slug=organisation.slug)
    return render(
        request, "web/organisation_edit.html", {"organisation": organisation, "form": form}
    )


class LoginView(auth_views.LoginView):
    """Django's login page, leaving a device cookie: the browser where an account logged in is
    not bound by a lock an attacker caused on that account (accounts/throttle.py)."""

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        response.set_cookie(
            throttle.DEVICE_COOKIE,
            throttle.device_cookie(form.get_user().email),
            max_age=throttle.DEVICE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset request, with the request given to the form (for its limits)."""

    form_class = PasswordResetForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}
