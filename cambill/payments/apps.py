from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "cambill.payments"
    label = "payments"

    def ready(self) -> None:
        from .subscriptions import subscribe_to_invoicing

        subscribe_to_invoicing()
