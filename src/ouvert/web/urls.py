from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from ouvert.web.forms import LoginForm
from ouvert.web.views import pages, people

app_name = "web"

urlpatterns = [
    path("", pages.home, name="home"),
    path("theme.css", pages.theme_css, name="theme"),
    path("recherche/", pages.search, name="search"),
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
        auth_views.LoginView.as_view(
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
        auth_views.PasswordResetView.as_view(
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
