"""Tables of a cloud's accounts and cameras (and a camera's tariff history)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from cambill.core.display import person_name
from cambill.web.core.format import (
    price_text,
)
from cambill.web.core.tables import (
    BaseTable,
    StatusColumn,
    link,
)


class AccountTable(BaseTable):
    code = tables.Column(verbose_name=_("Code"))
    name = tables.Column(verbose_name=_("Name"))
    status = StatusColumn(verbose_name=_("Status"))
    account_manager = tables.Column(
        verbose_name=_("Account manager"), accessor="account_manager__last_name", empty_values=()
    )
    referral_agent = tables.Column(verbose_name=_("Agent"), accessor="referral_agent__name")
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

    def render_account_manager(self, record: Any) -> str:
        return person_name(record.account_manager) or "—"


class CameraTable(BaseTable):
    code = tables.Column(verbose_name=_("Stream"))
    title = tables.Column(verbose_name=_("Title"))
    account = tables.Column(verbose_name=_("Account"), accessor="account__code")
    tariff = tables.Column(verbose_name=_("Current tariff"), accessor="current_tariff")
    status = StatusColumn(verbose_name=_("Status"))

    export_as_text = ("code", "title", "account", "tariff")

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
