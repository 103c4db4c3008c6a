"""Checks shared by services: currencies, time zones, percentages, amounts."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import DomainError, ErrorCode, validation
from .money import PRICE_PLACES, is_currency
from .periods import is_timezone


def check_currency(value: Any, field: str = "currency") -> str:
    if not isinstance(value, str) or not is_currency(value):
        raise validation(
            field, f"'{value}' is not an ISO 4217 currency code.", ErrorCode.UNKNOWN_CURRENCY
        )
    return value


def check_timezone(value: Any, field: str = "timezone") -> str:
    if not isinstance(value, str) or not is_timezone(value):
        raise validation(field, f"'{value}' is not an IANA time zone.", ErrorCode.UNKNOWN_TIMEZONE)
    return value


def to_decimal(value: Any, field: str) -> Decimal:
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise validation(field, f"'{value}' is not a number.") from None
    if not d.is_finite():
        raise validation(field, "Must be a finite number.")
    return d


def check_amount(value: Any, field: str, places: int = PRICE_PLACES) -> Decimal:
    d = to_decimal(value, field)
    if d < 0:
        raise validation(field, "Must not be negative.", ErrorCode.NEGATIVE_AMOUNT)
    if d.as_tuple().exponent < -places:  # type: ignore[operator]
        raise validation(field, f"At most {places} decimal places.")
    if d >= Decimal(10) ** 12:
        raise validation(field, "Too large.")
    return d


def check_percent(value: Any, field: str) -> Decimal:
    d = to_decimal(value, field)
    if d < 0 or d > 100:
        raise validation(field, "Must be between 0 and 100.")
    if d.as_tuple().exponent < -4:  # type: ignore[operator]
        raise validation(field, "At most 4 decimal places.")
    return d


def check_text(value: Any, field: str, *, max_length: int, required: bool = True) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise validation(field, "Must be text.")
    value = value.strip()
    if required and not value:
        raise validation(field, "This field is required.")
    if len(value) > max_length:
        raise validation(field, f"At most {max_length} characters.")
    return value


def check_code(value: Any, field: str = "code", *, max_length: int = 64) -> str:
    value = check_text(value, field, max_length=max_length)
    import re

    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", value):
        raise validation(
            field, "Use letters, digits, '-', '_' and '.', starting with a letter or digit."
        )
    return value


def duplicate(field: str, what: str, value: str) -> DomainError:
    return DomainError(
        ErrorCode.DUPLICATE,
        f"A {what} with {field} '{value}' already exists.",
        {field: [f"'{value}' is taken."]},
    )
