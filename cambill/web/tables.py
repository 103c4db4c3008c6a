"""Tables of the list pages (django-tables2: sortable, paginated).

Each table gets the page's ``cloud`` (to build links under ``/clouds/<slug>/``)
and ``tz`` (times are shown in the cloud's zone; the page also activates it).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.html import format_html, strip_tags
from django.utils.translation import gettext_lazy as _
from django_tables2.rows import BoundRow

from cambill.accounts.selectors import user_in_scope
from cambill.core import clock
from cambill.core.money import PRICE_PLACES, places_shown

from .format import components_text, current_prices, datetime_text, percent_text, price_text
from .labels import tr

TEMPLATE = "web/includes/table.html"


def link(url: str, text: Any) -> str:
    return format_html('<a href="{}">{}</a>', url, text)


def badge(value: str, label: Any = None) -> str:
    return format_html('<span class="badge badge-{}">{}</span>', value, label or value)


def money_value(amount: Decimal | None, currency: str) -> Decimal | None:
    """An amount for a spreadsheet: a number with at least the currency's minor
    digits and no trailing noise (a stored 25.9100 is 25.91, a price 0.305000 is 0.305)."""
    if amount is None:
        return None
    # The same places as the pages' amounts (cambill.core.money.places_shown).
    return amount.quantize(Decimal(1).scaleb(-places_shown(amount, currency, PRICE_PLACES)))


def cell_text(value: Any) -> str | None:
    """What a person reads in a rendered cell: tags stripped, entities decoded,
    whitespace collapsed; the "—" placeholder of an empty cell is empty."""
    text = " ".join(html.unescape(strip_tags(force_str(value))).split())
    return None if text in ("", "\u2014") else text


class BaseTable(tables.Table):
    """A table that knows the page's cloud and time zone."""

    class Meta:
        template_name = TEMPLATE
        # In a list page the results area is htmx-boosted for sorting and
        # paging; links to objects in the body stay ordinary links.
        attrs = {"class": "table", "tbody": {"hx-boost": "false"}}
        empty_text = _("Nothing here yet.")

    def __init__(
        self, *args: Any, cloud: Any = None, tz: Any = None, actor: Any = None, **kwargs: Any
    ) -> None:
        self.cloud = cloud
        self.tz = tz
        self.actor = actor
        super().__init__(*args, **kwargs)

    def can(self, action: str) -> bool:
        """Links to pages the actor may not open are left out (plain text)."""
        return self.actor is not None and self.actor.can(action)

    def url(self, name: str, *args: Any) -> str:
        return reverse(f"web:{name}", args=[self.cloud.slug, *args])

    def when(self, value: Any) -> str:
        if value is None:
            return "—"
        local = timezone.localtime(value, self.tz) if self.tz else timezone.localtime(value)
        return datetime_text(local)

    # --- export (CSV / XLSX of a list page) -------------------------------------
    #
    # A cell is exported as its value, not its HTML: a table's ``value_<column>``
    # method when it has one (money: the number, its currency in a column of its
    # own); else a number, date or time straight from the record (ISO in the
    # page's zone, written by ``cambill.reports.tabular``); else the text a person
    # reads in the rendered cell (links and badges become their text, choices
    # their translated label).

    # Columns hidden on the page that exports add (the currency of a money column).
    export_extra: tuple[str, ...] = ()

    @property
    def export_tz(self) -> ZoneInfo:
        return self.tz or ZoneInfo("UTC")

    def export_columns(self) -> list[Any]:
        return [
            bc
            for bc in self.columns.iterall()
            if not bc.column.exclude_from_export and (bc.visible or bc.name in self.export_extra)
        ]

    def export_header(self) -> list[str]:
        return [force_str(bc.header) for bc in self.export_columns()]

    def export_rows(self, records: Iterable[Any]) -> Iterator[list[Any]]:
        columns = self.export_columns()
        for record in records:
            row = BoundRow(record, table=self)
            yield [self.export_value(row, bc) for bc in columns]

    def export_value(self, row: BoundRow, bound_column: Any) -> Any:
        name = bound_column.name
        if hasattr(self, f"value_{name}"):
            value = row.get_cell_value(name)
            if value is None or isinstance(value, Decimal | int | float | date):
                return value
            return cell_text(value)
        raw = bound_column.accessor.resolve(row.record, quiet=True)
        if isinstance(raw, Decimal | float | date):
            if isinstance(raw, datetime) and raw.tzinfo is None:
                raw = raw.replace(tzinfo=UTC)
            return raw
        custom = hasattr(self, f"render_{name}") or (
            type(bound_column.column).render is not tables.Column.render
        )
        if isinstance(raw, int) and not isinstance(raw, bool) and not custom:
            return raw  # a count
        if isinstance(raw, dict | list):
            return json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str)
        return cell_text(row.get_cell(name))


class StatusColumn(tables.Column):
    """A choice as a coloured badge: the class from the stored value, the text
    its label (which django-tables2 already passes as ``value``)."""

    def render(self, value: Any, record: Any, bound_column: Any) -> str:  # type: ignore[override]
        raw = bound_column.accessor.resolve(record, quiet=True)
        return badge(str(raw), tr(value))


class ActiveColumn(tables.BooleanColumn):
    def render(self, value: Any, record: Any, bound_column: Any) -> str:  # type: ignore[override]
        return badge("active", _("yes")) if value else badge("off", _("no"))


class ServiceTable(BaseTable):
    code = tables.Column(verbose_name=_("Code"))
    name = tables.Column(verbose_name=_("Name"))
    kind = tables.Column(verbose_name=_("Kind"))
    unit = tables.Column(verbose_name=_("Unit"))
    prices = tables.Column(verbose_name=_("List price today"), empty_values=(), orderable=False)
    active = ActiveColumn(verbose_name=_("Active"))

    class Meta(BaseTable.Meta):
        fields = ("code", "name", "kind", "unit", "prices", "active")

    def render_code(self, value: str) -> str:
        return link(reverse("web:service_detail", args=[value]), value)

    def render_prices(self, record: Any) -> str:
        today = clock.now().date()
        return (
            ", ".join(price_text(a, c) for c, a in current_prices(record.prices.all(), today))
            or "—"
        )

    def value_prices(self, record: Any) -> str:
        """Prices in several currencies share the cell: "USD 0.30; EUR 0.28", plain numbers."""
        today = clock.now().date()
        return "; ".join(
            f"{c} {money_value(a, c):f}" for c, a in current_prices(record.prices.all(), today)
        )


class TariffTable(BaseTable):
    code = tables.Column(verbose_name=_("Code"))
    name = tables.Column(verbose_name=_("Name"))
    price = tables.Column(verbose_name=_("Monthly price"))
    components = tables.Column(verbose_name=_("Components"), empty_values=(), orderable=False)
    owner = tables.Column(
        verbose_name=_("Owner"), accessor="cloud_id", orderable=False, empty_values=()
    )
    active = ActiveColumn(verbose_name=_("Active"))
    currency = tables.Column(verbose_name=_("Currency"), visible=False)
    export_extra = ("currency",)

    class Meta(BaseTable.Meta):
        fields = ("code", "name", "price", "currency", "components", "owner", "active")

    def render_code(self, value: str, record: Any) -> str:
        if self.cloud is None:
            if self.actor is not None and self.actor.role == "provider_admin":
                return link(reverse("web:provider_tariff_edit", args=[value]), value)
            return value
        return link(self.url("tariff_detail", value), value)

    def render_price(self, value: Any, record: Any) -> str:
        return price_text(value, record.currency)

    def value_price(self, value: Any, record: Any) -> Any:
        return money_value(value, record.currency)

    def render_components(self, record: Any) -> str:
        return components_text(record)

    def render_owner(self, value: Any) -> Any:
        return _("cloud") if value else _("provider")


class CloudTable(BaseTable):
    slug = tables.Column(verbose_name=_("Slug"))
    name = tables.Column(verbose_name=_("Name"))
    currency = tables.Column(verbose_name=_("Currency"))
    timezone = tables.Column(verbose_name=_("Time zone"))
    discount_percent = tables.Column(verbose_name=_("Discount"))
    manager = tables.Column(verbose_name=_("Manager"), accessor="manager__username")
    accounts = tables.Column(verbose_name=_("Accounts"), accessor="n_accounts")
    status = StatusColumn(verbose_name=_("Status"))

    class Meta(BaseTable.Meta):
        fields = (
            "slug",
            "name",
            "currency",
            "timezone",
            "discount_percent",
            "manager",
            "accounts",
            "status",
        )

    def render_slug(self, value: str) -> str:
        return link(reverse("web:cloud_detail", args=[value]), value)

    def render_discount_percent(self, value: Any) -> str:
        return percent_text(value)


class AccountTable(BaseTable):
    code = tables.Column(verbose_name=_("Code"))
    name = tables.Column(verbose_name=_("Name"))
    status = StatusColumn(verbose_name=_("Status"))
    account_manager = tables.Column(
        verbose_name=_("Account manager"), accessor="account_manager__username"
    )
    referral_agent = tables.Column(verbose_name=_("Agent"), accessor="referral_agent__code")
    cameras = tables.Column(verbose_name=_("Cameras"), accessor="n_cameras")
    trial_until = tables.Column(verbose_name=_("Trial until"))

    class Meta(BaseTable.Meta):
        fields = (
            "code",
            "name",
            "status",
            "account_manager",
            "referral_agent",
            "cameras",
            "trial_until",
        )

    def render_code(self, value: str) -> str:
        return link(self.url("account_detail", value), value)

    def render_trial_until(self, value: Any) -> str:
        return self.when(value)


class CameraTable(BaseTable):
    code = tables.Column(verbose_name=_("Stream"))
    title = tables.Column(verbose_name=_("Title"))
    account = tables.Column(verbose_name=_("Account"), accessor="account__code")
    tariff = tables.Column(verbose_name=_("Current tariff"), accessor="current_tariff")
    status = StatusColumn(verbose_name=_("Status"))

    class Meta(BaseTable.Meta):
        fields = ("code", "title", "account", "tariff", "status")

    def render_code(self, value: str) -> str:
        return link(self.url("camera_detail", value), value)

    def render_account(self, value: str) -> str:
        return link(self.url("account_detail", value), value)


class HistoryTable(BaseTable):
    """A camera's tariff periods ``[from, to)`` in the cloud's local time."""

    tariff = tables.Column(verbose_name=_("Tariff"), accessor="tariff__code")
    price = tables.Column(
        verbose_name=_("Monthly price"), accessor="tariff__price", orderable=False
    )
    account = tables.Column(verbose_name=_("Account"), accessor="account__code")
    valid_from = tables.Column(verbose_name=_("From"))
    valid_to = tables.Column(verbose_name=_("Until (excluded)"), empty_values=())

    class Meta(BaseTable.Meta):
        fields = ("tariff", "price", "account", "valid_from", "valid_to")
        empty_text = _("This camera never had a tariff.")

    def render_price(self, value: Any, record: Any) -> str:
        return price_text(value, record.tariff.currency)

    def render_valid_from(self, value: Any) -> str:
        return self.when(value)

    def render_valid_to(self, value: Any) -> Any:
        return self.when(value) if value else _("open")


class AgentTable(BaseTable):
    code = tables.Column(verbose_name=_("Code"))
    name = tables.Column(verbose_name=_("Name"))
    parent = tables.Column(verbose_name=_("Parent"), accessor="parent__code")
    rate_percent = tables.Column(verbose_name=_("Rate"))
    user = tables.Column(verbose_name=_("Login"), accessor="user__username")
    accounts = tables.Column(verbose_name=_("Accounts"), accessor="n_accounts")
    active = ActiveColumn(verbose_name=_("Active"))

    class Meta(BaseTable.Meta):
        fields = ("code", "name", "parent", "rate_percent", "user", "accounts", "active")

    def render_code(self, value: str, record: Any) -> str:
        return link(self.url("agent_edit", value), value) if self.can("agent.manage") else value

    def render_rate_percent(self, value: Any) -> str:
        return percent_text(value)


class UserTable(BaseTable):
    username = tables.Column(verbose_name=_("Username"))
    full_name = tables.Column(verbose_name=_("Name"), accessor="last_name", empty_values=())
    role = StatusColumn(verbose_name=_("Role"))
    account = tables.Column(verbose_name=_("Account"), accessor="membership__account__code")
    agent = tables.Column(verbose_name=_("Agent"), accessor="agent__code")
    is_active = ActiveColumn(verbose_name=_("Active"))
    last_login = tables.Column(verbose_name=_("Last login"))

    class Meta(BaseTable.Meta):
        fields = ("username", "full_name", "role", "account", "agent", "is_active", "last_login")

    def render_username(self, value: Any, record: Any) -> str:
        # The user's page (role, second factor, and the admin's two-factor reset).
        if self.actor is None or not user_in_scope(self.actor, record):
            return value
        return link(reverse("web:user_detail", args=[value]), value)

    def render_full_name(self, record: Any) -> str:
        return record.get_full_name() or "—"

    def render_last_login(self, value: Any) -> str:
        return self.when(value)


class StaffTable(UserTable):
    class Meta(UserTable.Meta):
        exclude = ("account", "agent")


class AuditTable(BaseTable):
    at = tables.Column(verbose_name=_("When (UTC)"))
    actor_repr = tables.Column(verbose_name=_("Actor"))
    verb = tables.Column(verbose_name=_("Verb"))
    object_type = tables.Column(verbose_name=_("Object type"))
    object_repr = tables.Column(verbose_name=_("Object"))
    cloud = tables.Column(verbose_name=_("Cloud"), accessor="cloud__slug")
    changes = tables.Column(verbose_name=_("Before / after"), empty_values=(), orderable=False)

    class Meta(BaseTable.Meta):
        fields = ("at", "actor_repr", "verb", "object_type", "object_repr", "cloud", "changes")

    def render_at(self, value: Any) -> str:
        return self.when(value)

    def render_changes(self, record: Any) -> str:
        return render_to_string("web/includes/audit_changes.html", {"entry": record})

    def value_changes(self, record: Any) -> str | None:
        if record.before is None and record.after is None:
            return None
        return json.dumps(
            {"before": record.before, "after": record.after},
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        )
