from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ouvert.accounts"
    verbose_name = "Comptes et droits"
