from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "cambill.payments"
    label = "payments"
