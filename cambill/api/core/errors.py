"""One error shape everywhere: ``{"code", "message", "fields"}``."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as ModelValidationError
from django.http import Http404
from django.utils.translation import gettext
from rest_framework import exceptions, status
from rest_framework.response import Response

from cambill.core.errors import NOT_FOUND_MESSAGES, DomainError, ErrorCode
from cambill.core.validation import from_validation_error

from .parsers import RequestTooLarge, too_large

# HTTP-level refusals that are no domain rule; stable strings like the ErrorCode values.
METHOD_NOT_ALLOWED = "method_not_allowed"
NOT_ACCEPTABLE = "not_acceptable"
REQUEST_TOO_LARGE = "request_too_large"


_DRF_CODES: dict[type[exceptions.APIException], str] = {
    exceptions.NotAuthenticated: ErrorCode.NOT_AUTHENTICATED,
    exceptions.AuthenticationFailed: ErrorCode.NOT_AUTHENTICATED,
    exceptions.PermissionDenied: ErrorCode.FORBIDDEN,
    exceptions.NotFound: ErrorCode.NOT_FOUND,
    exceptions.ParseError: ErrorCode.MALFORMED,
    exceptions.UnsupportedMediaType: ErrorCode.MALFORMED,
    exceptions.Throttled: ErrorCode.THROTTLED,
    exceptions.ValidationError: ErrorCode.VALIDATION,
    exceptions.MethodNotAllowed: METHOD_NOT_ALLOWED,
    exceptions.NotAcceptable: NOT_ACCEPTABLE,
    RequestTooLarge: REQUEST_TOO_LARGE,
}


def _first_leaf(fields: Any, path: str = "") -> tuple[str, str] | None:
    """The first error of a (possibly nested) field map as ``("prices[1].amount", message)``."""
    if isinstance(fields, dict):
        for key, value in fields.items():
            sub = (
                f"{path}[{key}]" if str(key).isdigit() else (f"{path}.{key}" if path else str(key))
            )
            found = _first_leaf(value, sub)
            if found is not None:
                return found
        return None
    if isinstance(fields, list):
        for i, value in enumerate(fields):
            if isinstance(value, dict | list):
                found = _first_leaf(value, f"{path}[{i}]")
                if found is not None:
                    return found
            else:
                return path, str(value)
        return None
    return path, str(fields)


def _flatten(detail: Any) -> dict[str, Any]:
    if isinstance(detail, dict):
        return {
            k: [str(x) for x in (v if isinstance(v, list) else [v])]
            if not isinstance(v, dict)
            else _flatten(v)
            for k, v in detail.items()
        }
    if isinstance(detail, list):
        return {"non_field_errors": [str(x) for x in detail]}
    return {}


def error_response(
    code: str, message: str, fields: dict[str, Any] | None = None, http_status: int = 400
) -> Response:
    return Response({"code": code, "message": message, "fields": fields or {}}, status=http_status)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ModelValidationError):
        # A model check (``full_clean``, a field validator) that escaped a verb:
        # the same 400 and per-field messages as ``validate_model`` gives.
        exc = from_validation_error(exc)
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=exc.http_status)
    if isinstance(exc, RequestDataTooBig):
        # Django's own guard (form and multipart bodies): a 413 in the error shape.
        exc = too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
    elif isinstance(exc, TooManyFieldsSent):
        exc = exceptions.ParseError(gettext("Too many fields."))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(NOT_FOUND_MESSAGES["object"]))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.APIException):
        code = next((c for t, c in _DRF_CODES.items() if isinstance(exc, t)), ErrorCode.VALIDATION)
        if isinstance(exc, exceptions.ValidationError):
            fields = _flatten(exc.detail)
            first = _first_leaf(fields)
            message = gettext("Invalid input.") if first is None else f"{first[0]}: {first[1]}"
        else:
            fields = {}
            message = (
                str(exc.detail)
                if not isinstance(exc.detail, dict | list)
                else gettext("Request refused.")
            )
        resp = Response(
            {"code": str(code), "message": message, "fields": fields}, status=exc.status_code
        )
        # Throttled.wait is set in its __init__; DRF's stubs do not declare it.
        wait = getattr(exc, "wait", None) if isinstance(exc, exceptions.Throttled) else None
        if wait is not None:
            resp["Retry-After"] = str(math.ceil(wait))
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            resp["WWW-Authenticate"] = 'Bearer realm="cambill"'
            resp.status_code = status.HTTP_401_UNAUTHORIZED
        return resp
    return None
