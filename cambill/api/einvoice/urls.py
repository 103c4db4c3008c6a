"""Legal data and e-invoice certificate routes, at ``/api/v1/``."""

from cambill.api.core.routing import route

from .document_views import CloudEInvoiceViewSet, ProviderEInvoiceViewSet
from .views import (
    AccountLegalViewSet,
    CloudCredentialViewSet,
    CloudLegalViewSet,
    ProviderCredentialViewSet,
    ProviderLegalViewSet,
)

DETAIL = {"get": "retrieve", "patch": "partial_update"}
LIST = {"get": "list", "post": "create"}
CLOUD = r"^clouds/(?P<slug>[^/]+)"

urlpatterns = [
    route(rf"{CLOUD}/legal/$", CloudLegalViewSet, DETAIL, name="cloud-legal"),
    route(
        rf"{CLOUD}/accounts/(?P<code>[^/]+)/legal/$",
        AccountLegalViewSet,
        DETAIL,
        name="account-legal",
    ),
    route(r"^provider/legal/$", ProviderLegalViewSet, DETAIL, name="provider-legal"),
    route(
        rf"{CLOUD}/einvoice/credentials/$",
        CloudCredentialViewSet,
        LIST,
        name="cloud-einvoice-credentials",
    ),
    route(
        rf"{CLOUD}/einvoice/credentials/(?P<pk>\d+)/$",
        CloudCredentialViewSet,
        {"delete": "destroy"},
        name="cloud-einvoice-credential",
    ),
    route(
        r"^provider/einvoice/credentials/$",
        ProviderCredentialViewSet,
        LIST,
        name="provider-einvoice-credentials",
    ),
    route(
        r"^provider/einvoice/credentials/(?P<pk>\d+)/$",
        ProviderCredentialViewSet,
        {"delete": "destroy"},
        name="provider-einvoice-credential",
    ),
    # legal e-invoice documents (issue #19, point 5)
    route(rf"{CLOUD}/e-invoices/$", CloudEInvoiceViewSet, {"get": "list"}, name="cloud-einvoices"),
    route(
        rf"{CLOUD}/e-invoices/(?P<pk>\d+)/$",
        CloudEInvoiceViewSet,
        {"get": "retrieve"},
        name="cloud-einvoice",
    ),
    route(
        rf"{CLOUD}/e-invoices/(?P<pk>\d+)/xml$",
        CloudEInvoiceViewSet,
        {"get": "xml"},
        name="cloud-einvoice-xml",
    ),
    route(
        rf"{CLOUD}/e-invoices/(?P<pk>\d+)/pdf$",
        CloudEInvoiceViewSet,
        {"get": "pdf"},
        name="cloud-einvoice-pdf",
    ),
    route(
        rf"{CLOUD}/e-invoices/(?P<pk>\d+)/retry$",
        CloudEInvoiceViewSet,
        {"post": "retry"},
        name="cloud-einvoice-retry",
    ),
    route(
        r"^provider/e-invoices/$",
        ProviderEInvoiceViewSet,
        {"get": "list"},
        name="provider-einvoices",
    ),
    route(
        r"^provider/e-invoices/(?P<pk>\d+)/$",
        ProviderEInvoiceViewSet,
        {"get": "retrieve"},
        name="provider-einvoice",
    ),
    route(
        r"^provider/e-invoices/(?P<pk>\d+)/xml$",
        ProviderEInvoiceViewSet,
        {"get": "xml"},
        name="provider-einvoice-xml",
    ),
    route(
        r"^provider/e-invoices/(?P<pk>\d+)/pdf$",
        ProviderEInvoiceViewSet,
        {"get": "pdf"},
        name="provider-einvoice-pdf",
    ),
    route(
        r"^provider/e-invoices/(?P<pk>\d+)/retry$",
        ProviderEInvoiceViewSet,
        {"post": "retry"},
        name="provider-einvoice-retry",
    ),
]
