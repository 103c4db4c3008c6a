"""Branding routes, at ``/api/v1/``."""

from cambill.api.core.routing import route

from .views import CloudBrandingViewSet, ProviderBrandingViewSet

DETAIL = {"get": "retrieve", "patch": "partial_update"}
LOGO = {"post": "upload", "delete": "clear"}
CLOUD = r"^clouds/(?P<slug>[^/]+)"

urlpatterns = [
    route(rf"{CLOUD}/branding/$", CloudBrandingViewSet, DETAIL, name="cloud-branding"),
    route(rf"{CLOUD}/branding/logo/$", CloudBrandingViewSet, LOGO, name="cloud-branding-logo"),
    route(r"^provider/branding/$", ProviderBrandingViewSet, DETAIL, name="provider-branding"),
    route(
        r"^provider/branding/logo/$", ProviderBrandingViewSet, LOGO, name="provider-branding-logo"
    ),
]
