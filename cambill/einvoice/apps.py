from django.apps import AppConfig


class EInvoiceConfig(AppConfig):
    name = "cambill.einvoice"
    label = "einvoice"

    def ready(self) -> None:
        from .subscriptions import subscribe_to_invoicing

        subscribe_to_invoicing()
