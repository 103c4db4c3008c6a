"""Legal data and e-invoice certificate routes, at ``/api/v1/``."""

from cambill.api.core.routing import route

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
]
