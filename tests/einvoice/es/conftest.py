"""Fixtures of the Verifactu tests."""

from .helpers import aeat  # noqa: F401
