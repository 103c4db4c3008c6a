from django.apps import AppConfig


class SandboxConfig(AppConfig):
    """Model-less: the sandbox's management commands (``demo-data``, ``demo-serve``,
    ``demo-flow``, ``fake-watcher``). Installed by ``cambill.settings`` by name only
    when ``CAMBILL_SANDBOX`` allows it and the package is importable."""

    name = "cambill_sandbox"
    label = "sandbox"
