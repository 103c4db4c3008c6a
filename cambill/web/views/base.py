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
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from cambill.accounts.roles import PROVIDER_ROLES
from cambill.clouds.selectors import cloud_in_scope
from cambill.core.access import Actor, actor_for
from cambill.core.errors import DomainError, ErrorCode, Forbidden, NotFound
from cambill.core.permissions import MATRIX, require

from ..navigation import cloud_menu, invoicing_items


def permissions_for(actor: Actor) -> dict[str, bool]:
    """``{"account_edit": True, ...}`` for templates (dots are not valid there)."""
    return {action.replace(".", "_"): actor.can(action) for action in MATRIX}


def apply_domain_error(
    form: forms.Form, error: DomainError, aliases: dict[str, str] | None = None
) -> None:
    """Put a verb's refusal on the form: field errors on their fields (renamed
    through ``aliases`` where the verb's name differs), the message on top."""
    aliases = aliases or {}
    placed: list[str] = []
    for field, messages_ in error.fields.items():
        name = aliases.get(field, field)
        if name not in form.fields:
            continue
        items = messages_ if isinstance(messages_, list | tuple) else [messages_]
        for message in items:
            form.add_error(name, str(message))
            placed.append(str(message))
    if error.message not in placed:
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
                raise Forbidden("Provider staff only.")
            self.resolve(**kwargs)
            with timezone.override(self.tz or ZoneInfo("UTC")):
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
        ctx["tz_name"] = str(self.tz) if self.tz else "UTC"
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
            # Cloud users have these pages in the sidebar already.
            ctx["cloud_tabs"] = cloud_menu(self.actor, self.cloud) + invoicing_items(
                self.actor, self.cloud
            )
        return ctx


class ListPage(ActorMixin, SingleTableMixin, FilterView):
    """A sortable, paginated table over a selector's queryset, with filters.

    An htmx request (the filter form or a sort/page link) gets only the results.
    """

    template_name = "web/list.html"
    results_template_name = "web/includes/list_results.html"
    # Paginated by the table (not by ListView, which would paginate a second time).
    table_pagination = {"per_page": 25}
    filterset_class: Any = None

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
            from ..filters import NoFilter

            return NoFilter
        return self.filterset_class

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        from ..filters import make_live

        make_live(self.filterset.form, self.request.path)
        return ctx

    def get_table_kwargs(self) -> dict[str, Any]:
        return {"cloud": getattr(self, "cloud", None), "tz": self.tz, "actor": self.actor}

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
