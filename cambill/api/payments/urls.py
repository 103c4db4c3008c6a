"""Payment, ledger, gateway, dunning and webhook routes under ``/api/v1/clouds/<slug>/``,
the provider's own statements and Stripe account under ``/api/v1/provider/``,
and the Stripe webhook at ``/api/v1/stripe/webhook`` (no login; signed)."""

from cambill.api.core.routing import in_cloud, route

from .card_views import CardViewSet
from .collection_views import CollectionsViewSet
from .provider_gateway_views import ProviderGatewayViewSet
from .statement_views import BankStatementViewSet, ProviderBankStatementViewSet
from .views import AccountMoneyViewSet, CloudMoneyViewSet, PaymentViewSet, stripe_webhook
from .wholesale_views import WholesalePaymentViewSet

P, A, C = PaymentViewSet, AccountMoneyViewSet, CloudMoneyViewSet
CV = CardViewSet
B = BankStatementViewSet
K = CollectionsViewSet
QUEUE = r"^collections/suspension-queue"
W = WholesalePaymentViewSet
PB = ProviderBankStatementViewSet
ACC = r"^accounts/(?P<code>[^/]+)"

urlpatterns = [
    in_cloud(
        route(r"^payments/?$", P, {"get": "list", "post": "create"}, name="payment-list"),
        route(r"^payments/(?P<pk>\d+)/?$", P, {"get": "retrieve"}, name="payment-detail"),
        route(r"^payments/(?P<pk>\d+)/refunds/?$", P, {"post": "refund"}, name="refund"),
        # the cloud's payments to the provider and its wholesale balance
        route(
            r"^wholesale-payments/?$",
            W,
            {"get": "list", "post": "create"},
            name="wholesale-payments",
        ),
        route(
            r"^wholesale-payments/(?P<pk>\d+)/?$",
            W,
            {"get": "retrieve"},
            name="wholesale-payment",
        ),
        route(r"^wholesale/balance/?$", W, {"get": "balance"}, name="wholesale-balance"),
        route(rf"{ACC}/balance/?$", A, {"get": "balance"}, name="account-balance"),
        route(rf"{ACC}/dunning-events/?$", A, {"get": "dunning"}, name="account-dunning"),
        route(rf"{ACC}/card-setup/?$", A, {"post": "card_setup"}, name="card-setup"),
        route(rf"{ACC}/card-setup/complete/?$", A, {"post": "card_complete"}, name="card-done"),
        # card payments through Stripe Checkout, saved cards and autopay
        route(rf"{ACC}/payment-sessions/?$", CV, {"post": "pay"}, name="payment-sessions"),
        route(rf"{ACC}/card-sessions/?$", CV, {"post": "card_session"}, name="card-sessions"),
        route(rf"{ACC}/cards/?$", CV, {"get": "cards"}, name="saved-cards"),
        route(rf"{ACC}/cards/(?P<pk>\d+)/?$", CV, {"delete": "card_delete"}, name="saved-card"),
        route(
            rf"{ACC}/cards/(?P<pk>\d+)/default/?$",
            CV,
            {"post": "card_default"},
            name="saved-card-default",
        ),
        route(rf"{ACC}/autopay/?$", CV, {"get": "autopay", "put": "autopay"}, name="autopay"),
        route(
            r"^payment-sessions/(?P<session_id>[A-Za-z0-9_]+)/?$",
            CV,
            {"get": "session"},
            name="payment-session",
        ),
        route(
            r"^payment-sessions/(?P<session_id>[A-Za-z0-9_]+)/complete/?$",
            CV,
            {"post": "complete"},
            name="payment-session-complete",
        ),
        route(
            r"^wholesale-payment-sessions/?$",
            CV,
            {"post": "wholesale"},
            name="wholesale-payment-sessions",
        ),
        route(r"^ledger/?$", C, {"get": "ledger"}, name="ledger"),
        route(r"^bank-imports/?$", C, {"post": "bank_import"}, name="bank-import"),
        route(r"^bank-imports/(?P<pk>\d+)/?$", C, {"get": "bank_import_get"}, name="bank-import-d"),
        # camt.053 / MT940 statements: reconciliation with suggestions and a queue
        route(r"^bank-statements/?$", B, {"get": "list", "post": "create"}, name="bank-statements"),
        route(r"^bank-statements/(?P<pk>\d+)/?$", B, {"get": "retrieve"}, name="bank-statement"),
        route(r"^bank-lines/?$", B, {"get": "lines"}, name="bank-lines"),
        route(r"^bank-lines/(?P<pk>\d+)/match/?$", B, {"post": "match"}, name="bank-line-match"),
        route(
            r"^bank-suggestions/(?P<pk>\d+)/confirm/?$",
            B,
            {"post": "confirm"},
            name="bank-suggestion-confirm",
        ),
        route(
            r"^bank-suggestions/(?P<pk>\d+)/reject/?$",
            B,
            {"post": "reject"},
            name="bank-suggestion-reject",
        ),
        # collections: overdue accounts by age, reminders by hand, the suspension queue
        route(r"^collections/?$", K, {"get": "overview"}, name="collections"),
        route(r"^collections/reminders/?$", K, {"post": "remind"}, name="collections-remind"),
        route(rf"{QUEUE}/?$", K, {"get": "queue"}, name="suspension-queue"),
        route(
            rf"{QUEUE}/(?P<code>[^/]+)/confirm/?$",
            K,
            {"post": "confirm"},
            name="suspension-confirm",
        ),
        route(
            rf"{QUEUE}/(?P<code>[^/]+)/dismiss/?$",
            K,
            {"post": "dismiss"},
            name="suspension-dismiss",
        ),
        route(
            r"^gateways/(?P<kind>stripe|export)/?$",
            C,
            {"get": "gateway", "put": "gateway", "patch": "gateway"},
            name="gateway",
        ),
        route(r"^charges/export/?$", C, {"get": "charges_export"}, name="charges-export"),
        route(r"^charges/import/?$", C, {"post": "charges_import"}, name="charges-import"),
        route(
            r"^dunning/policy/?$",
            C,
            {"get": "dunning_policy", "put": "dunning_policy"},
            name="dunning-policy",
        ),
        route(r"^dunning/run/?$", C, {"post": "dunning_run"}, name="dunning-run"),
        route(
            r"^webhooks/endpoints/?$",
            C,
            {"get": "endpoints", "post": "endpoints"},
            name="webhook-endpoints",
        ),
        route(
            r"^webhooks/endpoints/(?P<pk>\d+)/?$",
            C,
            {"get": "endpoint", "patch": "endpoint"},
            name="webhook-endpoint",
        ),
        route(r"^webhooks/deliveries/?$", C, {"get": "deliveries"}, name="webhook-deliveries"),
        route(
            r"^webhooks/deliveries/(?P<pk>\d+)/replay/?$",
            C,
            {"post": "replay"},
            name="webhook-replay",
        ),
    ),
    # the provider's own bank account: statements that pay the clouds' wholesale invoices
    route(
        r"^provider/bank-statements/?$",
        PB,
        {"get": "list", "post": "create"},
        name="provider-bank-statements",
    ),
    route(
        r"^provider/bank-statements/(?P<pk>\d+)/?$",
        PB,
        {"get": "retrieve"},
        name="provider-bank-statement",
    ),
    route(r"^provider/bank-lines/?$", PB, {"get": "lines"}, name="provider-bank-lines"),
    route(
        r"^provider/bank-lines/(?P<pk>\d+)/match/?$",
        PB,
        {"post": "match"},
        name="provider-bank-line-match",
    ),
    route(
        r"^provider/bank-suggestions/(?P<pk>\d+)/confirm/?$",
        PB,
        {"post": "confirm"},
        name="provider-bank-suggestion-confirm",
    ),
    route(
        r"^provider/bank-suggestions/(?P<pk>\d+)/reject/?$",
        PB,
        {"post": "reject"},
        name="provider-bank-suggestion-reject",
    ),
    # the provider's own Stripe account (clouds pay its wholesale invoices by card)
    route(
        r"^provider/gateways/stripe/?$",
        ProviderGatewayViewSet,
        {"get": "retrieve", "put": "update", "patch": "update"},
        name="provider-gateway",
    ),
    route(r"^stripe/webhook/?$", stripe_webhook, name="stripe-webhook"),
]
