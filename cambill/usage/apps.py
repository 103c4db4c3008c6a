from django.apps import AppConfig


class UsageConfig(AppConfig):
    name = "cambill.usage"
    label = "usage"
