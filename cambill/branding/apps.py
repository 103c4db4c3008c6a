from django.apps import AppConfig


class BrandingConfig(AppConfig):
    name = "cambill.branding"
    label = "branding"
    verbose_name = "Branding"
