from django.apps import AppConfig


class InvoicingConfig(AppConfig):
    name = "cambill.invoicing"
    label = "invoicing"
