"""Product, charge and coupon routes, under ``/api/v1/clouds/{slug}/``."""

from cambill.api.core.routing import in_cloud, route

from .views import ChargeViewSet, CouponViewSet, ProductViewSet, RedemptionViewSet

LIST = {"get": "list", "post": "create"}
ACCOUNT = r"^accounts/(?P<code>[^/]+)"

urlpatterns = [
    in_cloud(
        route(r"^products/?$", ProductViewSet, LIST, name="product-list"),
        route(
            r"^products/(?P<code>[^/]+)/?$",
            ProductViewSet,
            {"get": "retrieve", "patch": "partial_update", "delete": "destroy"},
            name="product-detail",
        ),
        route(rf"{ACCOUNT}/charges/?$", ChargeViewSet, LIST, name="charge-list"),
        route(
            rf"{ACCOUNT}/charges/(?P<pk>[0-9]+)/?$",
            ChargeViewSet,
            {"get": "retrieve", "delete": "destroy"},
            name="charge-detail",
        ),
        route(r"^coupons/?$", CouponViewSet, LIST, name="coupon-list"),
        route(
            r"^coupons/(?P<code>[^/]+)/?$", CouponViewSet, {"get": "retrieve"}, name="coupon-detail"
        ),
        route(
            r"^coupons/(?P<code>[^/]+)/deactivate/?$",
            CouponViewSet,
            {"post": "deactivate"},
            name="coupon-deactivate",
        ),
        route(rf"{ACCOUNT}/coupons/?$", RedemptionViewSet, LIST, name="redemption-list"),
    ),
]
