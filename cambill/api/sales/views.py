"""Sales endpoints: a cloud's products and coupons, an account's one-off charges
and redeemed coupons.

``/clouds/{slug}/products/`` and ``/clouds/{slug}/coupons/`` are the cloud
admin's catalogue and promotions; ``/clouds/{slug}/accounts/{code}/charges/``
charges an account once (it lands on the invoice of the period holding
``date``, or on the next one when that invoice is already issued; deletable
until invoiced); ``/clouds/{slug}/accounts/{code}/coupons/`` redeems a coupon
(staff, or the subscriber with its own token).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.request import Request
from rest_framework.response import Response

from cambill.api.core.common import CloudScopedViewSet, atomic, fake, valid
from cambill.clouds.selectors import account_get
from cambill.sales.selectors import (
    charge_get,
    charge_list,
    charge_none,
    coupon_get,
    coupon_list,
    coupon_none,
    product_get,
    product_list,
    product_none,
    redemption_list,
    redemption_none,
)
from cambill.sales.services import (
    charge_create,
    charge_delete,
    coupon_create,
    coupon_deactivate,
    coupon_redeem,
    product_create,
    product_delete,
    product_update,
)

from .serializers import (
    ChargeIn,
    ChargeOut,
    CouponIn,
    CouponOut,
    ProductIn,
    ProductOut,
    ProductUpdateIn,
    RedeemIn,
    RedemptionOut,
)


class ProductViewSet(mixins.ListModelMixin, CloudScopedViewSet):
    """The cloud's catalogue of products sold once (cameras, installation)."""

    queryset = product_none()
    serializer_class = ProductOut
    lookup_field = "code"

    def get_queryset(self) -> Any:
        if fake(self):
            return product_none()
        return product_list(actor=self.actor, cloud=self.cloud)

    def _get(self) -> Any:
        return product_get(actor=self.actor, cloud=self.cloud, code=self.kwargs["code"])

    @extend_schema(request=ProductIn, responses={201: ProductOut})
    def create(self, request: Request, slug: str) -> Response:
        data = valid(ProductIn, request.data)
        with atomic():
            p = product_create(actor=self.actor, cloud=self.cloud, **data)
        return Response(self.out(ProductOut, p), status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: ProductOut})
    def retrieve(self, request: Request, slug: str, code: str) -> Response:
        return Response(self.out(ProductOut, self._get()))

    @extend_schema(request=ProductUpdateIn, responses={200: ProductOut})
    def partial_update(self, request: Request, slug: str, code: str) -> Response:
        product = self._get()
        data = valid(ProductUpdateIn, request.data)
        with atomic():
            p = product_update(actor=self.actor, product=product, **data)
        return Response(self.out(ProductOut, p))

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, slug: str, code: str) -> Response:
        product = self._get()
        with atomic():
            product_delete(actor=self.actor, product=product)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AccountScoped(CloudScopedViewSet):
    def account(self) -> Any:
        return account_get(actor=self.actor, cloud=self.cloud, code=self.kwargs["code"])


class ChargeViewSet(mixins.ListModelMixin, AccountScoped):
    """One-off charges of one subscriber account."""

    queryset = charge_none()
    serializer_class = ChargeOut

    def get_queryset(self) -> Any:
        if fake(self):
            return charge_none()
        return charge_list(actor=self.actor, account=self.account())

    @extend_schema(request=ChargeIn, responses={201: ChargeOut})
    def create(self, request: Request, slug: str, code: str) -> Response:
        account = self.account()
        data = valid(ChargeIn, request.data)
        with atomic():
            c = charge_create(actor=self.actor, account=account, **data)
        c = charge_get(actor=self.actor, account=account, pk=c.pk)
        return Response(self.out(ChargeOut, c), status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: ChargeOut})
    def retrieve(self, request: Request, slug: str, code: str, pk: str) -> Response:
        return Response(
            self.out(ChargeOut, charge_get(actor=self.actor, account=self.account(), pk=pk))
        )

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, slug: str, code: str, pk: str) -> Response:
        charge = charge_get(actor=self.actor, account=self.account(), pk=pk)
        with atomic():
            charge_delete(actor=self.actor, charge=charge)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CouponViewSet(mixins.ListModelMixin, CloudScopedViewSet):
    """The cloud's coupons (promotions)."""

    queryset = coupon_none()
    serializer_class = CouponOut
    lookup_field = "code"

    def get_queryset(self) -> Any:
        if fake(self):
            return coupon_none()
        return coupon_list(actor=self.actor, cloud=self.cloud)

    def _get(self) -> Any:
        return coupon_get(actor=self.actor, cloud=self.cloud, code=self.kwargs["code"])

    @extend_schema(request=CouponIn, responses={201: CouponOut})
    def create(self, request: Request, slug: str) -> Response:
        data = valid(CouponIn, request.data)
        with atomic():
            c = coupon_create(actor=self.actor, cloud=self.cloud, **data)
        return Response(self.out(CouponOut, self._reload(c.code)), status=status.HTTP_201_CREATED)

    def _reload(self, code: str) -> Any:
        return coupon_get(actor=self.actor, cloud=self.cloud, code=code)

    @extend_schema(responses={200: CouponOut})
    def retrieve(self, request: Request, slug: str, code: str) -> Response:
        return Response(self.out(CouponOut, self._get()))

    @extend_schema(request=None, responses={200: CouponOut})
    def deactivate(self, request: Request, slug: str, code: str) -> Response:
        coupon = self._get()
        with atomic():
            coupon_deactivate(actor=self.actor, coupon=coupon)
        return Response(self.out(CouponOut, self._reload(code)))


class RedemptionViewSet(mixins.ListModelMixin, AccountScoped):
    """Coupons an account redeemed (staff, or the subscriber with its own token)."""

    queryset = redemption_none()
    serializer_class = RedemptionOut
    pagination_class = None

    def get_queryset(self) -> Any:
        if fake(self):
            return redemption_none()
        return redemption_list(actor=self.actor, account=self.account())

    @extend_schema(request=RedeemIn, responses={201: RedemptionOut})
    def create(self, request: Request, slug: str, code: str) -> Response:
        account = self.account()
        data = valid(RedeemIn, request.data)
        source = "portal" if self.actor.role == "subscriber" else "staff"
        with atomic():
            r = coupon_redeem(actor=self.actor, account=account, source=source, **data)
        return Response(self.out(RedemptionOut, r), status=status.HTTP_201_CREATED)
