from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "cambill.referrals"
    label = "referrals"

    def ready(self) -> None:
        from .subscriptions import subscribe_to_invoicing

        subscribe_to_invoicing()
