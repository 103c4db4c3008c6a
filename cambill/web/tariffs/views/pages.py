"""Tariff plans: a cloud's own (and the provider tariffs it may sell), and the
form shared with provider tariffs (fields plus a ``service x quantity`` formset)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from cambill.catalog.selectors import tariff_get, tariff_list
from cambill.catalog.services import tariff_create, tariff_update
from cambill.core import clock
from cambill.core.errors import DomainError, ErrorCode, NotFound
from cambill.rating import RatingError
from cambill.usage.metering import tariff_metered_set
from cambill.usage.selectors import meter_list, tariff_extras
from cambill.web.core.pages import CloudDetailPage, CloudFormPage, CloudListPage, CloudMixin
from cambill.web.tariffs.filters import TariffFilter
from cambill.web.tariffs.forms import (
    EXTRAS_PREFIX,
    ComponentFormSet,
    MeteredExtraFormSet,
    TariffForm,
    extras_initial,
)
from cambill.web.tariffs.tables import TariffTable
from cambill.web.tariffs.views.quote import Quote, extras_quote, tariff_quote

# The verb's limits on a component's quantity (catalog ``_clean_components``):
# rows outside them are left out of the quote and said so.
MAX_QUANTITY = Decimal(100000)
BUILDER_TEMPLATE = "web/workspace/tariff_form.html"


class TariffFormMixin:
    """Create (``object`` None) or edit a tariff of ``cloud`` (None: the provider's)."""

    form_class: Any = TariffForm
    formset_class: Any = ComponentFormSet
    object: Any = None
    actor: Any
    # Set by perform(): by the time the message is read, ``object`` is the
    # new tariff, so it cannot tell a creation from an edit any more.
    created = False

    @property
    def tariff_cloud(self) -> Any:
        return getattr(self, "cloud", None)

    def get_title(self) -> Any:
        if self.object is None:
            return self.title  # type: ignore[attr-defined]
        return _("Edit tariff %(code)s") % {"code": self.object.code}

    @property
    def success_message(self) -> Any:  # type: ignore[override]
        return _("Tariff created.") if self.created else _("Tariff saved.")

    def get_initial(self) -> dict[str, Any]:
        t = self.object
        if t is None:
            return {}
        return {
            "code": t.code,
            "name": t.name,
            "price": t.price,
            "active": t.active,
            "self_service": t.self_service,
        }

    def formset_kwargs(self) -> dict[str, Any]:
        initial = None
        if self.object is not None:
            initial = [
                {"service": c.service, "quantity": c.quantity} for c in self.object.components.all()
            ]
        return {"actor": self.actor, "initial": initial}  # type: ignore[attr-defined]

    def get_extras_formset(self) -> Any:
        """The metered extras (a cloud's tariffs only; prefix ``extras``)."""
        if self.tariff_cloud is None:
            return None
        if not hasattr(self, "_extras"):
            request = self.request  # type: ignore[attr-defined]
            data = request.POST if request.method == "POST" else None
            initial = None
            if self.object is not None and data is None:
                stored = tariff_extras(cloud=self.tariff_cloud, tariffs=[self.object])
                initial = extras_initial(stored[self.object.pk], meter_list(actor=self.actor))
            self._extras = MeteredExtraFormSet(  # type: ignore[call-arg]
                data,
                prefix=EXTRAS_PREFIX,
                actor=self.actor,
                initial=initial,
                currency=self.tariff_cloud.currency,
            )
        return self._extras

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)  # type: ignore[misc]
        ctx["extras_formset"] = self.get_extras_formset()
        return ctx

    def perform(self, form: Any) -> Any:
        plan = self._perform_tariff(form)
        extras = self.get_extras_formset()
        # A form sent without the extras rows (an older page) leaves them as they are.
        if extras is not None and f"{EXTRAS_PREFIX}-TOTAL_FORMS" in self.request.POST:  # type: ignore[attr-defined]
            if not extras.is_valid():
                message = gettext("A metered extra is not complete: see its row.")
                raise DomainError(ErrorCode.VALIDATION, message, {"metered": [message]})
            tariff_metered_set(
                actor=self.actor, cloud=self.tariff_cloud, tariff=plan, metered=extras.extras()
            )
        return plan

    def _perform_tariff(self, form: Any) -> Any:
        d = form.cleaned_data
        components = self.get_formset().components()  # type: ignore[attr-defined]
        if self.object is None:
            self.created = True
            return tariff_create(
                actor=self.actor,
                cloud=self.tariff_cloud,
                code=d["code"],
                name=d["name"],  # type: ignore[attr-defined]
                price=d["price"],
                currency=(d.get("currency") or "").strip().upper() or None,
                components=components,
                self_service=bool(d.get("self_service")),
            )
        # The price is a dated change: sent only when it changes (or a date is
        # given), so saving the name does not add a price row dated today.
        price: dict[str, Any] = {}
        if d["price"] != self.object.price or d.get("price_valid_from"):  # type: ignore[attr-defined]
            price = {"price": d["price"], "price_valid_from": d.get("price_valid_from")}
        return tariff_update(
            actor=self.actor,
            tariff=self.object,  # type: ignore[attr-defined]
            name=d["name"],
            active=d["active"],
            self_service=bool(d.get("self_service")),
            components=components,
            **price,
        )

    def get_success_url(self) -> str:
        if self.tariff_cloud is None:
            return reverse("web:provider_tariff_list")
        return reverse("web:tariff_detail", args=[self.tariff_cloud.slug, self.object.code])

    def default_cancel_url(self) -> str:
        if self.tariff_cloud is None:
            return reverse("web:provider_tariff_list")
        if self.object is None:
            return reverse("web:tariff_list", args=[self.tariff_cloud.slug])
        return reverse("web:tariff_detail", args=[self.tariff_cloud.slug, self.object.code])


# --- the builder's live figures -------------------------------------------------


def _decimal(text: Any) -> Decimal | None:
    from cambill.core.validation import parse_decimal

    return parse_decimal(str(text).strip().replace(",", "."))


def quote_from_data(*, actor: Any, cloud: Any, data: Any) -> dict[str, Any]:
    """The builder panel's context from what is typed so far (``data`` is the
    tariff form's POST): rows still being typed are skipped with a note, never
    an error page, and nothing is written."""
    notes: list[str] = []
    components: list[tuple[Any, Decimal]] = []
    seen: set[str] = set()
    formset = ComponentFormSet(data, prefix="rows", actor=actor)  # type: ignore[call-arg]
    if formset.management_form.is_valid():
        for i, form in enumerate(formset.forms, start=1):
            if not form.is_valid():
                notes.append(gettext("Row %(n)s is not complete yet.") % {"n": i})
                continue
            service, qty = form.cleaned_data.get("service"), form.cleaned_data.get("quantity")
            if service is None:
                continue
            exponent = qty.as_tuple().exponent
            if qty <= 0 or qty > MAX_QUANTITY or (isinstance(exponent, int) and exponent < -4):
                notes.append(
                    gettext("Row %(n)s: the quantity must be positive, at most 4 decimals.")
                    % {"n": i}
                )
                continue
            if service.code in seen:
                notes.append(
                    gettext("Row %(n)s: %(service)s appears twice.")
                    % {"n": i, "service": service.code}
                )
                continue
            seen.add(service.code)
            components.append((service, qty))
    typed = str(data.get("price") or "").strip()
    price = _decimal(typed) if typed else None
    if typed and (price is None or price < 0):
        notes.append(gettext("The monthly price is not a valid amount yet."))
        price = None
    quote: Quote | None = None
    day = timezone.localdate(clock.now(), timezone=cloud_tz(cloud))
    try:
        quote = tariff_quote(cloud=cloud, components=components, retail_price=price, day=day)
    except RatingError as e:
        notes.append(str(e))
    extras = extras_from_data(actor=actor, data=data, notes=notes)
    return {
        "quote": quote,
        "quote_notes": notes,
        "cloud": cloud,
        "has_components": components,
        "extras": extras_quote(cloud=cloud, extras=extras, day=day) if extras else [],
    }


def extras_from_data(*, actor: Any, data: Any, notes: list[str]) -> list[dict[str, Any]]:
    """The metered extras typed so far that have a sample quantity, checked as
    the verb checks them (``clean_tariff_extras``); others get a note."""
    from cambill.usage.metering import clean_tariff_extras

    formset = MeteredExtraFormSet(data, prefix=EXTRAS_PREFIX, actor=actor)  # type: ignore[call-arg]
    out: list[dict[str, Any]] = []
    if not formset.management_form.is_valid():
        return out
    for i, form in enumerate(formset.forms, start=1):
        if not form.is_valid():
            notes.append(gettext("Metered extra %(n)s is not complete yet.") % {"n": i})
            continue
        extra, sample = form.extra(), form.cleaned_data.get("sample")
        if extra is None or sample is None:
            continue
        if sample < 0:
            notes.append(
                gettext("Metered extra %(n)s: the sample must not be negative.") % {"n": i}
            )
            continue
        try:
            (clean,) = clean_tariff_extras([extra])
        except DomainError as e:
            notes.append(f"{gettext('Metered extra %(n)s') % {'n': i}}: {e.message}")
            continue
        out.append({**clean, "meter": clean["meter"].code, "sample": sample})
    return out


def cloud_tz(cloud: Any) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(cloud.timezone)


class BuilderMixin:
    """The cloud tariff form with the builder panel beside it."""

    request: HttpRequest
    actor: Any
    cloud: Any

    def builder_data(self) -> Any:
        if self.request.method == "POST":
            return self.request.POST
        # First view: the figures of the tariff as it stands (or of nothing yet).
        data: dict[str, Any] = {}
        formset = self.get_formset()  # type: ignore[attr-defined]
        for i, form in enumerate(formset.forms):
            initial = form.initial or {}
            if initial.get("service") is not None:
                data[f"rows-{i}-service"] = str(initial["service"].pk)
                data[f"rows-{i}-quantity"] = str(initial["quantity"])
        extras = self.get_extras_formset()  # type: ignore[attr-defined]
        for i, form in enumerate(extras.forms if extras is not None else []):
            for key, value in (form.initial or {}).items():
                if value is None:
                    continue
                if key == "meter":
                    value = value.pk
                elif key == "pricing":
                    value = json.dumps(value)
                data[f"{EXTRAS_PREFIX}-{i}-{key}"] = str(value)
        if extras is not None:
            data[f"{EXTRAS_PREFIX}-TOTAL_FORMS"] = str(len(extras.forms))
            data[f"{EXTRAS_PREFIX}-INITIAL_FORMS"] = "0"
        data.update(
            {
                "rows-TOTAL_FORMS": str(len(formset.forms)),
                "rows-INITIAL_FORMS": "0",
                "price": str(self.get_initial().get("price", "")),  # type: ignore[attr-defined]
            }
        )
        return data

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)  # type: ignore[misc]
        ctx.update(quote_from_data(actor=self.actor, cloud=self.cloud, data=self.builder_data()))
        ctx["quote_url"] = reverse("web:tariff_quote", args=[self.cloud.slug])
        return ctx


class TariffQuoteView(CloudMixin, View):
    """POST (htmx, as the builder form changes): the figures panel only.
    Reads what is typed, writes nothing."""

    action = "tariff.manage"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ctx = quote_from_data(actor=self.actor, cloud=self.cloud, data=request.POST)
        return render(request, "web/workspace/tariff_quote.html", ctx)


class TariffListView(CloudListPage):
    action = "tariff.view"
    title = _("Tariffs")
    table_class = TariffTable
    filterset_class = TariffFilter

    def rows(self) -> Any:
        return tariff_list(actor=self.actor, cloud=self.cloud)

    def get_actions(self) -> Any:
        return [
            self.button(
                _("New tariff"),
                reverse("web:tariff_create", args=[self.cloud.slug]),
                "tariff.manage",
            )
        ]


class TariffDetailView(CloudDetailPage):
    action = "tariff.view"
    template_name = "web/tariff_detail.html"

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        self.object = tariff_get(actor=self.actor, cloud=self.cloud, code=kwargs["code"])

    def get_title(self) -> Any:
        return f"{self.object.code} - {self.object.name}"

    def get_actions(self) -> Any:
        if self.object.cloud_id != self.cloud.pk:
            return []  # a provider tariff is edited by the provider
        return [
            self.button(
                _("Edit"),
                reverse("web:tariff_edit", args=[self.cloud.slug, self.object.code]),
                "tariff.manage",
            )
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["tariff"] = self.object
        ctx["components"] = self.object.components.all()
        # Each price with the local day it takes effect; the one in effect today is marked.
        today = timezone.localdate(clock.now(), timezone=cloud_tz(self.cloud))
        prices = list(self.object.prices.order_by("-valid_from"))
        ctx["prices"] = prices
        ctx["price_now"] = next((p for p in prices if p.valid_from <= today), None)
        ctx["metered_extras"] = tariff_extras(cloud=self.cloud, tariffs=[self.object])[
            self.object.pk
        ]
        if self.actor.can("cost.view") and self.object.currency == self.cloud.currency:
            # What this tariff earns the cloud per camera-month, as in the builder.
            try:
                ctx["quote"] = tariff_quote(
                    cloud=self.cloud,
                    components=[(c.service, c.quantity) for c in ctx["components"]],
                    retail_price=self.object.price,
                    day=timezone.localdate(clock.now(), timezone=cloud_tz(self.cloud)),
                )
            except RatingError:
                ctx["quote"] = None
        return ctx


class TariffCreateView(BuilderMixin, TariffFormMixin, CloudFormPage):
    action = "tariff.manage"
    template_name = BUILDER_TEMPLATE
    title = _("New tariff")


class TariffEditView(BuilderMixin, TariffFormMixin, CloudFormPage):
    action = "tariff.manage"
    template_name = BUILDER_TEMPLATE

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        tariff = tariff_get(actor=self.actor, cloud=self.cloud, code=kwargs["code"])
        if tariff.cloud_id != self.cloud.pk:
            raise NotFound("tariff")  # provider tariffs are edited on the provider's page
        self.object = tariff
