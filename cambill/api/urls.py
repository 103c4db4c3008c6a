"""Routes of ``/api/v1/``: one router, one module per domain.

``clouds/<slug>/`` also includes ``cambill.api.invoicing_urls`` (invoices,
bill runs, reports), which the invoicing layer fills.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from cambill.web.security import api_docs_view

from . import accounts, audit, catalog, clouds, referrals

app_name = "api"

CLOUD = r"clouds/(?P<slug>[^/]+)"

router = SimpleRouter()
router.register("services", catalog.ServiceViewSet, basename="service")
router.register("tariffs", catalog.ProviderTariffViewSet, basename="tariff")
router.register("clouds", clouds.CloudViewSet, basename="cloud")
router.register(f"{CLOUD}/tariffs", catalog.CloudTariffViewSet, basename="cloud-tariff")
router.register(f"{CLOUD}/accounts", clouds.AccountViewSet, basename="account")
router.register(
    rf"{CLOUD}/accounts/(?P<code>[^/]+)/discounts",
    catalog.AccountDiscountViewSet,
    basename="discount",
)
router.register(f"{CLOUD}/cameras", clouds.CameraViewSet, basename="camera")
router.register(f"{CLOUD}/agents", referrals.AgentViewSet, basename="agent")
router.register("users", accounts.UserViewSet, basename="user")
router.register("tokens", accounts.TokenViewSet, basename="token")
router.register("audit", audit.AuditViewSet, basename="audit")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI under the strict Content-Security-Policy (see cambill.web.security).
    path("docs/", api_docs_view(), name="docs"),
    path("clouds/<slug:slug>/", include("cambill.api.invoicing_urls")),
    path("clouds/<slug:slug>/", include("cambill.api.referrals_urls")),
    path("clouds/<slug:slug>/", include("cambill.api.payments_urls")),
    path("", include("cambill.api.payments_root_urls")),
    path("", include("cambill.api.usage_urls")),
    path("", include("cambill.api.watcher_urls")),
    *router.urls,
]
