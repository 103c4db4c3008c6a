from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "cambill.catalog"
    label = "catalog"
