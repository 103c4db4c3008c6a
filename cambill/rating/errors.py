"""Errors of the rating engine.

All are ``ValueError`` subclasses with a message a billing operator can act on:
rating refuses to guess a price or bill a malformed history, because a silent
guess becomes an issued invoice that can only be corrected by a credit note.
"""

from __future__ import annotations


class RatingError(ValueError):
    """Base class: the input data cannot be rated as given."""


class BadInterval(RatingError):
    """A naive datetime, an interval ending before it starts, or overlapping intervals."""


class UnknownTariff(RatingError):
    """An interval names a tariff that was not passed to the engine."""


class MissingPrice(RatingError):
    """A billed day has no price in effect (tariff or service price)."""
