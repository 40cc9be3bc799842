"""Forms of the pages, with French labels and help."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from ouvert.accounts import throttle
from ouvert.accounts.models import Role
from ouvert.accounts.throttle import Door
from ouvert.catalog.models import Schema
from ouvert.catalog.vocabularies import frequencies, licences, themes
from ouvert.territory.models import Organisation, Territory


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="Adresse électronique",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": "Adresse électronique ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
    }

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username") or ""
        try:
            throttle.check(Door.LOGIN, self.request, email)
            try:
                return super().clean()
            except ValidationError:
                throttle.check(Door.LOGIN, self.request, email)  # did this failure close it?
                raise
        except throttle.Locked as locked:
            raise ValidationError(str(locked), code="throttled") from None


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Every request counts, whether the address has an account or not (nothing tells)."""

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"])
        try:
            throttle.check(Door.PASSWORD_RESET, self.request, email)
        except throttle.Locked as locked:
            raise ValidationError(str(locked), code="throttled") from None
        # Served; the request that reaches the limit closes the door for the next ones.
        throttle.record_failure(Door.PASSWORD_RESET, self.request, email)
        return email


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


class DatasetForm(forms.Form):
    """A dataset's metadata, as a publisher fills it in."""

    organisation = forms.ModelChoiceField(
        label="Organisation productrice",
        queryset=Organisation.objects.none(),
        help_text="Les organisations pour lesquelles vous pouvez publier.",
    )
    title = forms.CharField(label="Titre", max_length=250)
    description = forms.CharField(
        label="Description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Ce que contiennent les données, d'où elles viennent, comment les lire. "
        "Mise en forme Markdown possible.",
    )
    licence = forms.ChoiceField(label="Licence", choices=licences.CHOICES, initial="lov2")
    licence_reason = forms.CharField(
        label="Motif du choix de licence",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Obligatoire si vous n'utilisez pas la Licence Ouverte.",
    )
    keywords = forms.CharField(
        label="Mots-clés",
        required=False,
        max_length=3000,
        help_text="Séparés par des virgules, par exemple : budget, finances, 2026.",
    )
    themes = forms.MultipleChoiceField(
        label="Thèmes",
        required=False,
        choices=themes.CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    frequency = forms.ChoiceField(
        label="Fréquence de mise à jour", choices=frequencies.CHOICES, initial="UNKNOWN"
    )
    spatial = forms.CharField(
        label="Couverture géographique",
        required=False,
        max_length=2000,
        help_text="Codes INSEE séparés par des virgules : commune (29232), département (29), "
        "EPCI (son SIREN, 200068120) ou région (region:53).",
    )
    temporal_start = forms.DateField(
        label="Début de la période couverte",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    temporal_end = forms.DateField(
        label="Fin de la période couverte",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    contact_name = forms.CharField(label="Point de contact", required=False, max_length=200)
    contact_email = forms.EmailField(label="Courriel de contact", required=False)
    schema = forms.ModelChoiceField(
        label="Schéma de données",
        queryset=Schema.objects.all(),
        required=False,
        empty_label="Aucun schéma déclaré",
        help_text="Si vos données suivent un schéma national (SCDL…), choisissez-le : elles "
        "seront vérifiées à chaque mise à jour.",
    )

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        if organisations is None:
            del self.fields["organisation"]
        else:
            field.queryset = organisations  # type: ignore[attr-defined]

    def clean_keywords(self) -> list[str]:
        raw = self.cleaned_data.get("keywords", "")
        return [word.strip() for word in raw.split(",") if word.strip()]

    def clean_spatial(self) -> list[Territory]:
        raw = self.cleaned_data.get("spatial", "")
        found: list[Territory] = []
        unknown = []
        for code in [c.strip() for c in raw.split(",") if c.strip()]:
            territory = find_territory(code)
            if territory is None:
                unknown.append(code)
            else:
                found.append(territory)
        if unknown:
            raise forms.ValidationError(
                f"Code(s) inconnu(s) du référentiel : {', '.join(unknown[:10])}."
            )
        return found


def find_territory(code: str) -> Territory | None:
    """A territory from what a publisher types: 29232, 29, 200068120, region:53."""
    kind, _, value = code.partition(":")
    if value:
        return Territory.objects.filter(kind=kind.lower(), code=value.upper()).first()
    code = code.upper()
    if len(code) == 9 and code.isdigit():
        return Territory.objects.filter(kind=Territory.Kind.EPCI, code=code).first()
    if len(code) == 5:
        return Territory.objects.filter(kind=Territory.Kind.COMMUNE, code=code).first()
    return Territory.objects.filter(kind=Territory.Kind.DEPARTEMENT, code=code).first()


class ResourceUploadForm(forms.Form):
    file = forms.FileField(
        label="Fichier",
        help_text="CSV, XLSX, ODS, JSON, GeoJSON, Shapefile (zip), GeoPackage… Les gros fichiers "
        "sont acceptés : une barre de progression suit l'envoi.",
    )
    title = forms.CharField(
        label="Titre de la ressource",
        required=False,
        max_length=250,
        help_text="Par défaut, le nom du fichier.",
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ResourceLinkForm(forms.Form):
    url = forms.URLField(
        label="Adresse du fichier",
        max_length=2000,
        assume_scheme="https",
        help_text="Un lien https:// vers le fichier publié ailleurs.",
    )
    title = forms.CharField(label="Titre de la ressource", required=False, max_length=250)


class VersionForm(forms.Form):
    file = forms.FileField(
        label="Nouveau fichier",
        help_text="Il devient la version en ligne ; les versions précédentes restent "
        "téléchargeables à leur adresse permanente.",
    )


class PrivateForm(forms.Form):
    shared_with = forms.ModelMultipleChoiceField(
        label="Organisations qui peuvent le voir",
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
