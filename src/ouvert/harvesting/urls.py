from django.urls import path

from ouvert.harvesting import views

app_name = "harvesting"

urlpatterns = [
    path("", views.source_list, name="source_list"),
    path("ajouter/", views.source_add, name="source_add"),
    path("<int:pk>/", views.source_detail, name="source_detail"),
    path("<int:pk>/moissonner/", views.source_run, name="source_run"),
    path("<int:pk>/activation/", views.source_toggle, name="source_toggle"),
    path("<int:pk>/moissonnages/<int:run_id>/", views.run_detail, name="run_detail"),
]
