"""The few generic pieces every page is built from.

A page is a short recipe: a permission (``action``), a scope (``CloudMixin``
resolves the ``/clouds/<slug>/`` part through the selectors), then either a
list (``ListPage``: a django-tables2 table over a selector's queryset, filtered
by a django-filter filterset), a detail (``DetailPage``) or a form that calls
one verb (``VerbFormPage``). Domain refusals become HTTP answers here, once:
``NotFound`` is a 404, ``Forbidden`` a 403, and any ``DomainError`` raised by a
verb goes back onto the form (``apply_domain_error``), never a 500.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from cambill.accounts.roles import PROVIDER_ROLES
from cambill.clouds.selectors import cloud_in_scope
from cambill.core.access import Actor, actor_for
from cambill.core.display import provider_zone
from cambill.core.errors import DomainError, ErrorCode, Forbidden, NotFound
from cambill.core.field_errors import field_messages
from cambill.core.permissions import MATRIX, require
from cambill.web.core.navigation import cloud_section, menu_for


def permissions_for(actor: Actor) -> dict[str, bool]:
    """``{"account_edit": True, ...}`` for templates (dots are not valid there)."""
    return {action.replace(".", "_"): actor.can(action) for action in MATRIX}


def apply_domain_error(
    form: forms.Form, error: DomainError, aliases: dict[str, str] | None = None
) -> None:
    """Put a verb's refusal on the form: every field error on its field
    (renamed through ``aliases`` where the verb's name differs). Only what
    belongs to no field of this form goes on top: the message of a refusal
    that names no field, or a field error whose field the form does not show
    (then with the field's name, so it still says what it is about)."""
    aliases = aliases or {}
    placed = False
    for field, messages_ in field_messages(error).items():
        name = aliases.get(field, field)
        for message in messages_:
            if name in form.fields:
                form.add_error(name, str(message))
            elif field in ("__all__", "non_field_errors"):
                form.add_error(None, str(message))
            else:
                form.add_error(None, f"{field}: {message}")
            placed = True
    if not placed:
        form.add_error(None, error.message)


class ActorMixin(LoginRequiredMixin):
    """Resolves the actor, checks ``action``, and turns refusals into 403/404.

    ``tz`` is the time zone pages are shown in (the cloud's on cloud pages);
    the whole response, template rendering included, runs under it.
    """

    action: str | None = None
    provider_only = False
    request: HttpRequest
    actor: Actor
    tz: ZoneInfo | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.actor = actor_for(request.user)
        try:
            if self.action:
                require(self.actor, self.action)
            if self.provider_only and self.actor.role not in PROVIDER_ROLES:
                raise Forbidden(gettext("Provider staff only."))
            self.resolve(**kwargs)
            with timezone.override(self.tz or provider_zone()):
                response = super().dispatch(request, *args, **kwargs)
                # Render now, still inside the time zone: a TemplateResponse
                # would otherwise render after we return, in UTC.
                if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                    response.render()
                return response
        except NotFound as e:
            raise Http404(e.message) from None
        except Forbidden as e:
            raise PermissionDenied(e.message) from None
        except DomainError as e:
            return render(
                request, "web/error.html", {"title": e.message, "error": e}, status=e.http_status
            )

    def resolve(self, **kwargs: Any) -> None:
        """Hook: load the objects named in the URL (through selectors)."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)  # type: ignore[misc]
        ctx["actor"] = self.actor
        ctx["can"] = permissions_for(self.actor)
        ctx["title"] = self.get_title()
        ctx["page_actions"] = [a for a in self.get_actions() if a]
        ctx["tz_name"] = str(self.tz or provider_zone())
        return ctx

    title: Any = ""

    def get_title(self) -> Any:
        return self.title

    def get_actions(self) -> Iterable[dict[str, Any] | None]:
        """Buttons in the page header: ``{"label", "url"}`` (None is skipped)."""
        return []

    def button(self, label: Any, url: str, action: str | None = None) -> dict[str, Any] | None:
        if action is not None and not self.actor.can(action):
            return None
        return {"label": label, "url": url}


class CloudMixin(ActorMixin):
    """Pages under ``/clouds/<slug>/``: the cloud must be in the actor's scope
    (else 404) and times are shown and entered in its time zone."""

    cloud: Any

    def resolve(self, **kwargs: Any) -> None:
        self.cloud = cloud_in_scope(actor=self.actor, slug=kwargs["slug"])
        self.tz = ZoneInfo(self.cloud.timezone)
        self.resolve_in_cloud(**kwargs)

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        """Hook: load the objects of the cloud named in the URL."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["cloud"] = self.cloud
        if self.actor.role in PROVIDER_ROLES:
            # Cloud users have these pages in the sidebar already; provider staff
            # get this cloud's as the sidebar's first section.
            ctx["nav_items"] = cloud_section(self.actor, self.cloud) + menu_for(self.request.user)
        return ctx


# What an empty list says to do next, by the page's URL name: the advice, and the
# button (label, URL name, the action it needs) shown to a role that may.
EMPTY_STATES: dict[str, tuple[Any, tuple[Any, str, str] | None]] = {
    "account_list": (
        _("No subscriber accounts yet. Add the first one, or import them from Watcher."),
        (_("New account"), "account_create", "account.create"),
    ),
    "camera_list": (
        _("No cameras yet. Add one to an account, or import them from Watcher."),
        (_("New camera"), "camera_create", "camera.manage"),
    ),
    "tariff_list": (
        _("No tariffs yet. A tariff is what a subscriber buys for one camera; make the first."),
        (_("New tariff"), "tariff_create", "tariff.manage"),
    ),
    "agent_list": (
        _("No referral agents yet. Agents bring accounts and earn commission on them."),
        (_("New agent"), "agent_create", "agent.manage"),
    ),
    "user_list": (
        _("No users yet. Invite the people who work in this cloud."),
        (_("New user"), "user_create", "user.manage"),
    ),
    "invoice_list": (
        _("No invoices yet. A bill run makes them once a month has closed."),
        (_("Bill runs"), "bill_run_list", "billrun.view"),
    ),
    "bill_run_list": (
        _("No bill runs yet. Start one for a closed month to make its invoices."),
        (_("Start a bill run"), "bill_run_start", "billrun.manage"),
    ),
    "cloud_list": (
        _("No clouds yet. Add the first operator cloud."),
        (_("New cloud"), "cloud_create", "cloud.create"),
    ),
    "service_list": (
        _("No services yet. Services are what the provider sells to clouds."),
        (_("New service"), "service_create", "service.manage"),
    ),
    "usage_events": (_("No usage has arrived yet: Watcher sends it once cameras record."), None),
    "audit_list": (_("Nothing has been done yet."), None),
}

EXPORT_PARAM = "_export"
EXPORT_FORMATS = ("csv", "xlsx")
# Rows read from the database at a time while a CSV export streams.
EXPORT_CHUNK = 2000
# Above this many rows the export buttons build the file in the background.
EXPORT_INLINE_MAX_ROWS_DEFAULT = 5000


def export_inline_max_rows() -> int:
    from django.conf import settings

    return int(getattr(settings, "CAMBILL_EXPORT_INLINE_MAX_ROWS", EXPORT_INLINE_MAX_ROWS_DEFAULT))


class ListPage(ActorMixin, SingleTableMixin, FilterView):
    """A sortable, paginated table over a selector's queryset, with filters.

    An htmx request (the filter form or a sort/page link) gets only the results.

    ``?_export=csv`` or ``?_export=xlsx`` downloads the same list: every row the
    filters and the scope let through (not only the page), in the current sort
    order, the columns shown as plain values (see ``BaseTable.export_value`` and
    ``cambill.reports.tabular``), the headers in the user's language. The rows
    come from the same ``rows()`` selector and filterset as the page, so an
    export can never hold more than the page could show. CSV streams; XLSX is
    bounded (``CAMBILL_EXPORT_XLSX_MAX_ROWS``, 100,000 by default).
    """

    template_name = "web/list.html"
    results_template_name = "web/includes/list_results.html"
    # GET reads may come from the read replica (cambill.core.db_router).
    replica_reads = True
    # Paginated by the table (not by ListView, which would paginate a second time).
    table_pagination = {"per_page": 25}
    filterset_class: Any = None
    # The file name's first part; by default the page title in English ("usage-events").
    export_name: str | None = None
    exporting: str | None = None

    def rows(self) -> Any:
        raise NotImplementedError

    def get_queryset(self) -> Any:
        return self.rows()

    def get_filterset_kwargs(self, filterset_class: Any) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["actor"] = self.actor
        kwargs["cloud"] = getattr(self, "cloud", None)
        return kwargs

    def get_filterset_class(self) -> Any:
        if self.filterset_class is None:
            from cambill.web.core.filters import NoFilter

            return NoFilter
        return self.filterset_class

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        from cambill.web.core.filters import make_live

        make_live(self.filterset.form, self.request.path)
        self._export_page_table = ctx.get("table")
        ctx["export_links"] = self.export_links()
        ctx["list_totals"] = self.list_totals(ctx.get("table"))
        ctx["empty_state"] = self.empty_state()
        return ctx

    # --- totals and the empty state -------------------------------------------------

    # Money columns summed over the whole filtered list (shown on every page) and
    # over the page shown: ``{"total": _("Total")}``, per currency (``currency_field``).
    sum_fields: dict[str, Any] = {}
    currency_field = "currency"

    def list_totals(self, table: Any) -> dict[str, Any] | None:
        from django.db.models import Sum

        from cambill.web.core.format import price_text

        if table is None or table.paginator is None:
            return None
        count = table.paginator.count
        out: dict[str, Any] = {
            "count": count,
            "pages": table.paginator.num_pages,
            "page": table.page.number if table.page else 1,
            "sums": [],
            "page_sums": [],
        }
        qs = getattr(self, "object_list", None)
        if not self.sum_fields or not isinstance(qs, QuerySet) or count == 0:
            return out
        cur = self.currency_field
        rows = (
            qs.order_by()
            .values(cur)
            .annotate(**{f"sum_{f}": Sum(f) for f in self.sum_fields})
            .order_by(cur)
        )
        for row in rows:
            for field, label in self.sum_fields.items():
                amount = row[f"sum_{field}"]
                out["sums"].append({"label": label, "text": price_text(amount, row[cur])})
        page: dict[tuple[str, str], Any] = {}
        for bound in table.page.object_list if table.page else []:
            record = bound.record
            for field in self.sum_fields:
                key = (getattr(record, cur), field)
                page[key] = page.get(key, 0) + (getattr(record, field) or 0)
        for (currency, field), amount in sorted(page.items()):
            out["page_sums"].append(
                {"label": self.sum_fields[field], "text": price_text(amount, currency)}
            )
        return out

    def filtered(self) -> bool:
        """Whether the reader narrowed the list (an empty result is then no news)."""
        form = getattr(getattr(self, "filterset", None), "form", None)
        if form is None or not form.is_bound:
            return False
        return any(v not in (None, "", [], ()) for v in getattr(form, "cleaned_data", {}).values())

    def empty_state(self) -> dict[str, Any] | None:
        """What an empty list says to do next: the page's own advice
        (``EMPTY_STATES``, by URL name) and, for a role that may, the button."""
        if self.filtered():
            return {"text": _("Nothing matches these filters."), "clear": self.request.path}
        match = getattr(self.request, "resolver_match", None)
        name = match.url_name if match else None
        advice = EMPTY_STATES.get(name or "")
        if advice is None:
            return None  # the table's own empty text
        text, button = advice
        out: dict[str, Any] = {"text": text}
        if button is not None:
            label, url_name, action = button
            cloud = getattr(self, "cloud", None)
            if self.actor.can(action, cloud):
                args = [cloud.slug] if cloud is not None else []
                out["button"] = {"label": label, "url": reverse(f"web:{url_name}", args=args)}
            else:
                out["who"] = _(
                    "Someone whose role may add them will do it; you will see them here."
                )
        return out

    def get_table_kwargs(self) -> dict[str, Any]:
        return {"cloud": getattr(self, "cloud", None), "tz": self.tz, "actor": self.actor}

    # --- export -------------------------------------------------------------------

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        fmt = request.GET.get(EXPORT_PARAM)
        if fmt is None:
            return super().get(request, *args, **kwargs)  # type: ignore[no-any-return]
        if fmt not in EXPORT_FORMATS:
            raise DomainError(
                ErrorCode.VALIDATION,
                gettext("Unknown export format; use csv or xlsx."),
                {EXPORT_PARAM: [fmt]},
            )
        self.exporting = fmt
        # Exactly what FilterView.get does for the page, without rendering it.
        self.filterset = self.get_filterset(self.get_filterset_class())
        if not self.filterset.is_bound or self.filterset.is_valid() or not self.get_strict():
            self.object_list = self.filterset.qs
        else:
            self.object_list = self.filterset.queryset.none()
        table = self.get_table(**self.get_table_kwargs())
        table.before_render(request)
        return self.export_response(table, fmt)

    def get_table_pagination(self, table: Any) -> Any:
        if self.exporting:
            return False
        return super().get_table_pagination(table)

    def export_records(self, table: Any) -> Any:
        """The filtered rows in the table's order; a queryset is read in chunks."""
        data = table.data.data
        if isinstance(data, QuerySet):
            return data.iterator(chunk_size=EXPORT_CHUNK)
        return iter(data)

    def export_filename(self, fmt: str) -> str:
        from cambill.core.tabular import export_filename

        with translation.override("en"):
            name = self.export_name or str(self.get_title())
        cloud = getattr(self, "cloud", None)
        today = timezone.localdate(timezone=self.tz or ZoneInfo("UTC"))
        return export_filename(name, fmt, today, cloud.slug if cloud is not None else "")

    # Set by the background export (cambill/web/core/exports.py): ``(file, progress)``;
    # the rows are then written to that file, with no row cap, instead of answered.
    export_sink: Any = None
    export_built_filename = ""

    def export_response(self, table: Any, fmt: str) -> HttpResponseBase:
        from cambill.core import tabular

        if self.export_sink is not None:
            return self.export_to_sink(table, fmt)
        header = table.export_header()
        filename = self.export_filename(fmt)
        tz = table.export_tz
        response: HttpResponseBase
        if fmt == "xlsx":
            limit = tabular.xlsx_max_rows()
            data = table.data.data
            count = data.count() if isinstance(data, QuerySet) else len(data)
            if count > limit:
                raise DomainError(
                    ErrorCode.VALIDATION,
                    gettext(
                        "This list has %(count)s rows; an Excel export holds at most "
                        "%(limit)s. Narrow the filters, or export CSV, which has no limit."
                    )
                    % {"count": count, "limit": limit},
                )
            body = tabular.xlsx_bytes(
                header, table.export_rows(self.export_records(table)), str(self.get_title()), tz
            )
            response = HttpResponse(body, content_type=tabular.XLSX_MEDIA_TYPE)
        else:
            response = StreamingHttpResponse(
                self.stream_csv(table, header, tz), content_type=tabular.CSV_MEDIA_TYPE
            )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def export_to_sink(self, table: Any, fmt: str) -> HttpResponseBase:
        """Every filtered row into ``export_sink``'s file, telling its progress."""
        from cambill.core import tabular

        out, progress = self.export_sink
        data = table.data.data
        total = data.count() if isinstance(data, QuerySet) else len(data)
        progress(0, total)

        def counted(rows: Any) -> Any:
            for i, row in enumerate(rows, 1):
                yield row
                if i % EXPORT_CHUNK == 0:
                    progress(i, total)

        header = table.export_header()
        tz = table.export_tz
        rows = counted(table.export_rows(self.export_records(table)))
        if fmt == "xlsx":
            tabular.xlsx_stream(out, header, rows, str(self.get_title()), tz)
        else:
            out.write(tabular.UTF8_BOM.encode())
            for line in tabular.csv_lines(header, rows, tz):
                out.write(line.encode())
        progress(total, total)
        self.export_built_filename = self.export_filename(fmt)
        return HttpResponse(status=204)

    def stream_csv(self, table: Any, header: list[str], tz: Any) -> Any:
        """CSV lines as the rows are read. The response is consumed after the
        view has returned, so each chunk is rendered back inside the page's
        language and time zone."""
        from cambill.core import tabular

        language = translation.get_language()
        lines = tabular.csv_lines(header, table.export_rows(self.export_records(table)), tz)
        yield tabular.UTF8_BOM
        while True:
            chunk: list[str] = []
            with translation.override(language), timezone.override(tz):
                for line in lines:
                    chunk.append(line)
                    if len(chunk) >= 500:
                        break
            if not chunk:
                return
            yield "".join(chunk)

    def export_links(self) -> list[dict[str, Any]]:
        """The download buttons: this URL with its filters and sort, without the page."""
        query = self.request.GET.copy()
        table = getattr(self, "_export_page_table", None)
        page_field = table.prefixed_page_field if table is not None else "page"
        query.pop(page_field, None)
        links = []
        # A list too long to download while the reader waits is built in the
        # background instead (``/exports/``): the same path, filters and sort.
        path = self.request.path + ("?" + query.urlencode() if query else "")
        count = table.paginator.count if table is not None and table.paginator else 0
        background = count > export_inline_max_rows()
        for fmt, label in (("csv", _("Export CSV")), ("xlsx", _("Export Excel (XLSX)"))):
            query[EXPORT_PARAM] = fmt
            links.append(
                {
                    "format": fmt,
                    "label": label,
                    "url": "?" + query.urlencode(),
                    "background": background,
                    "path": path,
                }
            )
        return links

    def get_template_names(self) -> list[str]:
        htmx = getattr(self.request, "htmx", None)
        if htmx and htmx.target == "list-results":
            return [self.results_template_name]
        return [self.template_name]

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **kwargs)
        # The same URL answers a whole page or only the results: caches must tell them apart.
        patch_vary_headers(response, ("HX-Request", "HX-Target"))
        return response


class DetailPage(ActorMixin, TemplateView):
    """One object (loaded in ``resolve``) and its related tables."""

    object: Any


class VerbFormPage(ActorMixin, FormView):
    """A form whose valid data is handed to one verb (``perform``).

    The verb's DomainError goes back onto the form; ``perform`` runs in one
    transaction so a page that calls more than one verb never writes half.
    ``formset_class`` adds a formset (tariff components) validated together.
    """

    template_name = "web/form.html"
    error_aliases: dict[str, str] = {}
    success_message: Any = ""
    submit_label: Any = ""
    formset_class: Any = None
    object: Any = None
    cancel_url: Any = None  # a URL (or a lazy one); else default_cancel_url()

    def perform(self, form: Any) -> Any:
        raise NotImplementedError

    def form_extra_kwargs(self) -> dict[str, Any]:
        """Hook: what the form needs to build its choices (actor, cloud, ...)."""
        return {}

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(self.form_extra_kwargs())
        return kwargs

    def formset_kwargs(self) -> dict[str, Any]:
        return {}

    def get_formset(self) -> Any:
        if self.formset_class is None:
            return None
        if not hasattr(self, "_formset"):
            data = self.request.POST if self.request.method == "POST" else None
            self._formset = self.formset_class(data, prefix="rows", **self.formset_kwargs())
        return self._formset

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form()
        formset = self.get_formset()
        form_ok = form.is_valid()
        formset_ok = formset is None or formset.is_valid()
        if form_ok and formset_ok:
            return self.form_valid(form)
        return self.form_invalid(form)

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            with transaction.atomic():
                result = self.perform(form)
        except (DomainError, Forbidden) as e:
            if isinstance(e, DomainError) and e.code == ErrorCode.NOT_FOUND:
                raise
            apply_domain_error(form, e, self.error_aliases)
            return self.form_invalid(form)
        if result is not None:
            self.object = result
        if self.success_message:
            messages.success(self.request, str(self.success_message))
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["formset"] = self.get_formset()
        ctx["submit_label"] = self.submit_label
        ctx["cancel_url"] = self.cancel_url or self.default_cancel_url()
        return ctx

    def default_cancel_url(self) -> str | None:
        return None


class CloudListPage(CloudMixin, ListPage):
    pass


class CloudDetailPage(CloudMixin, DetailPage):
    pass


class CloudFormPage(CloudMixin, VerbFormPage):
    """A verb form on a cloud page: the form gets the actor, the cloud and its time zone."""

    def form_extra_kwargs(self) -> dict[str, Any]:
        return {"actor": self.actor, "cloud": self.cloud, "tz": self.tz}


class ProviderFormPage(VerbFormPage):
    def form_extra_kwargs(self) -> dict[str, Any]:
        return {"actor": self.actor}
