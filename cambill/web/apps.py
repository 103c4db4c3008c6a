from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "cambill.web"
    label = "web"
