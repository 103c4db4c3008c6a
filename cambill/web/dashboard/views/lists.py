"""Provider-wide lists: the cameras and the invoices of every cloud in the
actor's scope (a provider manager: the clouds it is responsible for), with the
filters of a cloud's lists. The provider dashboard's totals link here.

The same recipes as a cloud's lists (``ListPage``, the cloud's tables with a
cloud column, the cloud's filtersets with a cloud filter); dates a filter takes
are local days of each row's cloud, times are shown in UTC.
"""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cambill.clouds.selectors import provider_camera_list, with_current_tariff
from cambill.invoicing.selectors import provider_invoice_list
from cambill.web.accounts.filters import ProviderCameraFilter
from cambill.web.accounts.tables import CameraTable
from cambill.web.core.pages import ListPage
from cambill.web.core.tables import link
from cambill.web.invoicing.filters import ProviderInvoiceFilter
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


class ProviderCameraListView(ListPage):
    action = "camera.view"
    provider_only = True
    title = _("All cameras")
    export_name = "cameras"
    table_class = ProviderCameraTable
    filterset_class = ProviderCameraFilter

    def rows(self) -> Any:
        return with_current_tariff(provider_camera_list(actor=self.actor)).order_by(
            "cloud__slug", "code"
        )


class ProviderInvoiceTable(InvoiceTable):
    cloud = tables.Column(verbose_name=_("Cloud"), accessor="cloud__slug")

    class Meta(InvoiceTable.Meta):
        sequence = ("cloud", "...")

    def render_cloud(self, value: str) -> str:
        return link(reverse("web:cloud_detail", args=[value]), value)

    def render_number(self, record: Any) -> str:
        text = record.number or format_html(
            '<span class="muted">{}</span>', _("draft #{}").format(record.pk)
        )
        return link(reverse("web:invoice_detail", args=[record.cloud.slug, record.pk]), text)


class ProviderInvoiceListView(ListPage):
    action = "invoice.view"
    provider_only = True
    title = _("All invoices")
    export_name = "invoices"
    table_class = ProviderInvoiceTable
    filterset_class = ProviderInvoiceFilter

    def rows(self) -> Any:
        return provider_invoice_list(actor=self.actor)
