from django.apps import AppConfig


class FlowConfig(AppConfig):
    """Model-less: only the ``demo-flow`` command and the flow's steps."""

    name = "cambill.flow"
    label = "flow"
