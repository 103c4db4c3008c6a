"""Request body parsers of the API: bounded in size and depth, errors in the error shape.

``JSONParser`` is DRF's default parser here (``REST_FRAMEWORK`` settings) and
the base view's: every JSON endpoint reads its body through
:func:`cambill.core.jsonin.loads` (depth at most ``MAX_DEPTH``, storable
text, finite numbers). DRF hands the parser the raw request stream, which
Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` does not guard, so the parsers here
read at most ``max_body`` bytes (default: that setting) and answer ``413``
beyond it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.parsers import BaseParser
from rest_framework.parsers import JSONParser as DRFJSONParser

from cambill.core import jsonin
from cambill.core.errors import DomainError, ErrorCode


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


def body_limit(parser_context: Any, default: int | None = None) -> int:
    """The view's ``max_body`` if it sets one, else ``DATA_UPLOAD_MAX_MEMORY_SIZE``."""
    view = (parser_context or {}).get("view")
    limit = getattr(view, "max_body", None) or default
    if limit is None:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2_621_440
    return int(limit)


def too_large(limit: int) -> RequestTooLarge:
    return RequestTooLarge(
        _("The request body is larger than %(limit)s bytes; send less at a time.")
        % {"limit": limit}
    )


def read_body(stream: Any, parser_context: Any, default: int | None = None) -> bytes:
    """The body, at most the limit (refused from ``Content-Length`` before reading)."""
    limit = body_limit(parser_context, default)
    request = (parser_context or {}).get("request")
    meta = getattr(request, "META", None) or {}
    try:
        declared = int(meta.get("CONTENT_LENGTH") or 0)
    except (TypeError, ValueError):
        declared = 0
    if declared > limit:
        raise too_large(limit)
    if stream is None:
        return b""
    raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise too_large(limit)
    return bytes(raw)


class JSONParser(DRFJSONParser):
    """JSON read with orjson, depth-limited, text checked (see cambill.core.jsonin)."""

    max_depth = jsonin.MAX_DEPTH

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        raw = read_body(stream, parser_context)
        try:
            return jsonin.loads(raw, max_depth=self.max_depth)
        except jsonin.BadJSON as exc:
            raise exceptions.ParseError(str(exc)) from None


class TextParser(BaseParser):
    """A text body (UTF-8, BOM dropped), bounded like the JSON bodies."""

    media_type = "text/plain"

    def parse(  # type: ignore[override]
        self, stream: Any, media_type: Any = None, parser_context: Any = None
    ) -> str:
        raw = read_body(stream, parser_context)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DomainError(ErrorCode.MALFORMED, _("The body must be UTF-8.")) from None
        if "\x00" in text:
            raise DomainError(ErrorCode.MALFORMED, _("The body contains NUL characters."))
        return text
