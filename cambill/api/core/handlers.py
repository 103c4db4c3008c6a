"""Django's error views for requests Django answers itself (a body too large
for a plain view, an unknown URL, an unhandled error): under ``/api/`` they
answer in the API's error shape, elsewhere with the product's own pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

from cambill.core.errors import ErrorCode

from .errors import REQUEST_TOO_LARGE

SERVER_ERROR = "server_error"


def _api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _shape(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"code": code, "message": message, "fields": {}}, status=status)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        message = _("The request body is larger than %(limit)s bytes; send less at a time.") % {
            "limit": limit
        }
        if _api(request):
            return _shape(REQUEST_TOO_LARGE, message, 413)
        return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
    if _api(request):
        return _shape(str(ErrorCode.MALFORMED), _("Bad request."), 400)
    return defaults.bad_request(request, exception)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if _api(request):
        return _shape(str(ErrorCode.NOT_FOUND), _("No such object."), 404)
    return defaults.page_not_found(request, exception)


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if _api(request):
        return _shape(str(ErrorCode.FORBIDDEN), _("Your role may not do this."), 403)
    return defaults.permission_denied(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _api(request):
        return _shape(SERVER_ERROR, _("Something went wrong. Try again later."), 500)
    return defaults.server_error(request)
