"""Payment, ledger, gateway, dunning and webhook routes under ``/api/v1/clouds/<slug>/``."""

from django.urls import re_path

from .payments import AccountMoneyViewSet, CloudMoneyViewSet, PaymentViewSet

P, A, C = PaymentViewSet, AccountMoneyViewSet, CloudMoneyViewSet
ACC = r"^accounts/(?P<code>[^/]+)"

urlpatterns = [
    re_path(r"^payments/?$", P.as_view({"get": "list", "post": "create"}), name="payment-list"),
    re_path(r"^payments/(?P<pk>\d+)/?$", P.as_view({"get": "retrieve"}), name="payment-detail"),
    re_path(r"^payments/(?P<pk>\d+)/refunds/?$", P.as_view({"post": "refund"}), name="refund"),
    re_path(rf"{ACC}/balance/?$", A.as_view({"get": "balance"}), name="account-balance"),
    re_path(rf"{ACC}/dunning-events/?$", A.as_view({"get": "dunning"}), name="account-dunning"),
    re_path(rf"{ACC}/card-setup/?$", A.as_view({"post": "card_setup"}), name="card-setup"),
    re_path(
        rf"{ACC}/card-setup/complete/?$", A.as_view({"post": "card_complete"}), name="card-done"
    ),
    re_path(r"^ledger/?$", C.as_view({"get": "ledger"}), name="ledger"),
    re_path(r"^bank-imports/?$", C.as_view({"post": "bank_import"}), name="bank-import"),
    re_path(
        r"^bank-imports/(?P<pk>\d+)/?$", C.as_view({"get": "bank_import_get"}), name="bank-import-d"
    ),
    re_path(
        r"^gateways/(?P<kind>stripe|export)/?$",
        C.as_view({"get": "gateway", "put": "gateway", "patch": "gateway"}),
        name="gateway",
    ),
    re_path(r"^charges/export/?$", C.as_view({"get": "charges_export"}), name="charges-export"),
    re_path(r"^charges/import/?$", C.as_view({"post": "charges_import"}), name="charges-import"),
    re_path(
        r"^dunning/policy/?$",
        C.as_view({"get": "dunning_policy", "put": "dunning_policy"}),
        name="dunning-policy",
    ),
    re_path(r"^dunning/run/?$", C.as_view({"post": "dunning_run"}), name="dunning-run"),
    re_path(
        r"^webhooks/endpoints/?$",
        C.as_view({"get": "endpoints", "post": "endpoints"}),
        name="webhook-endpoints",
    ),
    re_path(
        r"^webhooks/endpoints/(?P<pk>\d+)/?$",
        C.as_view({"get": "endpoint", "patch": "endpoint"}),
        name="webhook-endpoint",
    ),
    re_path(
        r"^webhooks/deliveries/?$", C.as_view({"get": "deliveries"}), name="webhook-deliveries"
    ),
    re_path(
        r"^webhooks/deliveries/(?P<pk>\d+)/replay/?$",
        C.as_view({"post": "replay"}),
        name="webhook-replay",
    ),
]
