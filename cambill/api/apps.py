from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cambill.api"
    label = "api"
