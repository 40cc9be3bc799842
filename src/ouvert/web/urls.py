from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from ouvert.web.forms import LoginForm
from ouvert.web.views import catalog, files, pages, people, privacy, publishing, schemas

app_name = "web"

urlpatterns = [
    path("", pages.home, name="home"),
    path("theme.css", pages.theme_css, name="theme"),
    path("recherche/", pages.search, name="search"),
    path("jeux-de-donnees/", catalog.dataset_search, name="dataset_search"),
    path("jeux-de-donnees/<slug:slug>/", catalog.dataset_detail, name="dataset_detail"),
    path(
        "jeux-de-donnees/<slug:slug>/ressources/<uuid:uid>/telecharger/",
        catalog.resource_latest,
        name="resource_latest",
    ),
    path(
        "telechargement/<uuid:uid>/tableau/<str:filename>",
        files.table_download,
        name="table_download",
    ),
    path(
        "telechargement/<uuid:uid>/<str:filename>",
        files.version_download,
        name="version_download",
    ),
    path("images/<path:name>", files.image, name="image"),
    path("schemas/", schemas.schema_list, name="schema_list"),
    path("schemas/<path:name>@<str:version>/", schemas.schema_detail, name="schema_detail"),
    path(
        "schemas/<path:name>@<str:version>/modele.<str:fmt>",
        schemas.schema_template,
        name="schema_template",
    ),
    path(
        "jeux-de-donnees/<slug:slug>/ressources/<uuid:uid>/validation/",
        schemas.validation_report,
        name="validation_report",
    ),
    path(
        "jeux-de-donnees/<slug:slug>/ressources/<uuid:uid>/validation.json",
        schemas.validation_report_json,
        name="validation_report_json",
    ),
    path("espace/", publishing.dashboard, name="publishing_dashboard"),
    path("espace/versions/<uuid:uid>/publier/", privacy.release, name="publishing_release"),
    path("espace/versions/<uuid:uid>/corriger/", privacy.remedy, name="publishing_remedy"),
    path("espace/versions/<uuid:uid>/reparer/", schemas.apply_repairs, name="publishing_repairs"),
    path("espace/journal/", privacy.audit_log, name="audit_log"),
    path("espace/journal.csv", privacy.audit_csv, name="audit_csv"),
    path("espace/nouveau/", publishing.dataset_create, name="publishing_create"),
    path("espace/jeux/<slug:slug>/", publishing.dataset_manage, name="publishing_dataset"),
    path("espace/jeux/<slug:slug>/modifier/", publishing.dataset_edit, name="publishing_edit"),
    path("espace/jeux/<slug:slug>/schema/", publishing.dataset_schema, name="publishing_schema"),
    path(
        "espace/jeux/<slug:slug>/statut/<str:action>/",
        publishing.dataset_status,
        name="publishing_status",
    ),
    path("espace/jeux/<slug:slug>/supprimer/", publishing.dataset_delete, name="publishing_delete"),
    path(
        "espace/jeux/<slug:slug>/ressources/fichier/",
        publishing.resource_upload,
        name="publishing_upload",
    ),
    path(
        "espace/jeux/<slug:slug>/ressources/lien/",
        publishing.resource_link,
        name="publishing_link",
    ),
    path(
        "espace/versions/<uuid:uid>/etat/",
        publishing.version_state,
        name="publishing_version_state",
    ),
    path(
        "espace/jeux/<slug:slug>/ressources/<uuid:uid>/version/",
        publishing.version_upload,
        name="publishing_version",
    ),
    path("organisations/", pages.organisation_list, name="organisation_list"),
    path("organisations/<slug:slug>/", pages.organisation_detail, name="organisation_detail"),
    path("organisations/<slug:slug>/modifier/", people.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<slug:slug>/administration/",
        people.organisation_admin,
        name="organisation_admin",
    ),
    path(
        "organisations/<slug:slug>/membres/<int:member_id>/role/",
        people.member_role,
        name="member_role",
    ),
    path(
        "organisations/<slug:slug>/membres/<int:member_id>/retirer/",
        people.member_remove,
        name="member_remove",
    ),
    path(
        "organisations/<slug:slug>/invitations/<int:invitation_id>/annuler/",
        people.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/<str:token>/", people.invitation, name="invitation"),
    path("compte/", people.account, name="account"),
    path("compte/jetons/<int:token_id>/revoquer/", people.revoke_token, name="token_revoke"),
    path(
        "connexion/",
        people.LoginView.as_view(
            template_name="registration/ouvert_login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path(
        "deconnexion/",
        auth_views.LogoutView.as_view(),
        name="logout",
    ),
    path(
        "compte/mot-de-passe/",
        auth_views.PasswordChangeView.as_view(
            template_name="registration/ouvert_password_change_form.html",
            success_url=reverse_lazy("web:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "compte/mot-de-passe/modifie/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/ouvert_password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "mot-de-passe/oubli/",
        people.PasswordResetView.as_view(
            template_name="registration/ouvert_password_reset_form.html",
            success_url=reverse_lazy("web:password_reset_done"),
            email_template_name="registration/ouvert_password_reset_email.txt",
            subject_template_name="registration/ouvert_password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "mot-de-passe/oubli/envoye/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="registration/ouvert_password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/ouvert_password_reset_confirm.html",
            success_url=reverse_lazy("web:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/ouvert_password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
