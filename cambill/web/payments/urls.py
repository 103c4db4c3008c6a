"""Payment, bank import, account money and webhook pages (``web`` namespace)."""

from django.urls import path

from cambill.web.core.routing import CLOUD
from cambill.web.payments import card_views as card
from cambill.web.payments import collection_views as colv
from cambill.web.payments import gateway_views as gw
from cambill.web.payments import statement_views as sv
from cambill.web.payments import views as v

urlpatterns = [
    path(CLOUD + "payments/", v.PaymentsPage.as_view(), name="payments_list"),
    path(CLOUD + "payments/bank-import/", v.BankImportPage.as_view(), name="payments_bank_import"),
    path(
        CLOUD + "payments/bank-statements/",
        sv.BankStatementsPage.as_view(),
        name="payments_bank_statements",
    ),
    path(
        CLOUD + "payments/bank-statements/<int:pk>/",
        sv.BankStatementPage.as_view(),
        name="payments_bank_statement",
    ),
    path(CLOUD + "payments/reconcile/", sv.ReconcilePage.as_view(), name="payments_reconcile"),
    path(
        CLOUD + "payments/bank-suggestions/<int:pk>/confirm/",
        sv.SuggestionConfirmAction.as_view(),
        name="payments_suggestion_confirm",
    ),
    path(
        CLOUD + "payments/bank-suggestions/<int:pk>/reject/",
        sv.SuggestionRejectAction.as_view(),
        name="payments_suggestion_reject",
    ),
    path(
        CLOUD + "payments/bank-lines/<int:pk>/match/",
        sv.LineMatchAction.as_view(),
        name="payments_line_match",
    ),
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
    # the cloud's Stripe account (its subscribers pay by card)
    path(CLOUD + "payment-gateway/", gw.CloudGatewayPage.as_view(), name="payments_gateway"),
    # collections: overdue accounts by age, reminders by hand, the suspension queue
    path(CLOUD + "collections/", colv.CollectionsPage.as_view(), name="payments_collections"),
    path(
        CLOUD + "collections/remind/",
        colv.RemindAction.as_view(),
        name="payments_collections_remind",
    ),
    path(
        CLOUD + "collections/suspension-queue/<str:code>/confirm/",
        colv.ConfirmAction.as_view(),
        name="payments_suspension_confirm",
    ),
    path(
        CLOUD + "collections/suspension-queue/<str:code>/dismiss/",
        colv.DismissAction.as_view(),
        name="payments_suspension_dismiss",
    ),
    # card payments (Stripe Checkout): the portal's pay and cards pages, the return pages
    path(CLOUD + "accounts/<str:code>/pay/", card.PayPage.as_view(), name="card_pay"),
    path(CLOUD + "accounts/<str:code>/cards/", card.CardsPage.as_view(), name="card_list"),
    path(
        CLOUD + "card-checkout/return/",
        card.CheckoutResultPage.as_view(),
        name="card_checkout_return",
    ),
    path(
        CLOUD + "card-checkout/cancel/",
        card.CheckoutCancelPage.as_view(),
        name="card_checkout_cancel",
    ),
    path(
        CLOUD + "wholesale/pay-by-card/",
        card.WholesaleCardPayAction.as_view(),
        name="wholesale_card_pay",
    ),
]

# The provider's invoices to a cloud and the cloud's payments (wholesale_urls.py).
from cambill.web.payments.wholesale_urls import urlpatterns as wholesale_urlpatterns  # noqa: E402

urlpatterns += wholesale_urlpatterns

# The provider's own bank account: statements that pay the clouds' wholesale invoices.
urlpatterns += [
    path(
        "billing/bank-statements/",
        sv.ProviderBankStatementsPage.as_view(),
        name="provider_bank_statements",
    ),
    path(
        "billing/bank-statements/<int:pk>/",
        sv.ProviderBankStatementPage.as_view(),
        name="provider_bank_statement",
    ),
    path("billing/reconcile/", sv.ProviderReconcilePage.as_view(), name="provider_reconcile"),
    # the provider's own Stripe account (clouds pay its wholesale invoices by card)
    path(
        "billing/payment-gateway/",
        gw.ProviderGatewayPage.as_view(),
        name="provider_gateway",
    ),
    path(
        "billing/bank-suggestions/<int:pk>/confirm/",
        sv.ProviderSuggestionConfirmAction.as_view(),
        name="provider_suggestion_confirm",
    ),
    path(
        "billing/bank-suggestions/<int:pk>/reject/",
        sv.ProviderSuggestionRejectAction.as_view(),
        name="provider_suggestion_reject",
    ),
    path(
        "billing/bank-lines/<int:pk>/match/",
        sv.ProviderLineMatchAction.as_view(),
        name="provider_line_match",
    ),
]
