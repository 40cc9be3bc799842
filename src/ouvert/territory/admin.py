from django.contrib import admin
from django.http import HttpRequest

from ouvert.territory.models import Membership, Organisation, Portal, PortalDomain, Territory


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "population", "is_current"]
    list_filter = ["kind", "is_current"]
    search_fields = ["code", "name", "siren"]
    raw_id_fields = ["region", "departement", "epci", "parent", "replaced_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the referential comes from INSEE only: `ouvert load-referential`

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "member"
    extra = 0
    raw_id_fields = ["group"]
    verbose_name = "adhésion à un groupement"
    verbose_name_plural = "adhésions à des groupements"


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "siren", "insee_code", "managed_by", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "acronym", "siren", "insee_code"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["territory", "managed_by"]
    inlines = [MembershipInline]


class PortalDomainInline(admin.TabularInline):
    model = PortalDomain
    extra = 1


@admin.register(Portal)
class PortalAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "organisation", "is_platform", "include_members"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["organisation"]
    inlines = [PortalDomainInline]
