from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cambill.core"
    label = "core"
