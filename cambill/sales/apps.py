from django.apps import AppConfig


class SalesConfig(AppConfig):
    name = "cambill.sales"
    label = "sales"

    def ready(self) -> None:
        from .subscriptions import subscribe_to_invoicing

        subscribe_to_invoicing()
