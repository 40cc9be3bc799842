"""Referential territories, organisations and their graph, portals."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from ouvert.engine.text import fold
from ouvert.territory import validators


class Territory(models.Model):
    """An entry of the official referential (INSEE COG): région, département, EPCI, commune.

    Rows are never deleted: a territory gone from a newer referential is kept with
    `is_current=False` and, when it merged, `replaced_by` its successor, so that the
    organisations and datasets pointing at it keep working.
    """

    class Kind(models.TextChoices):
        REGION = "region", "Région"
        DEPARTEMENT = "departement", "Département"
        EPCI = "epci", "EPCI"
        COMMUNE = "commune", "Commune"
        COMMUNE_DELEGUEE = "commune-deleguee", "Commune déléguée"
        COMMUNE_ASSOCIEE = "commune-associee", "Commune associée"
        ARRONDISSEMENT = "arrondissement-municipal", "Arrondissement municipal"

    kind = models.CharField("type", max_length=32, choices=Kind.choices)
    code = models.CharField(
        "code", max_length=9, help_text="Code INSEE (commune, département, région) ou SIREN (EPCI)."
    )
    name = models.CharField("nom", max_length=200)
    siren = models.CharField("SIREN", max_length=9, blank=True)
    epci_type = models.CharField(
        "nature de l'EPCI", max_length=8, blank=True, help_text="CC, CA, CU, METRO…"
    )
    postcodes = models.JSONField("codes postaux", default=list, blank=True)
    population = models.PositiveIntegerField("population", null=True, blank=True)
    region = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="région"
    )
    departement = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="département"
    )
    epci = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="member_communes",
        verbose_name="EPCI",
    )
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="commune de rattachement",
    )
    former_codes = models.JSONField("anciens codes", default=list, blank=True)
    is_current = models.BooleanField("en vigueur", default=True)
    replaced_by = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name="remplacée par",
    )
    vintage = models.CharField("millésime", max_length=100, blank=True)

    class Meta:
        verbose_name = "territoire"
        verbose_name_plural = "territoires"
        ordering = ["kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="territory_kind_code_unique")
        ]
        indexes = [models.Index(fields=["code"]), models.Index(fields=["siren"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()} {self.code})"

    def current(self) -> Territory:
        """The territory that stands for this one today (itself, or its successor)."""
        seen = {self.pk}
        territory = self
        while not territory.is_current and territory.replaced_by_id is not None:
            if territory.replaced_by_id in seen:
                break
            seen.add(territory.replaced_by_id)
            territory = territory.replaced_by  # type: ignore[assignment]
        return territory


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def active(self) -> OrganisationQuerySet:
        return self.filter(is_active=True)


class Organisation(models.Model):
    """Who publishes: a collectivity, a public body, an association…"""

    class Kind(models.TextChoices):
        REGION = "region", "Région"
        DEPARTEMENT = "departement", "Département"
        EPCI = "epci", "EPCI (intercommunalité)"
        COMMUNE = "commune", "Commune"
        SYNDICAT = "syndicat", "Syndicat"
        ETABLISSEMENT_PUBLIC = "etablissement-public", "Établissement public"
        CHAMBRE_CONSULAIRE = "chambre-consulaire", "Chambre consulaire"
        ASSOCIATION = "association", "Association"
        OTHER = "autre", "Autre"

    # Kinds that must be tied to a referential entry of the matching kind.
    REFERENTIAL_KINDS = {
        Kind.REGION: Territory.Kind.REGION,
        Kind.DEPARTEMENT: Territory.Kind.DEPARTEMENT,
        Kind.EPCI: Territory.Kind.EPCI,
        Kind.COMMUNE: Territory.Kind.COMMUNE,
    }

    name = models.CharField("nom", max_length=200)
    slug = models.SlugField("identifiant d'adresse", max_length=100, unique=True)
    acronym = models.CharField("sigle", max_length=40, blank=True)
    kind = models.CharField("type", max_length=32, choices=Kind.choices)
    siren = models.CharField(
        "SIREN", max_length=9, blank=True, validators=[validators.validate_siren]
    )
    siret = models.CharField(
        "SIRET du siège", max_length=14, blank=True, validators=[validators.validate_siret]
    )
    insee_code = models.CharField(
        "code INSEE", max_length=5, blank=True, validators=[validators.validate_insee_code]
    )
    territory = models.ForeignKey(
        Territory,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name="territoire du référentiel",
    )
    logo = models.ImageField("logo", upload_to="logos/organisations/", blank=True)
    description = models.TextField("présentation (Markdown)", blank=True, max_length=20_000)
    website = models.URLField("site web", blank=True, max_length=500)
    email = models.EmailField("courriel de contact", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    address = models.CharField("adresse postale", max_length=300, blank=True)
    managed_by = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed",
        verbose_name="géré par",
        help_text="Organisation mutualisatrice qui publie pour le compte de celle-ci.",
    )
    groups = models.ManyToManyField(
        "self",
        through="Membership",
        through_fields=("member", "group"),
        symmetrical=False,
        related_name="members",
        verbose_name="membre de",
        blank=True,
    )
    is_active = models.BooleanField("active", default=True)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisations"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = fold(
            " ".join(
                [self.name, self.acronym, self.insee_code, self.siren, self.get_kind_display()]
            )
        )
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.siren and self.siret and not self.siret.startswith(self.siren):
            errors["siret"] = "Le SIRET doit commencer par le SIREN de l'organisation."
        expected = self.REFERENTIAL_KINDS.get(self.kind)  # type: ignore[call-overload]
        territory = self.territory if self.territory_id is not None else None
        if territory is not None and expected is not None and territory.kind != expected:
            errors["territory"] = (
                f"Une organisation de type « {self.get_kind_display()} » se rattache à un "
                f"territoire de type « {Territory.Kind(expected).label} »."
            )
        if self.managed_by_id is not None:
            if self.managed_by_id == self.pk:
                errors["managed_by"] = "Une organisation ne peut pas se gérer elle-même."
            elif self.pk is not None and self._manager_chain_contains(self.pk):
                errors["managed_by"] = "Cette gestion créerait une boucle entre organisations."
        if errors:
            raise ValidationError(errors)

    def _manager_chain_contains(self, organisation_id: int) -> bool:
        seen: set[int] = set()
        current = self.managed_by
        while current is not None and current.pk not in seen:
            if current.pk == organisation_id:
                return True
            seen.add(current.pk)
            current = current.managed_by
        return False


class Membership(models.Model):
    """An organisation belongs to a grouping (commune ⊂ EPCI ⊂ département ⊂ région, or any)."""

    member = models.ForeignKey(
        Organisation, models.CASCADE, related_name="memberships", verbose_name="membre"
    )
    group = models.ForeignKey(
        Organisation, models.CASCADE, related_name="member_links", verbose_name="groupement"
    )
    from_referential = models.BooleanField(
        "déduite du référentiel",
        default=False,
        help_text="Créée d'après le référentiel INSEE (commune ⊂ EPCI ⊂ département ⊂ région).",
    )
    created_at = models.DateTimeField("depuis le", auto_now_add=True)

    class Meta:
        verbose_name = "adhésion"
        verbose_name_plural = "adhésions"
        constraints = [
            models.UniqueConstraint(fields=["member", "group"], name="membership_unique"),
            models.CheckConstraint(
                condition=~Q(member=models.F("group")), name="membership_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} ⊂ {self.group}"


class PortalQuerySet(models.QuerySet["Portal"]):
    def platform(self) -> Portal:
        """The platform's own portal, created on first use."""
        existing: Portal | None = self.filter(is_platform=True).first()
        if existing is not None:
            return existing
        created: Portal = self.get_or_create(
            slug="plateforme",
            defaults={"name": "Plateforme open data", "is_platform": True},
        )[0]
        return created


class Portal(models.Model):
    """A branded front of the platform, on its own domain or under /p/<slug>/."""

    name = models.CharField("nom", max_length=120)
    slug = models.SlugField(
        "identifiant d'adresse",
        max_length=60,
        unique=True,
        help_text="Le portail répond aussi à l'adresse /p/<identifiant>/.",
    )
    is_platform = models.BooleanField(
        "portail de la plateforme",
        default=False,
        help_text="Le portail de la plateforme montre les données de toutes les organisations.",
    )
    organisation = models.ForeignKey(
        Organisation,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="portals",
        verbose_name="organisation",
    )
    include_members = models.BooleanField(
        "inclure les membres",
        default=False,
        help_text="Montrer aussi les données des organisations membres (communes d'un EPCI…).",
    )
    tagline = models.CharField("accroche", max_length=200, blank=True)
    home_text = models.TextField("texte d'accueil (Markdown)", blank=True, max_length=20_000)
    logo = models.ImageField("logo", upload_to="logos/portals/", blank=True)
    favicon = models.ImageField("icône d'onglet", upload_to="logos/favicons/", blank=True)
    primary_colour = models.CharField(
        "couleur principale",
        max_length=7,
        default="#1f4e79",
        validators=[validators.validate_hex_colour],
    )
    accent_colour = models.CharField(
        "couleur d'accent",
        max_length=7,
        default="#e8f0f8",
        validators=[validators.validate_hex_colour],
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = PortalQuerySet.as_manager()

    class Meta:
        verbose_name = "portail"
        verbose_name_plural = "portails"
        ordering = ["-is_platform", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_platform"],
                condition=Q(is_platform=True),
                name="portal_single_platform",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not self.is_platform and self.organisation_id is None:
            raise ValidationError(
                {
                    "organisation": "Un portail autre que celui de la plateforme montre les "
                    "données d'une organisation : choisissez-la."
                }
            )


class PortalDomain(models.Model):
    """A host name a portal answers on."""

    portal = models.ForeignKey(
        Portal, models.CASCADE, related_name="domains", verbose_name="portail"
    )
    host = models.CharField(
        "nom de domaine",
        max_length=253,
        unique=True,
        validators=[validators.validate_hostname],
        help_text="Sans http:// ni chemin, par exemple data.quimper.bzh.",
    )
    is_primary = models.BooleanField("domaine principal", default=False)

    class Meta:
        verbose_name = "domaine"
        verbose_name_plural = "domaines"
        ordering = ["-is_primary", "host"]

    def __str__(self) -> str:
        return self.host

    def save(self, *args: object, **kwargs: object) -> None:
        self.host = self.host.strip().lower().rstrip(".")
        super().save(*args, **kwargs)  # type: ignore[arg-type]
