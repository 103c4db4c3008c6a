"""Spain's Verifactu (AEAT): chained, hashed invoicing records sent to AEAT's web service."""

from .adapter import VerifactuAdapter

__all__ = ["VerifactuAdapter"]
