"""Products, coupons, and an account's one-off charges and coupons (``web`` namespace)."""

from django.urls import path

from cambill.web.core.routing import CLOUD
from cambill.web.sales import views as v

ACCOUNT = CLOUD + "accounts/<str:code>/"

urlpatterns = [
    path(CLOUD + "products/", v.ProductListView.as_view(), name="product_list"),
    path(CLOUD + "products/new/", v.ProductCreateView.as_view(), name="product_create"),
    path(CLOUD + "products/<str:code>/", v.ProductEditView.as_view(), name="product_edit"),
    path(CLOUD + "coupons/", v.CouponListView.as_view(), name="coupon_list"),
    path(CLOUD + "coupons/new/", v.CouponCreateView.as_view(), name="coupon_create"),
    path(
        CLOUD + "coupons/<str:code>/deactivate/",
        v.CouponDeactivateView.as_view(),
        name="coupon_deactivate",
    ),
    path(ACCOUNT + "charges/new/", v.ChargeCreateView.as_view(), name="charge_create"),
    path(ACCOUNT + "charges/<int:pk>/delete/", v.ChargeDeleteView.as_view(), name="charge_delete"),
    path(ACCOUNT + "coupons/redeem/", v.RedeemView.as_view(), name="coupon_redeem"),
]
