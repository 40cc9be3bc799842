"""Forms of the pages, with French labels and help."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from ouvert.accounts.models import Role
from ouvert.territory.models import Organisation


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="Adresse électronique",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": "Adresse électronique ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
    }


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Adresse électronique de la personne à inviter",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label="Rôle",
        choices=Role.choices,
        initial=Role.EDITOR,
        help_text="Un éditeur publie des jeux de données ; un administrateur gère aussi les "
        "membres et l'organisation.",
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Rôle", choices=Role.choices)


class RegistrationForm(forms.Form):
    """Create an account from an invitation: the e-mail is the invited one."""

    full_name = forms.CharField(label="Nom complet", max_length=150)
    password1 = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Au moins 10 caractères, pas uniquement des chiffres ni un mot de passe courant.",
    )
    password2 = forms.CharField(
        label="Confirmation du mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "Les deux mots de passe ne correspondent pas.")
        elif first:
            from ouvert.accounts.models import User

            try:
                password_validation.validate_password(
                    first, User(email=self.email, full_name=data.get("full_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Nom du jeton",
        max_length=100,
        help_text="Pour vous souvenir de son usage, par exemple « script de mise à jour ».",
    )
    expires_in_days = forms.TypedChoiceField(
        label="Durée de validité",
        coerce=int,
        choices=[(30, "30 jours"), (90, "90 jours"), (365, "1 an"), (0, "Sans expiration")],
        initial=90,
    )


class OrganisationProfileForm(forms.ModelForm):
    website = forms.URLField(
        label="Site web", required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = Organisation
        fields = ["name", "acronym", "description", "logo", "website", "email", "phone", "address"]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if logo and getattr(logo, "size", 0) > 1024 * 1024:
            raise forms.ValidationError("Le logo dépasse 1 Mo : réduisez-le avant de l'envoyer.")
        return logo
