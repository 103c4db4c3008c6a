from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "cambill.metrics"
    label = "metrics"
