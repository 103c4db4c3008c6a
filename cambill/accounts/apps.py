from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cambill.accounts"
    label = "accounts"
