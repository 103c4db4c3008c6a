"""Wholesale pages of a cloud (``web`` namespace)."""

from django.urls import path

from cambill.web.core.routing import CLOUD
from cambill.web.payments import wholesale_views as w

urlpatterns = [
    path(CLOUD + "wholesale/", w.WholesaleInvoicesPage.as_view(), name="wholesale_invoices"),
    path(
        CLOUD + "wholesale/invoices/<int:pk>/",
        w.WholesaleInvoicePage.as_view(),
        name="wholesale_invoice",
    ),
    path(
        CLOUD + "wholesale/invoices/<int:pk>/record-payment/",
        w.WholesalePaymentRecordPage.as_view(),
        name="wholesale_payment_record",
    ),
]
