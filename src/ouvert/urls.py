"""URL wiring: pages, API, Django admin for platform admins."""

from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from ouvert.api import explore, tabular
from ouvert.api.urls import api
from ouvert.federation.dcat import views as dcat_views
from ouvert.federation.feeds import DatasetAtomFeed, DatasetFeed
from ouvert.federation.sitemaps import sitemaps_for


def sitemap(request: HttpRequest) -> HttpResponse:
    return sitemap_views.sitemap(request, sitemaps=sitemaps_for(request))


def platform_admins_only(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


admin.site.has_permission = platform_admins_only  # type: ignore[method-assign]
admin.site.site_header = "Administration de la plateforme ouvert"
admin.site.site_title = "ouvert"
admin.site.index_title = "Administration technique"

handler400 = "ouvert.web.views.errors.bad_request"
handler403 = "ouvert.web.views.errors.forbidden"
handler404 = "ouvert.web.views.errors.not_found"
handler500 = "ouvert.web.views.errors.server_error"

explore_v21 = [
    path("catalog/datasets", explore.catalog_datasets, name="ods_datasets"),
    path("catalog/datasets/<str:dataset_id>", explore.catalog_dataset, name="ods_dataset"),
    path("catalog/datasets/<str:dataset_id>/records", explore.records, name="ods_records"),
    path(
        "catalog/datasets/<str:dataset_id>/records/<str:record_id>",
        explore.record,
        name="ods_record",
    ),
    path("catalog/datasets/<str:dataset_id>/facets", explore.facets, name="ods_facets"),
    path("catalog/datasets/<str:dataset_id>/exports", explore.export_list, name="ods_exports"),
    path(
        "catalog/datasets/<str:dataset_id>/exports/<str:format>",
        explore.export,
        name="ods_export",
    ),
]
api_tabular = [
    path("data/", tabular.data, name="tabular_data"),
    path("data/csv/", tabular.data_csv, name="tabular_csv"),
    path("data/json/", tabular.data_json, name="tabular_json"),
    path("profile/", tabular.profile, name="tabular_profile"),
    path("swagger/", tabular.swagger, name="tabular_swagger"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/explore/v2.1/", include(explore_v21)),
    path("api/resources/<uuid:rid>/", include(api_tabular)),
    path("api/", api.urls),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("catalog", dcat_views.catalog, name="dcat_catalog"),
    path("catalog.ttl", dcat_views.catalog, {"fmt": "ttl"}, name="dcat_ttl"),
    path("catalog.rdf", dcat_views.catalog, {"fmt": "rdf"}, name="dcat_rdf"),
    path("catalog.jsonld", dcat_views.catalog, {"fmt": "jsonld"}, name="dcat_jsonld"),
    path("flux/jeux-de-donnees.rss", DatasetFeed(), name="feed_rss"),
    path("flux/jeux-de-donnees.atom", DatasetAtomFeed(), name="feed_atom"),
    path("espace/moissonnage/", include("ouvert.harvesting.urls")),
    path("", include("ouvert.web.urls")),
]
