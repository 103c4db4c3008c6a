from django.apps import AppConfig


class EInvoiceConfig(AppConfig):
    name = "cambill.einvoice"
    label = "einvoice"
