from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "cambill.exports"
    label = "exports"

    def ready(self) -> None:
        from .builders import register_builtin

        register_builtin()
