"""Invoice, bill-run and report routes, mounted under ``/api/v1/clouds/<slug>/``.

Paths answer with and without the trailing slash (``invoices/7`` and
``invoices/7/``), so clients written from either spelling work.
"""

from django.urls import re_path
from rest_framework.routers import SimpleRouter

from .invoicing import BillRunViewSet, InvoiceViewSet
from .reports import UsageReportViewSet


class _Router(SimpleRouter):
    def __init__(self) -> None:
        super().__init__()
        self.trailing_slash = "/?"


router = _Router()
router.register("bill-runs", BillRunViewSet, basename="bill-run")
router.register("invoices", InvoiceViewSet, basename="invoice")

usage = UsageReportViewSet.as_view({"get": "list"})

urlpatterns = [
    *router.urls,
    re_path(r"^reports/usage/?$", usage, name="report-usage"),
]
