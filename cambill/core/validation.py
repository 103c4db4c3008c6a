"""Checks shared by services: currencies, time zones, percentages, amounts,
and the model's own field rules (``validate_model``)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from .errors import DomainError, ErrorCode, validation
from .money import PRICE_PLACES, is_currency
from .periods import is_timezone


def check_currency(value: Any, field: str = "currency") -> str:
    if not isinstance(value, str) or not is_currency(value):
        raise validation(
            field,
            gettext("'%(value)s' is not an ISO 4217 currency code.") % {"value": value},
            ErrorCode.UNKNOWN_CURRENCY,
        )
    return value


def check_timezone(value: Any, field: str = "timezone") -> str:
    if not isinstance(value, str) or not is_timezone(value):
        raise validation(
            field,
            gettext("'%(value)s' is not an IANA time zone.") % {"value": value},
            ErrorCode.UNKNOWN_TIMEZONE,
        )
    return value


# A decimal as people and programs write it: ASCII digits, an optional sign,
# a dot, an optional exponent. Python's Decimal alone also takes other scripts'
# digits ("١٢" is 12), underscores ("1_000") and "NaN"/"Infinity".
_DECIMAL_TEXT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,4})?", re.ASCII)
_MAX_DECIMAL_TEXT = 100
# Far beyond any amount, price or usage value; keeps later formatting and
# database writes bounded (a finite Decimal may have an exponent of 10**9).
MAX_DECIMAL_EXPONENT = 40


def parse_decimal(value: Any) -> Decimal | None:
    """The one reading of a decimal input (API fields, forms, CSV cells): an
    exact Decimal, or None when ``value`` is not a finite number written with
    ASCII digits (a dot for decimals) within 10^±40."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        text = str(value) if abs(value) < 10**MAX_DECIMAL_EXPONENT else ""
    elif isinstance(value, float):
        text = repr(value) if math.isfinite(value) else ""
    elif isinstance(value, Decimal):
        text = str(value) if value.is_finite() else ""
    elif isinstance(value, str):
        text = value.strip()
    else:
        return None
    if len(text) > _MAX_DECIMAL_TEXT or not _DECIMAL_TEXT.fullmatch(text):
        return None
    d = Decimal(text)
    if d and not -MAX_DECIMAL_EXPONENT <= d.adjusted() <= MAX_DECIMAL_EXPONENT:
        return None
    if d.as_tuple().exponent < -MAX_DECIMAL_EXPONENT:  # type: ignore[operator]
        return None
    return d


def to_decimal(value: Any, field: str) -> Decimal:
    d = parse_decimal(value)
    if d is None:
        try:
            finite = Decimal(str(value)).is_finite()
        except (InvalidOperation, ValueError, TypeError):
            finite = True
        if not finite:
            raise validation(field, gettext("Must be a finite number."))
        raise validation(field, gettext("'%(value)s' is not a number.") % {"value": value})
    return d


def check_amount(value: Any, field: str, places: int = PRICE_PLACES) -> Decimal:
    d = to_decimal(value, field)
    if d < 0:
        raise validation(field, gettext("Must not be negative."), ErrorCode.NEGATIVE_AMOUNT)
    if d.as_tuple().exponent < -places:  # type: ignore[operator]
        raise validation(field, gettext("At most %(places)s decimal places.") % {"places": places})
    if d >= Decimal(10) ** 12:
        raise validation(field, gettext("Too large."))
    return d


def check_percent(value: Any, field: str) -> Decimal:
    d = to_decimal(value, field)
    if d < 0 or d > 100:
        raise validation(field, gettext("Must be between 0 and 100."))
    if d.as_tuple().exponent < -4:  # type: ignore[operator]
        raise validation(field, gettext("At most 4 decimal places."))
    return d


def check_text(
    value: Any, field: str, *, max_length: int | None = None, required: bool = True
) -> str:
    """Text, trimmed, present when ``required``. ``max_length`` only for text no
    model field bounds (a field's own limit is ``validate_model``'s to check)."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise validation(field, gettext("Must be text."))
    value = value.strip()
    if required and not value:
        raise validation(field, gettext("This field is required."))
    if max_length is not None and len(value) > max_length:
        raise validation(
            field, gettext("At most %(max_length)s characters.") % {"max_length": max_length}
        )
    return value


def check_code(value: Any, field: str = "code", *, max_length: int | None = 64) -> str:
    value = check_text(value, field, max_length=max_length)
    import re

    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", value):
        raise validation(
            field,
            gettext("Use letters, digits, '-', '_' and '.', starting with a letter or digit."),
        )
    return value


def from_validation_error(
    exc: ValidationError, names: Mapping[str, str] | None = None
) -> DomainError:
    """Django's ``ValidationError`` as the project's refusal: ``fields`` is its
    per-field message map (``__all__`` errors stay in the message only), the
    message names the first field and its first error."""
    if hasattr(exc, "error_dict"):
        names = names or {}
        fields = {
            names.get(name, name): [str(m) for m in messages]
            for name, messages in exc.message_dict.items()
            if name != NON_FIELD_ERRORS
        }
        general = exc.message_dict.get(NON_FIELD_ERRORS, [])
    else:
        fields, general = {}, [str(m) for m in exc.messages]
    if general:
        message = str(general[0])
    elif fields:
        name, messages = next(iter(fields.items()))
        message = f"{name}: {messages[0]}"
    else:
        message = _("Invalid input.")
    return DomainError(ErrorCode.VALIDATION, message, fields)


def validate_model(
    instance: models.Model,
    *,
    fields: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
    names: Mapping[str, str] | None = None,
) -> None:
    """Check ``instance`` against its model's own field rules before it is saved:
    ``max_length``, ``choices``, ``blank``/``null``, ``max_digits`` and
    ``decimal_places``, and each field's ``validators`` (``full_clean`` without
    the database checks below). A refusal is ``DomainError(VALIDATION)`` whose
    ``fields`` are Django's per-field messages, so the API answers a 400 and a
    page puts each message on its field, the same way on SQLite (which stores
    a 40-character string in a ``varchar(20)``) and PostgreSQL (which refuses
    it with a DataError, i.e. a 500).

    The model is the truth: a verb calls this at its save point instead of
    repeating a limit by hand; hand-written checks stay only for rules a field
    cannot express (a code's alphabet, a manager's role, a range of dates).

    Left to the database on purpose:

    * uniqueness and constraints: a "check then insert" would race with a
      concurrent request, so verbs keep catching ``IntegrityError`` (or lock
      and look) and answer ``duplicate``/``conflict`` (409), not a 400;
    * foreign keys: Django would query each referenced row again, and the
      verbs already resolved them through scoped selectors (a reference the
      actor may not see is a 404 or a field error before this point).

    ``fields`` limits the check to those fields (e.g. the ones an update
    changed); ``exclude`` leaves some out; ``names`` renames model fields to
    the verb's argument names in the refusal (``{"void_reason": "reason"}``).
    """
    skip = set(exclude)
    concrete = instance._meta.concrete_fields
    skip.update(f.name for f in concrete if f.is_relation)
    # A nullable column holding None is a legitimate "not set" (``blank`` is a
    # form's notion of required, not the column's).
    skip.update(f.name for f in concrete if f.null and getattr(instance, f.attname) is None)
    if fields is not None:
        wanted = set(fields)
        skip.update(f.name for f in concrete if f.name not in wanted)
    try:
        instance.full_clean(exclude=skip, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors = _without_format_errors(instance, exc)
        if errors is not None:
            raise from_validation_error(errors, names) from None


# Fields whose format the verbs judge themselves: a code's alphabet is
# ``check_code``'s (it also allows '.', as in ``john.doe``), and a webhook or
# Watcher URL may name an internal host (``http://watcher:8080``) that Django's
# URLValidator refuses. Their length still counts.
_OWN_FORMAT = (models.SlugField, models.URLField)


def _without_format_errors(instance: models.Model, exc: ValidationError) -> ValidationError | None:
    """``exc`` less the format ("invalid") errors of ``_OWN_FORMAT`` fields."""
    if not hasattr(exc, "error_dict"):
        return exc
    slugs = {f.name for f in instance._meta.concrete_fields if isinstance(f, _OWN_FORMAT)}
    kept: dict[str, list[ValidationError]] = {}
    for name, errors in exc.error_dict.items():
        left = [e for e in errors if not (name in slugs and e.code == "invalid")]
        if left:
            kept[name] = left
    return ValidationError(kept) if kept else None


def model_max_length(model: type[models.Model], field: str) -> int:
    """A text field's ``max_length`` as the model declares it: for serializers
    and forms, so the documented limit is the stored one."""
    length = model._meta.get_field(field).max_length  # type: ignore[union-attr]
    if length is None:
        raise ValueError(f"{model._meta.label}.{field} has no max_length")
    return int(length)


def duplicate(field: str, what: str, value: str) -> DomainError:
    return DomainError(
        ErrorCode.DUPLICATE,
        gettext("A %(what)s with %(field)s '%(value)s' already exists.")
        % {"what": what, "field": field, "value": value},
        {field: [gettext("'%(value)s' is taken.") % {"value": value}]},
    )


# Passwords: hashing is deliberately slow, so a megabyte "password" would tie
# up a worker; 128 characters is far more than any passphrase needs.
PASSWORD_MAX_LENGTH = 128


class PasswordMaximumLengthValidator:
    """``AUTH_PASSWORD_VALIDATORS`` entry: at most ``max_length`` characters."""

    def __init__(self, max_length: int = PASSWORD_MAX_LENGTH) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: Any = None) -> None:
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext as _

        if len(password) > self.max_length:
            raise ValidationError(
                _("The password is too long: at most %(max)d characters.")
                % {"max": self.max_length},
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        from django.utils.translation import gettext as _

        return _("Your password can have at most %(max)d characters.") % {"max": self.max_length}
