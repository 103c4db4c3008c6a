"""Error codes shared by services, the API and the pages.

A service raises ``DomainError(code, message, fields)``; the API turns it into a
4xx with ``{"code", "message", "fields"}`` and the pages into a form error.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    VALIDATION = "validation_error"
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    NOT_AUTHENTICATED = "not_authenticated"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"
    UNKNOWN_CURRENCY = "unknown_currency"
    UNKNOWN_TIMEZONE = "unknown_timezone"
    NEGATIVE_AMOUNT = "negative_amount"
    OVERLAPPING_INTERVAL = "overlapping_interval"
    TARIFF_NOT_ALLOWED = "tariff_not_allowed"
    TARIFF_NOT_SELF_SERVICE = "tariff_not_self_service"
    BAD_PERIOD = "bad_period"
    PERIOD_NOT_CLOSED = "period_not_closed"
    INVOICE_IMMUTABLE = "invoice_immutable"
    INVALID_STATE = "invalid_state"
    MALFORMED = "malformed_request"
    THROTTLED = "throttled"
    CYCLE = "cycle"
    # legal e-invoices: a signing certificate refused on upload (cambill.einvoice)
    CERTIFICATE_UNREADABLE = "certificate_unreadable"
    CERTIFICATE_WRONG_PASSWORD = "certificate_wrong_password"
    CERTIFICATE_KEY_MISMATCH = "certificate_key_mismatch"
    CERTIFICATE_EXPIRED = "certificate_expired"
    CERTIFICATE_TAX_ID_MISMATCH = "certificate_tax_id_mismatch"
    # branding: a colour or a logo refused (cambill.branding.rules)
    BAD_COLOUR = "bad_colour"
    LOW_CONTRAST = "low_contrast"
    LOGO_TOO_LARGE = "logo_too_large"
    LOGO_UNREADABLE = "logo_unreadable"
    LOGO_UNSAFE = "logo_unsafe"


# HTTP status per code; anything not listed is a 400.
HTTP_STATUS: dict[ErrorCode, int] = {
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.NOT_AUTHENTICATED: 401,
    ErrorCode.DUPLICATE: 409,
    ErrorCode.CONFLICT: 409,
    ErrorCode.OVERLAPPING_INTERVAL: 409,
    ErrorCode.INVOICE_IMMUTABLE: 409,
    ErrorCode.INVALID_STATE: 409,
    ErrorCode.THROTTLED: 429,
    ErrorCode.LOGO_TOO_LARGE: 413,
}


class DomainError(Exception):
    """A refusal with a stable code, a human message and optional field errors."""

    def __init__(self, code: ErrorCode, message: str, fields: dict[str, Any] | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields = fields or {}

    @property
    def http_status(self) -> int:
        return HTTP_STATUS.get(self.code, 400)

    def as_dict(self) -> dict[str, Any]:
        return {"code": str(self.code), "message": self.message, "fields": self.fields}


class NotFound(DomainError):
    """Same answer for "does not exist" and "not yours" (no existence oracle)."""

    def __init__(self, what: str = "object"):
        super().__init__(ErrorCode.NOT_FOUND, f"No such {what}.")


class Forbidden(DomainError):
    def __init__(self, message: str = "Your role may not do this."):
        super().__init__(ErrorCode.FORBIDDEN, message)


def validation(field: str, message: str, code: ErrorCode = ErrorCode.VALIDATION) -> DomainError:
    return DomainError(code, message, {field: [message]})
