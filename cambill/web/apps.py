from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "cambill.web"
    label = "web"

    def ready(self) -> None:
        # The background export of list pages needs the pages themselves.
        from cambill.web.core.exports import register

        register()
