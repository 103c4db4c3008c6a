"""Reads of the webhooks domain, for the layers above it."""

from __future__ import annotations


def field_max_length(model: str, field: str) -> int:
    """The ``max_length`` of a text field of one of this domain's models
    (``field_max_length("WebhookEndpoint", ...)``), for serializers
    that do not bind the model: the layers above never import ``models``."""
    from cambill.core.validation import model_max_length

    from . import models as domain_models

    return model_max_length(getattr(domain_models, model), field)
