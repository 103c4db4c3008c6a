"""The e-invoicing domain's enumerations, for the API and the pages (which never
import ``models``; docs/decisions/0013-layers-read-through-selectors.md)."""

from __future__ import annotations

from .models import DocumentKind, DocumentStatus

__all__ = ["DocumentKind", "DocumentStatus"]
