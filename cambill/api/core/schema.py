"""The OpenAPI schema tells the truth about every operation.

* Every refusal the API can answer is documented with the one error shape
  (``Error``: ``{"code", "message", "fields"}``): 400, 401, 403, 404, 406 and
  429 on every operation, 409 on every write (and on every Watcher operation: no
  enabled connection), 413 and 415 where a body is read.
* A request body of an ``Input`` serializer refuses unknown keys, so its schema
  says ``additionalProperties: false``.
* Decimals are read from a JSON string (``"12.00"``) or a number; the schema
  says exactly that (``oneOf`` a decimal-looking string or a number).

``CambillAutoSchema`` is ``DEFAULT_SCHEMA_CLASS``; ``postprocess`` is a
``POSTPROCESSING_HOOKS`` entry of ``SPECTACULAR_SETTINGS``.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import force_instance, is_serializer
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from .common import DECIMAL_PATTERN, Input


@extend_schema_serializer(component_name="Error")
class ErrorSerializer(serializers.Serializer):
    """The body of every refusal."""

    code = serializers.CharField(
        help_text="A stable machine-readable code, e.g. validation_error, not_found, "
        "forbidden, not_authenticated, duplicate, conflict, throttled."
    )
    message = serializers.CharField(
        help_text="What went wrong, for a person; when several fields are refused, "
        "each as 'field: message', separated by '; '."
    )
    # DRF's metaclass takes declared fields off the class, so the name cannot shadow
    # Serializer.fields at runtime; mypy only sees the class attribute.
    fields = serializers.DictField(  # type: ignore[assignment]
        help_text="Per input field (dotted for nested fields), the list of its errors; "
        "empty when the refusal names no field. Every refused field of the request is "
        "listed at once (fix them all, then send again); several refused fields make a "
        "validation_error (400) unless they share one code."
    )


ERROR_DESCRIPTIONS = {
    "400": "Malformed request or invalid input (bad JSON, a field or query parameter "
    "of the wrong shape, a business rule refused).",
    "401": "No credentials, or an invalid or revoked token.",
    "403": "Your role may not do this.",
    "404": "No such object, not in your scope, or no such page.",
    "406": "The Accept header asks for a format the API does not serve.",
    "409": "Conflicts with the current state (duplicate, overlapping, immutable, wrong state; "
    "for the Watcher's operations also: the cloud has no enabled Watcher connection).",
    "413": "The request body is too large.",
    "415": "The body is not JSON (or not the media type this operation reads).",
    "429": "Too many requests; try again later.",
    "502": "The cloud's Watcher could not be reached or refused the request.",
}

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class CambillAutoSchema(AutoSchema):
    def _error_codes(self) -> list[str]:
        codes = ["400", "401", "403", "404", "406", "429"]
        if self.method in WRITE_METHODS:
            codes.append("409")
        if self.method in {"POST", "PUT", "PATCH"}:
            codes += ["413", "415"]
        if type(self.view).__module__.startswith("cambill.api.watcher"):
            if "409" not in codes:
                codes.append("409")  # reads too: the cloud has no enabled Watcher connection
            codes.append("502")  # the cloud's Watcher unreachable or refusing
        return codes

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code in responses:
                continue
            body = self._get_response_for_code(ErrorSerializer, code, direction=direction)
            body["description"] = ERROR_DESCRIPTIONS[code]
            responses[code] = body
        return dict(sorted(responses.items()))

    def _get_paginator(self) -> Any:
        # A hand-written action that answers a plain list says so on its view.
        if getattr(self.view, "action", None) in getattr(self.view, "unpaginated_actions", ()):
            return None
        return super()._get_paginator()

    def _get_request_body(self, direction: Any = "request") -> Any:
        # A body none of whose fields is required may be left out: the view reads
        # a missing body as {} (so the schema must not call it required).
        body = super()._get_request_body(direction)
        serializer = self.get_request_serializer()
        if body and body.get("required") and is_serializer(serializer):
            fields = getattr(force_instance(serializer), "fields", None)
            if fields is not None and not any(
                f.required for f in fields.values() if not f.read_only
            ):
                body["required"] = False
        return body

    def _map_basic_serializer(self, serializer: Any, direction: Any) -> dict[str, Any]:

        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "request" and isinstance(serializer, Input):
            schema["additionalProperties"] = False
        return schema


class DecimalInExtension(OpenApiSerializerFieldExtension):
    target_class = "cambill.api.core.common.DecimalIn"

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        return {
            "oneOf": [
                {"type": "string", "format": "decimal", "pattern": DECIMAL_PATTERN},
                {"type": "number"},
            ]
        }


def postprocess(result: dict[str, Any], generator: Any, request: Any, public: bool) -> Any:
    """Sort nothing, drop nothing: a place for whole-schema fixes."""
    return result
