"""Pieces every API module shares: fields, the strict input serializer, the base view.

Serializers here VALIDATE SHAPE ONLY (types, required keys, no unknown keys);
every business rule (ranges, currencies, scope, duplicates) is the verb's job in
``services.py``, so the API and the pages refuse the same things the same way.

Decimals travel as strings. How a stored decimal is shown:

* a price or amount of a currency keeps at least the currency's minor unit
  (USD ``12`` -> ``"12.00"``, JPY ``100`` -> ``"100"``) and more places only when
  they are not zero (a unit price ``0.305`` stays ``"0.305"``; prices keep up to
  6 places, so nothing stored is ever hidden);
* any other decimal (percentages, quantities) keeps at least 2 places, trailing
  zeros beyond 2 are stripped (``10.0000`` -> ``"10.00"``, ``0.1250`` -> ``"0.125"``).

Times travel as ISO 8601 WITH an offset, both ways: input without an offset is
refused rather than guessed; output inside a cloud is in the cloud's time zone
(``2026-03-16T12:00:00-05:00``, the way its billing team reads it), elsewhere UTC.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from decimal import Decimal, localcontext
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import exceptions, serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from cambill.core.access import Actor, actor_for
from cambill.core.errors import DomainError, ErrorCode
from cambill.core.money import UnknownCurrency, minor_units
from cambill.core.validation import parse_decimal

from .parsers import JSONParser

# Codes in URLs may contain dots (``john.doe``, ``cam.1``); DRF's default lookup
# regex excludes them (format suffixes), which we do not use.
# A decimal as text: optional sign, digits, optional fraction or exponent (what
# Decimal() reads, without NaN/Infinity, which DRF refuses).
DECIMAL_PATTERN = r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$"

LOOKUP = r"[^/]+"

# --- decimals -------------------------------------------------------------


def display_decimal(value: Decimal, min_places: int) -> str:
    """``value`` with at least ``min_places`` decimals, no trailing zeros beyond."""
    with localcontext() as ctx:
        ctx.prec = 60
        exponent = value.normalize().as_tuple().exponent
        places = max(min_places, -exponent if isinstance(exponent, int) and exponent < 0 else 0)
        return f"{value.quantize(Decimal(1).scaleb(-places)):f}"


def display_money(value: Decimal, currency: str | None) -> str:
    try:
        places = minor_units(currency) if currency else 2
    except UnknownCurrency:
        places = 2
    return display_decimal(value, places)


def _dotted(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = getattr(obj, part, None) if not isinstance(obj, Mapping) else obj.get(part)
        if obj is None:
            return None
    return obj


class DecimalOut(serializers.DecimalField):
    """A read-only decimal shown as a string with at least 2 places."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(max_digits=None, decimal_places=None, coerce_to_string=True, **kwargs)

    def to_representation(self, value: Any) -> str | None:  # type: ignore[override]
        if value is None:
            return None
        return display_decimal(Decimal(value), 2)


class MoneyOut(serializers.DecimalField):
    """A read-only price or amount shown to its currency's minor unit at least.

    ``currency`` is a dotted attribute of the object holding the field, or a
    callable ``(obj) -> str | None`` (None: not money, shown as a plain decimal),
    or, when None, ``context["currency"]`` (objects of one cloud).
    """

    def __init__(
        self, currency: str | Callable[[Any], str | None] | None = "currency", **kwargs: Any
    ) -> None:
        self.currency_from = currency
        kwargs.setdefault("read_only", True)
        super().__init__(max_digits=None, decimal_places=None, coerce_to_string=True, **kwargs)

    def get_attribute(self, instance: Any) -> Any:
        value = super().get_attribute(instance)
        src = self.currency_from
        if callable(src):
            cur = src(instance)
        elif src:
            cur = _dotted(instance, src)
        else:
            cur = self.context.get("currency")
        return (value, cur)

    def to_representation(self, pair: Any) -> str | None:  # type: ignore[override]
        value, currency = pair if isinstance(pair, tuple) else (pair, None)
        if value is None:
            return None
        return display_money(Decimal(value), currency)


class DecimalIn(serializers.DecimalField):
    """A decimal as a JSON string (``"12.00"``, preferred: exact) or number.

    Only the shape is checked (a finite number); ranges, signs and places are
    the verb's rules (e.g. a negative price is ``negative_amount``).
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_digits=None, decimal_places=None, coerce_to_string=True, **kwargs)

    def to_internal_value(self, data: Any) -> Decimal:
        # One rule for every decimal the product reads (ASCII digits, a dot,
        # bounded exponent): Python's Decimal alone would take "١٢" as 12.
        if isinstance(data, bool) or parse_decimal(data) is None:
            self.fail("invalid")
        return super().to_internal_value(data)


# --- times ----------------------------------------------------------------


class TimeField(serializers.DateTimeField):
    """ISO 8601 instants with an offset, both ways (see the module docstring).

    Output zone: ``tz_attr`` (a dotted attribute naming a zone on the object,
    e.g. ``"timezone"`` on a cloud), else ``context["tz"]``, else UTC.
    """

    default_error_messages = {
        **serializers.DateTimeField.default_error_messages,
        "naive": "Give the time with its UTC offset, e.g. 2026-03-16T12:00:00-05:00.",
        "range": "Years 1900 to 2999 only.",
    }

    def __init__(self, tz_attr: str | None = None, **kwargs: Any) -> None:
        self.tz_attr = tz_attr
        super().__init__(**kwargs)

    def to_internal_value(self, value: Any) -> datetime:
        if isinstance(value, datetime):
            parsed: datetime | None = value
        elif isinstance(value, str):
            try:
                parsed = parse_datetime(value.strip())
            except ValueError:
                parsed = None
        else:
            parsed = None
        if parsed is None:
            self.fail("invalid", format="YYYY-MM-DDThh:mm[:ss[.uuuuuu]]±hh:mm")
        assert parsed is not None
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            self.fail("naive")
        if not 1900 <= parsed.year <= 2999:
            self.fail("range")
        return parsed.astimezone(UTC)

    def get_attribute(self, instance: Any) -> Any:
        value = super().get_attribute(instance)
        tz = _dotted(instance, self.tz_attr) if self.tz_attr else None
        return (value, tz)

    def to_representation(self, pair: Any) -> str | None:  # type: ignore[override]
        value, tz_name = pair if isinstance(pair, tuple) else (pair, None)
        if value is None:
            return None
        tz = _zone(tz_name) or self.context.get("tz") or UTC
        text = value.astimezone(tz).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text


def _zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return None


def cloud_context(cloud: Any) -> dict[str, Any]:
    """Serializer context for objects of one cloud: its zone and currency."""
    return {"tz": _zone(cloud.timezone), "currency": cloud.currency}


# --- input serializers ----------------------------------------------------


_NOT_BOOL = gettext_lazy("Must be true or false (a JSON boolean).")
_NOT_INT = gettext_lazy("Must be a whole number (a JSON number, not text).")
_NOT_NUMBER = gettext_lazy("Must be a number (a JSON number, not text).")
_NOT_TEXT = gettext_lazy("Must be text (a JSON string).")
_NOT_CHOICE = gettext_lazy("Must be one of: %(choices)s.")
_NOT_DECIMAL = gettext_lazy('Must be a decimal: a string such as "12.50", or a number.')
_DECIMAL = re.compile(DECIMAL_PATTERN, re.ASCII)


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "string" if isinstance(value, str) else type(value).__name__


def _strict_error(field: serializers.Field, value: Any) -> Any:
    """The error of ``value`` when its JSON type is not the one ``field`` (and the
    schema) names, else None. DRF alone is lenient (a boolean takes ``"yes"`` or
    ``0``, an integer ``"5"``, text takes ``5``); the API takes what the schema
    says, so a client learns of its mistake instead of being guessed at.
    ``None`` and nested serializers are left to DRF (an ``Input`` checks its own)."""
    if value is None or isinstance(field, serializers.BaseSerializer):
        return None
    if isinstance(field, serializers.BooleanField):
        return None if isinstance(value, bool) else [_NOT_BOOL]
    if isinstance(field, serializers.IntegerField):
        whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
        return None if whole and not isinstance(value, bool) else [_NOT_INT]
    if isinstance(field, serializers.FloatField):
        number = isinstance(value, int | float) and not isinstance(value, bool)
        return None if number else [_NOT_NUMBER]
    if isinstance(field, serializers.DecimalField) and not field.read_only:
        # A decimal string as the schema's pattern says (DRF would read "" as null).
        if isinstance(value, bool):
            return [_NOT_DECIMAL]
        if isinstance(value, int | float) or (isinstance(value, str) and _DECIMAL.match(value)):
            return None
        return [_NOT_DECIMAL]
    if isinstance(field, serializers.MultipleChoiceField):
        return None
    if isinstance(field, serializers.ChoiceField):
        if getattr(field, "allow_blank", False) and value == "":
            return None
        if any(_json_kind(value) == _json_kind(k) and value == k for k in field.choices):
            return None
        return [_NOT_CHOICE % {"choices": ", ".join(str(k) for k in field.choices)}]
    if isinstance(field, serializers.CharField):
        return None if isinstance(value, str) else [_NOT_TEXT]
    if isinstance(field, serializers.ListField) and isinstance(value, list):
        errors = {i: e for i, v in enumerate(value) if (e := _strict_error(field.child, v))}
        return errors or None
    if isinstance(field, serializers.DictField) and isinstance(value, Mapping):
        by_key = {str(k): e for k, v in value.items() if (e := _strict_error(field.child, v))}
        return by_key or None
    return None


class Input(serializers.Serializer):
    """A request body: known keys only, shapes only, JSON types as the schema says.

    An unknown (or read-only) key is refused with a clear message instead of
    being silently dropped: a client that misspells ``discount_percnt`` must
    learn it changed nothing. ``hints`` adds a pointer for keys that are read
    elsewhere (e.g. a camera's ``account`` changes through ``moves/``).

    A value of another JSON type than its field's is refused (``"yes"`` for a
    boolean, ``"5"`` for an integer, ``5`` for text, ``1`` for a choice of
    strings): see ``_strict_error``. Decimals (``DecimalIn``) take a string or a
    number, as the schema documents.
    """

    hints: dict[str, str] = {}

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            writable = [name for name, f in self.fields.items() if not f.read_only]
            unknown = [k for k in data if k not in writable]
            if unknown:
                accepted = ", ".join(writable)
                raise exceptions.ValidationError(
                    {
                        str(k): [
                            self.hints.get(
                                str(k), f"Unknown field '{k}'. Accepted fields: {accepted}."
                            )
                        ]
                        for k in unknown
                    }
                )
            wrong = {
                name: error
                for name, f in self.fields.items()
                if not f.read_only
                and name in data
                and (error := _strict_error(f, data[name])) is not None
            }
            if wrong:
                raise exceptions.ValidationError(wrong)
        return super().to_internal_value(data)

    def create(self, validated_data: Any) -> Any:  # pragma: no cover - views call verbs
        raise NotImplementedError("Views call the verbs in services.py.")

    def update(self, instance: Any, validated_data: Any) -> Any:  # pragma: no cover
        raise NotImplementedError("Views call the verbs in services.py.")


class Output(serializers.Serializer):
    """A response body. Never saves: writes go through verbs."""

    def create(self, validated_data: Any) -> Any:  # pragma: no cover
        raise NotImplementedError

    def update(self, instance: Any, validated_data: Any) -> Any:  # pragma: no cover
        raise NotImplementedError


def text_of(max_length: int, **kwargs: Any) -> serializers.CharField:
    """Text input bounded exactly as the model field stores it: ``max_length``
    comes from the owning domain (``<domain>.selectors.field_max_length``, which
    reads the model), so the documented limit (OpenAPI ``maxLength``), the API's
    400 and the stored column can never disagree. References to another object
    (a tariff code, a username) take the limit of the field they name."""
    return serializers.CharField(max_length=max_length, **kwargs)


class CurrencyIn(serializers.CharField):
    """An ISO 4217 code: documented with the model's ``max_length`` (``limit``)
    but judged by the verb (``check_currency``), whose ``unknown_currency``
    says more than a length error would ("DOLLAR" is no currency, not a long one)."""

    def __init__(self, *, limit: int, **kwargs: Any) -> None:
        self.limit = limit
        super().__init__(**kwargs)


class CurrencyInExtension(OpenApiSerializerFieldExtension):
    target_class = CurrencyIn

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        return {"type": "string", "minLength": 1, "maxLength": self.target.limit}


def currency_of(max_length: int, **kwargs: Any) -> serializers.CharField:
    """A currency input documented with the stored field's ``max_length`` (from
    the owning domain's ``field_max_length``)."""
    return CurrencyIn(limit=max_length, **kwargs)


def code_field(**kwargs: Any) -> serializers.CharField:
    """A code that is also a URL segment: no '/' (it could never be addressed)."""
    from django.core.validators import RegexValidator

    kwargs.setdefault("max_length", 128)
    return serializers.CharField(
        validators=[RegexValidator(r"^[^/]*$", "A code cannot contain '/'.")], **kwargs
    )


def valid(
    serializer_class: type[serializers.Serializer], data: Any, **kwargs: Any
) -> dict[str, Any]:
    """Validate ``data`` against ``serializer_class`` and return the validated dict."""
    s = serializer_class(data=data, **kwargs)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


# --- views ----------------------------------------------------------------


def _has_bad_text(value: Any) -> bool:
    """NUL characters and lone surrogates cannot be stored (PostgreSQL refuses
    NUL in text and JSON), so they are refused at the door as a 400."""
    if isinstance(value, str):
        if "\x00" in value:
            return True
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, Mapping):
        return any(_has_bad_text(k) or _has_bad_text(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_bad_text(v) for v in value)
    return False


class ApiViewSet(GenericViewSet):
    """Base of every cambill view: JSON in, scoped reads, verbs for writes."""

    parser_classes = [JSONParser]
    lookup_value_regex = LOOKUP

    # Rate limits count every request, refused ones included: DRF checks
    # permissions before throttles and fails a bad token before either, so
    # guessing tokens (401) or probing without one would cost nothing. Here a
    # failed authentication spends the address's budget before it is answered,
    # and throttles are checked before permissions (once per request).
    _throttles_checked = False

    def perform_authentication(self, request: Request) -> None:
        try:
            super().perform_authentication(request)
        except exceptions.APIException:
            # request.user is now anonymous: only the per-address budget counts.
            self.check_throttles(request)
            raise

    def check_permissions(self, request: Request) -> None:
        self.check_throttles(request)
        super().check_permissions(request)

    def check_throttles(self, request: Request) -> None:
        if self._throttles_checked:
            return
        self._throttles_checked = True
        super().check_throttles(request)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        query = {k: request.query_params.getlist(k) for k in request.query_params}
        if _has_bad_text(kwargs) or _has_bad_text(query) or _has_bad_text(list(query)):
            raise DomainError(
                ErrorCode.MALFORMED, gettext("The URL contains characters that cannot be stored.")
            )
        if request.method in ("POST", "PUT", "PATCH") and _has_bad_text(request.data):
            raise DomainError(
                ErrorCode.MALFORMED,
                gettext(
                    "The body contains NUL characters or unpaired surrogates, which cannot be stored."
                ),
            )

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        # Errors are JSON in the error shape whatever the endpoint renders on
        # success (a PDF, a CSV) and whatever the client asked for (a 406 from
        # content negotiation included).
        if (
            isinstance(response, Response)
            and response.status_code >= 400
            and isinstance(response.data, dict)
            and not isinstance(response.accepted_renderer, JSONRenderer)
        ):
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = "application/json"
            # Set by DRF at runtime (finalize_response); its stubs do not declare it.
            response.renderer_context = self.get_renderer_context()  # type: ignore[attr-defined]
        return response

    @property
    def actor(self) -> Actor:
        return actor_for(self.request.user)

    def out(self, serializer: type[serializers.Serializer], obj: Any, **context: Any) -> Any:
        return serializer(obj, context={**self.get_serializer_context(), **context}).data


def field_error(field: str, message: str, code: ErrorCode = ErrorCode.VALIDATION) -> DomainError:
    return DomainError(code, message, {field: [message]})


def resolve(field: str, getter: Callable[[], Any], what: str) -> Any:
    """Look up an object named in a body (``"account": "acme"``) through a
    scoped selector; "not found" there is a field error of the body, a 400."""
    from cambill.core.errors import NotFound

    try:
        return getter()
    except NotFound:
        raise field_error(field, f"No such {what}.") from None


atomic = transaction.atomic


class CloudScopedViewSet(ApiViewSet):
    """A view under ``clouds/{slug}/``: the cloud is resolved once per request
    through ``cloud_in_scope`` (another tenant's cloud is a 404, as a missing one)."""

    @property
    def cloud(self) -> Any:
        cached = getattr(self, "_cloud", None)
        if cached is None:
            from cambill.clouds.selectors import cloud_in_scope

            cached = self._cloud = cloud_in_scope(actor=self.actor, slug=self.kwargs["slug"])
        return cached

    def get_serializer_context(self) -> dict[str, Any]:
        ctx = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and "slug" in self.kwargs:
            ctx.update(cloud_context(self.cloud))
        return ctx


def slug_param() -> Any:
    from drf_spectacular.utils import OpenApiParameter

    return OpenApiParameter("slug", str, OpenApiParameter.PATH, description="The cloud's slug.")


def fake(view: Any) -> bool:
    """True while drf-spectacular builds the schema (no user, no URL kwargs)."""
    return bool(getattr(view, "swagger_fake_view", False))
