from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "cambill.webhooks"
    label = "webhooks"
