"""Legal data and e-invoice certificate pages (``web`` namespace)."""

from django.urls import path

from cambill.web.core.routing import CLOUD
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
]
