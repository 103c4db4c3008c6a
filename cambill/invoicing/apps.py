from django.apps import AppConfig


class InvoicingConfig(AppConfig):
    name = "cambill.invoicing"
    label = "invoicing"

    def ready(self) -> None:
        from .hooks import subscribe_webhooks

        subscribe_webhooks()
