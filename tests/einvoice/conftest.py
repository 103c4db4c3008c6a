"""Fixtures of the e-invoicing tests."""

from .sandbox import pac  # noqa: F401
