"""Payment, bank import, account money and webhook pages (``web`` namespace)."""

from django.urls import path

from cambill.web.core.routing import CLOUD
from cambill.web.payments import views as v

urlpatterns = [
    path(CLOUD + "payments/", v.PaymentsPage.as_view(), name="payments_list"),
    path(CLOUD + "payments/bank-import/", v.BankImportPage.as_view(), name="payments_bank_import"),
    path(
        CLOUD + "payments/gateway-export/",
        v.GatewayExportPage.as_view(),
        name="payments_gateway_export",
    ),
    path(
        CLOUD + "accounts/<str:code>/money/",
        v.AccountMoneyPage.as_view(),
        name="payments_account",
    ),
    path(CLOUD + "webhooks/", v.WebhooksPage.as_view(), name="payments_webhooks"),
]
