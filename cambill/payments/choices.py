"""The payments domain's enumerations (choices), for the layers above it.

The API and the web layer never import ``models`` (the import-linter contract in
``pyproject.toml``); the enums they need are re-exported here. Defined in
``models.py`` next to their fields, so migrations and the admin keep their paths
(docs/decisions/0013-layers-read-through-selectors.md).
"""

from __future__ import annotations

from .models import (
    BankImportFormat,
    BankLineStatus,
    CheckoutStatus,
    GatewayKind,
    PaymentMethod,
    SuggestionStatus,
)

__all__ = [
    "BankImportFormat",
    "BankLineStatus",
    "CheckoutStatus",
    "GatewayKind",
    "PaymentMethod",
    "SuggestionStatus",
]
