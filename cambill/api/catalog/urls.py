"""Service, tariff and discount routes, at ``/api/v1/``."""

from cambill.api.core.routing import route

from .views import AccountDiscountViewSet, CloudTariffViewSet, ProviderTariffViewSet, ServiceViewSet

LIST = {"get": "list", "post": "create"}
DETAIL = {"get": "retrieve", "patch": "partial_update"}
CLOUD = r"^clouds/(?P<slug>[^/]+)"

urlpatterns = [
    route(r"^services/$", ServiceViewSet, LIST, name="service-list"),
    route(r"^services/(?P<code>[^/]+)/$", ServiceViewSet, DETAIL, name="service-detail"),
    route(r"^tariffs/$", ProviderTariffViewSet, LIST, name="tariff-list"),
    route(r"^tariffs/(?P<code>[^/]+)/$", ProviderTariffViewSet, DETAIL, name="tariff-detail"),
    route(rf"{CLOUD}/tariffs/$", CloudTariffViewSet, LIST, name="cloud-tariff-list"),
    route(
        rf"{CLOUD}/tariffs/(?P<code>[^/]+)/$",
        CloudTariffViewSet,
        DETAIL,
        name="cloud-tariff-detail",
    ),
    route(
        rf"{CLOUD}/accounts/(?P<code>[^/]+)/discounts/$",
        AccountDiscountViewSet,
        LIST,
        name="discount-list",
    ),
]
