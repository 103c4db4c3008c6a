"""Provider-wide lists: the cameras and the invoices of every cloud in the
actor's scope (a provider manager: the clouds it is responsible for), with the
filters of a cloud's lists. The provider dashboard's totals link here.

The same recipes as a cloud's lists (``ListPage``, the cloud's tables with a
cloud column, the cloud's filtersets with a cloud filter); dates a filter takes
are local days of each row's cloud, times are shown in UTC.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from cambill.clouds.selectors import provider_camera_list, with_current_tariff
from cambill.invoicing.selectors import provider_invoice_list
from cambill.web.accounts.filters import ProviderCameraFilter
from cambill.web.core.pages import ListPage
from cambill.web.dashboard.tables import ProviderCameraTable, ProviderInvoiceTable
from cambill.web.invoicing.filters import ProviderInvoiceFilter


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


class ProviderInvoiceListView(ListPage):
    action = "invoice.view"
    provider_only = True
    title = _("All invoices")
    export_name = "invoices"
    table_class = ProviderInvoiceTable
    filterset_class = ProviderInvoiceFilter
    # Every page shows the total of the whole filtered list (per currency) and its own.
    sum_fields = {"total": _("Total")}

    def rows(self) -> Any:
        return provider_invoice_list(actor=self.actor)
