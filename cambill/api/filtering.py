"""The list filters (django-filter) as strict as the schema documents them.

django-filter's boolean filter reads ``?active=yes`` or ``?active=null`` as "no
filter" and answers the whole list: a client's typo silently changes the result.
Here a boolean filter takes exactly ``true`` or ``false``, once; anything else
is a 400 in the error shape naming the parameter (the schema says ``boolean``).
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
            if not isinstance(f, filters.BooleanFilter):
                continue
            values = request.query_params.getlist(name)
            if values and (len(values) > 1 or values[0] not in BOOLEAN_VALUES):
                wrong[name] = [_("Give true or false, once.")]
        if wrong:
            first = next(iter(wrong))
            raise DomainError(ErrorCode.VALIDATION, f"{first}: {wrong[first][0]}", wrong)
        return filterset
