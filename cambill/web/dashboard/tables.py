"""Tables of the provider-wide lists behind the dashboard's totals."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cambill.web.accounts.tables import CameraTable
from cambill.web.core.tables import link
from cambill.web.invoicing.views import InvoiceTable


class ProviderCameraTable(CameraTable):
    cloud = tables.Column(verbose_name=_("Cloud"), accessor="cloud__slug")

    class Meta(CameraTable.Meta):
        sequence = ("cloud", "...")

    def render_cloud(self, value: str) -> str:
        return link(reverse("web:cloud_detail", args=[value]), value)

    def render_code(self, value: str, record: Any) -> str:  # type: ignore[override]
        return link(reverse("web:camera_detail", args=[record.cloud.slug, value]), value)

    def render_account(self, value: str, record: Any) -> str:  # type: ignore[override]
        return link(reverse("web:account_detail", args=[record.cloud.slug, value]), value)


class ProviderInvoiceTable(InvoiceTable):
    # The cloud reads under the number (so Issued and Due fit a 1280 px screen); exports
    # keep it as a column of its own.
    cloud = tables.Column(verbose_name=_("Cloud"), accessor="cloud__slug", visible=False)
    export_extra = ("cloud", "account", "currency")

    class Meta(InvoiceTable.Meta):
        sequence = ("cloud", "...")

    def render_cloud(self, value: str) -> str:
        return link(reverse("web:cloud_detail", args=[value]), value)

    def render_number(self, record: Any) -> str:
        text = record.number or format_html(
            '<span class="muted">{}</span>', _("draft #{}").format(record.pk)
        )
        number = link(reverse("web:invoice_detail", args=[record.cloud.slug, record.pk]), text)
        # The cloud's slug as text, as its column was (a small link under the number
        # would be a touch target too small for a phone).
        return format_html('{}<div class="muted small">{}</div>', number, record.cloud.slug)

    def value_number(self, record: Any) -> str:
        return str(record.number or _("draft #{}").format(record.pk))
