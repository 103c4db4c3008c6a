"""The ``list`` kind of background export: the rows of any list page.

The job keeps the page's path with its filters and sort
(``/clouds/telenet/invoices/?status=issued&sort=-total``). The builder runs that
page's own view, as the job's owner, through the same ``rows()`` selector,
filterset and table as the page, so a file can never hold more than its owner's
page would show, and writes every row to the job's file (``ListPage.export_sink``).
"""

from __future__ import annotations

from typing import IO, Any
from urllib.parse import urlsplit

from django.http import QueryDict
from django.test import RequestFactory
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from cambill.core.errors import DomainError, ErrorCode
from cambill.exports.registry import Built, Progress
from cambill.web.core.pages import EXPORT_PARAM, ListPage


def list_view_for(path: str) -> Any:
    """The list page answering ``path`` (its view class and URL match), or a refusal."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        match = None
    view_class = getattr(match.func, "view_class", None) if match else None
    if view_class is None or not issubclass(view_class, ListPage):
        raise DomainError(
            ErrorCode.VALIDATION,
            _("A list export needs the path of a list page."),
            {"params": [_("A list export needs the path of a list page.")]},
        )
    return view_class, match


def build_list(job: Any, out: IO[bytes], progress: Progress) -> Built:
    path = job.params["path"]
    view_class, match = list_view_for(path)
    parts = urlsplit(path)
    query = QueryDict(parts.query, mutable=True)
    query[EXPORT_PARAM] = job.format
    request = RequestFactory().get(parts.path, data=query)
    request.user = job.owner
    request.htmx = False  # type: ignore[attr-defined]
    view = view_class(**(match.func.view_initkwargs or {}))
    view.export_sink = (out, progress)
    view.setup(request, *match.args, **match.kwargs)
    response = view.dispatch(request, *match.args, **match.kwargs)
    if response.status_code != 204:
        raise DomainError(ErrorCode.VALIDATION, _("The file could not be built."))
    return Built(view.export_built_filename, _media(job.format), str(view.get_title()))


def _media(fmt: str) -> str:
    from cambill.core import tabular

    return tabular.XLSX_MEDIA_TYPE if fmt == "xlsx" else tabular.CSV_MEDIA_TYPE


def register() -> None:
    from cambill.exports.choices import ExportKind
    from cambill.exports.registry import register as register_builder

    register_builder(ExportKind.LIST, build_list)
