"""Error codes shared by services, the API and the pages.

A service raises ``DomainError(code, message, fields)``; the API turns it into a
4xx with ``{"code", "message", "fields"}`` and the pages into a form error.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _


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


# The message of a 404 per kind of object, each a whole sentence for the
# catalogue (an article and gender differ per noun in Spanish and Portuguese).
# A test checks that every ``NotFound("...")`` of the code has its sentence.
NOT_FOUND_MESSAGES = {
    "account": _("No such account."),
    "agent": _("No such agent."),
    "bank import": _("No such bank import."),
    "bank line": _("No such bank line."),
    "bill run": _("No such bill run."),
    "camera": _("No such camera."),
    "card": _("No such card."),
    "certificate": _("No such certificate."),
    "charge": _("No such charge."),
    "checkout session": _("No such checkout session."),
    "cloud": _("No such cloud."),
    "coupon": _("No such coupon."),
    "delivery": _("No such delivery."),
    "device": _("No such device."),
    "e-invoice": _("No such e-invoice."),
    "endpoint": _("No such endpoint."),
    "export": _("No such export."),
    "invoice": _("No such invoice."),
    "issue job": _("No such issue job."),
    "job": _("No such job."),
    "meter": _("No such meter."),
    "notification": _("No such notification."),
    "object": _("No such object."),
    "payment": _("No such payment."),
    "product": _("No such product."),
    "push": _("No such push."),
    "referral programme": _("No such referral programme."),
    "service": _("No such service."),
    "sign-up link": _("No such sign-up link."),
    "suggestion": _("No such suggestion."),
    "tariff": _("No such tariff."),
    "template": _("No such template."),
    "token": _("No such token."),
    "user": _("No such user."),
    "Watcher connection": _("No such Watcher connection."),
}


class NotFound(DomainError):
    """Same answer for "does not exist" and "not yours" (no existence oracle).

    ``what`` names the kind of object (a key of ``NOT_FOUND_MESSAGES``); the
    message is read in the active language, like every message of a service."""

    def __init__(self, what: str = "object"):
        known = NOT_FOUND_MESSAGES.get(what)
        message = (
            str(known)
            if known is not None
            else pgettext("not found", "No such %(what)s.") % {"what": what}
        )
        super().__init__(ErrorCode.NOT_FOUND, message)
        self.what = what


class Forbidden(DomainError):
    def __init__(self, message: str | None = None):
        super().__init__(
            ErrorCode.FORBIDDEN,
            message if message is not None else gettext("Your role may not do this."),
        )


def validation(field: str, message: str, code: ErrorCode = ErrorCode.VALIDATION) -> DomainError:
    return DomainError(code, message, {field: [message]})
