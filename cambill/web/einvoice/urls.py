"""Legal data and e-invoice certificate pages (``web`` namespace)."""

from django.urls import path

from cambill.web.core.routing import CLOUD
from cambill.web.einvoice import document_views as d
from cambill.web.einvoice import views as v

urlpatterns = [
    path("provider/legal/", v.ProviderLegalView.as_view(), name="provider_legal"),
    path(
        "provider/einvoice/credentials/",
        v.ProviderCredentialsView.as_view(),
        name="provider_einvoice_credentials",
    ),
    path(
        "provider/einvoice/credentials/<int:pk>/delete/",
        v.ProviderCredentialDeleteView.as_view(),
        name="provider_einvoice_credential_delete",
    ),
    path(CLOUD + "legal/", v.CloudLegalView.as_view(), name="cloud_legal"),
    path(
        CLOUD + "accounts/<str:code>/legal/",
        v.AccountLegalView.as_view(),
        name="account_legal",
    ),
    path(
        CLOUD + "einvoice/credentials/",
        v.CloudCredentialsView.as_view(),
        name="cloud_einvoice_credentials",
    ),
    path(
        CLOUD + "einvoice/credentials/<int:pk>/delete/",
        v.CloudCredentialDeleteView.as_view(),
        name="cloud_einvoice_credential_delete",
    ),
    # legal e-invoice documents (issue #19, point 4)
    path(CLOUD + "e-invoices/", d.CloudEInvoicesView.as_view(), name="cloud_einvoices"),
    path(
        CLOUD + "e-invoices/<int:pk>/xml",
        d.CloudEInvoiceXmlView.as_view(),
        name="cloud_einvoice_xml",
    ),
    path(
        CLOUD + "e-invoices/<int:pk>/pdf",
        d.CloudEInvoicePdfView.as_view(),
        name="cloud_einvoice_pdf",
    ),
    path(
        CLOUD + "e-invoices/<int:pk>/retry/",
        d.CloudEInvoiceRetryView.as_view(),
        name="cloud_einvoice_retry",
    ),
    path("provider/e-invoices/", d.ProviderEInvoicesView.as_view(), name="provider_einvoices"),
    path(
        "provider/e-invoices/<int:pk>/xml",
        d.ProviderEInvoiceXmlView.as_view(),
        name="provider_einvoice_xml",
    ),
    path(
        "provider/e-invoices/<int:pk>/pdf",
        d.ProviderEInvoicePdfView.as_view(),
        name="provider_einvoice_pdf",
    ),
    path(
        "provider/e-invoices/<int:pk>/retry/",
        d.ProviderEInvoiceRetryView.as_view(),
        name="provider_einvoice_retry",
    ),
]
