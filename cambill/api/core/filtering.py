"""The list filters (django-filter) as strict as the schema documents them.

django-filter's boolean filter reads ``?active=yes`` or ``?active=null`` as "no
filter" and answers the whole list: a client's typo silently changes the result.
Here a boolean filter takes exactly ``true`` or ``false``, once, and a choice
filter one of its choices (its schema ``enum``); anything else, the empty value
included, is a 400 in the error shape naming the parameter.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django_filters import filters
from django_filters.rest_framework import DjangoFilterBackend

from cambill.core.errors import DomainError, ErrorCode

BOOLEAN_VALUES = ("true", "false")


class FilterBackend(DjangoFilterBackend):
    def get_filterset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        wrong: dict[str, list[str]] = {}
        for name, f in filterset.filters.items():
            values = request.query_params.getlist(name)
            if not values:
                continue
            if isinstance(f, filters.BooleanFilter):
                if len(values) > 1 or values[0] not in BOOLEAN_VALUES:
                    wrong[name] = [_("Give true or false, once.")]
            elif isinstance(f, filters.ChoiceFilter):
                # The schema's enum: an empty or unknown value is no "any" (django-filter
                # would ignore an empty one and answer the whole list).
                choices = [str(k) for k, _label in f.field.choices if k not in ("", None)]
                if len(values) > 1 or values[0] not in choices:
                    wrong[name] = [
                        _("Give one of: %(choices)s (once).") % {"choices": ", ".join(choices)}
                    ]
        if wrong:
            first = next(iter(wrong))
            raise DomainError(ErrorCode.VALIDATION, f"{first}: {wrong[first][0]}", wrong)
        return filterset


def query_choice(params: Any, name: str, choices: Any) -> str | None:
    """A hand-read query parameter documented with an ``enum``: absent is None; given,
    it must be one of ``choices``, once (the empty value is no "any")."""
    values = params.getlist(name)
    if not values:
        return None
    allowed = [str(c) for c in choices]
    if len(values) > 1 or values[0] not in allowed:
        message = _("Give one of: %(choices)s (once).") % {"choices": ", ".join(allowed)}
        raise DomainError(ErrorCode.VALIDATION, f"{name}: {message}", {name: [message]})
    return str(values[0])


def query_bool(params: Any, name: str) -> bool | None:
    """A hand-read boolean query parameter: absent is None, else exactly true or false, once."""
    values = params.getlist(name)
    if not values:
        return None
    if len(values) > 1 or values[0] not in BOOLEAN_VALUES:
        message = _("Give true or false, once.")
        raise DomainError(ErrorCode.VALIDATION, f"{name}: {message}", {name: [message]})
    return values[0] == "true"
