from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cambill.notifications"
    label = "notifications"

    def ready(self) -> None:
        from .subscriptions import subscribe_to_invoicing

        subscribe_to_invoicing()
