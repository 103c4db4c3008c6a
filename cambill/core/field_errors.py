"""Every bad input of one call, refused together.

A verb that checks several inputs reports every bad one in the same refusal:
``fields`` then holds each field's messages, so a form marks all of them at
once and an API client fixes all of them in one round trip. The API's error
shape does not change (``{"code", "message", "fields"}``): ``fields`` simply
holds more than one entry.

    errors = FieldErrors()
    name = errors.check(check_text, name, "name")
    currency = errors.check(check_currency, currency)
    errors.raise_if_any()

Only refusals of an input are collected: a 404, a 403, or a refusal that names
no field goes through at once (there is nothing to show on a field, and what
follows it may depend on it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from .errors import DomainError, ErrorCode, validation

T = TypeVar("T")

# Codes that are no refusal of an input: they are never merged with field errors.
_NOT_FIELD_CODES = frozenset(
    {ErrorCode.NOT_FOUND, ErrorCode.FORBIDDEN, ErrorCode.NOT_AUTHENTICATED, ErrorCode.THROTTLED}
)


def field_messages(error: DomainError) -> dict[str, list[str]]:
    """Each field's messages as a person should read them on that field.

    A refusal of one field often has a terse field entry ("Cycle.", "'X' is
    taken.") beside a message that says it all ("That parent would make a
    cycle in the agent tree."): the field gets the full message. A refusal of
    several fields (``FieldErrors``, Django's ``full_clean``) keeps each
    field's own messages."""
    out = {
        str(name): [str(m) for m in (ms if isinstance(ms, list | tuple) else [ms])]
        for name, ms in error.fields.items()
    }
    if len(out) == 1 and not isinstance(error, FieldsError):
        name, messages = next(iter(out.items()))
        # The fuller text wins: a terse field entry ("Cycle.") gives way to the
        # message, a generic message ("Invalid meter.") to the field's own entry.
        if (
            len(messages) == 1
            and not error.message.startswith(f"{name}: ")
            and len(error.message) > len(messages[0])
        ):
            out[name] = [error.message]
    return out


class FieldsError(DomainError):
    """Several refused fields at once. ``field_codes`` keeps each field's own
    code (``currency``: ``unknown_currency``) while the whole refusal is
    ``validation_error`` unless they all share one code."""

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        fields: dict[str, list[str]],
        field_codes: dict[str, str],
    ) -> None:
        super().__init__(code, message, fields)
        self.field_codes = field_codes


class FieldErrors:
    """Collects the field refusals of one call (see the module's docstring)."""

    def __init__(self) -> None:
        self.errors: list[DomainError] = []

    def __bool__(self) -> bool:
        return bool(self.errors)

    def __contains__(self, field: str) -> bool:
        return any(field in e.fields for e in self.errors)

    @contextmanager
    def field(self) -> Iterator[None]:
        """Run a check; keep its field refusal and go on."""
        try:
            yield
        except DomainError as e:
            if not e.fields or e.code in _NOT_FIELD_CODES:
                raise
            self.errors.append(e)

    def check(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """``fn(*args, **kwargs)``, or None when it refused a field (kept)."""
        with self.field():
            return fn(*args, **kwargs)
        return None

    def add(self, field: str, message: str, code: ErrorCode = ErrorCode.VALIDATION) -> None:
        self.errors.append(validation(field, message, code))

    def add_error(self, error: DomainError) -> None:
        """Keep a refusal built elsewhere (``duplicate(...)``); one naming no field is raised."""
        if not error.fields or error.code in _NOT_FIELD_CODES:
            raise error
        self.errors.append(error)

    def error(self) -> DomainError:
        """One refusal: the only one as it was (same code, message, status), or all together."""
        if len(self.errors) == 1:
            return self.errors[0]
        fields: dict[str, list[str]] = {}
        field_codes: dict[str, str] = {}
        for e in self.errors:
            codes = getattr(e, "field_codes", {})
            for name, messages in field_messages(e).items():
                kept = fields.setdefault(name, [])
                kept.extend(m for m in messages if m not in kept)
                field_codes.setdefault(name, codes.get(name, str(e.code)))
        distinct = {e.code for e in self.errors}
        code = distinct.pop() if len(distinct) == 1 else ErrorCode.VALIDATION
        # "currency: 'XYZ' is not ... code; timezone: ... zone." (each field's own
        # sentences, their last full stop dropped so the list reads as one sentence)
        parts = [f"{name}: {' '.join(ms).rstrip('.')}" for name, ms in fields.items()]
        message = "; ".join(parts) + "."
        return FieldsError(code, message, fields, field_codes)

    def raise_if_any(self) -> None:
        if self.errors:
            raise self.error()


def clean_each(
    data: dict[str, Any],
    clean: Callable[[str, Any], Any],
    errors: FieldErrors | None = None,
) -> dict[str, Any]:
    """``{key: clean(key, value)}`` for a verb's keyword fields, every refused
    field reported together: raised here, or kept in ``errors`` when the caller
    passes one to add its own checks before it raises."""
    own = errors is None
    errors = errors if errors is not None else FieldErrors()
    out: dict[str, Any] = {}
    for key, value in data.items():
        with errors.field():
            out[key] = clean(key, value)
    if own:
        errors.raise_if_any()
    return out
