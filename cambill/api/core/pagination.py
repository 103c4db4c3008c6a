"""List pagination: ``?page=N&page_size=M`` (``page_size`` at most 500).

Both parameters are validated, not guessed: ``page_size=null``, ``page=0`` or
``page_size=501`` is a 400 with the error shape naming the parameter, exactly
as the OpenAPI schema documents them (integers, ``minimum`` 1, ``page_size``
``maximum`` 500). A page past the last one stays a 404 (``not_found``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from cambill.core.errors import DomainError, ErrorCode

MAX_PAGE_SIZE = 500


def _positive_int(request: Request, name: str, maximum: int | None = None) -> int | None:
    values = request.query_params.getlist(name)
    if not values:
        return None
    raw = values[-1]
    message = (
        _("Give a whole number from 1 to %(max)d.") % {"max": maximum}
        if maximum
        else _("Give a whole number, 1 or more.")
    )
    text = raw.strip()
    if not (text.isascii() and text.isdigit()) or len(values) > 1:
        raise DomainError(ErrorCode.VALIDATION, f"{name}: {message}", {name: [message]})
    value = int(text)
    if value < 1 or (maximum is not None and value > maximum):
        raise DomainError(ErrorCode.VALIDATION, f"{name}: {message}", {name: [message]})
    return value


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        _positive_int(request, self.page_query_param)
        _positive_int(request, self.page_size_query_param, self.max_page_size)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        params = super().get_schema_operation_parameters(view)
        for p in params:
            p["schema"] = {"type": "integer", "minimum": 1}
            if p["name"] == self.page_size_query_param:
                p["schema"]["maximum"] = self.max_page_size
        return params
