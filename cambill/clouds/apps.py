from django.apps import AppConfig


class CloudsConfig(AppConfig):
    name = "cambill.clouds"
    label = "clouds"
