"""Catalogue endpoints: services, provider tariffs, a cloud's tariffs, account discounts.

``/services/`` and ``/tariffs/`` are the provider's catalogue (provider admins
write); ``/clouds/{slug}/tariffs/`` lists what one cloud may sell (its own
tariffs and the provider tariffs it is allowed) and creates the cloud's own;
``/clouds/{slug}/accounts/{code}/discounts/`` holds an account's retail discounts.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import filters as drf_filters
from rest_framework import mixins, status
from rest_framework.request import Request
from rest_framework.response import Response

from cambill.api.core.common import (
    ApiViewSet,
    CloudScopedViewSet,
    atomic,
    fake,
    field_error,
    slug_param,
    valid,
)
from cambill.catalog.choices import ServiceKind
from cambill.catalog.selectors import (
    account_discounts,
    discount_none,
    provider_tariff_list,
    service_get,
    service_list,
    service_none,
    tariff_get,
    tariff_list,
    tariff_none,
)
from cambill.catalog.services import (
    account_discount_create,
    service_create,
    service_price_set,
    service_update,
    tariff_create,
    tariff_update,
)
from cambill.clouds.selectors import account_get
from cambill.usage.metering import (
    metered_service_create,
    metered_service_update,
    tariff_metered_set,
)

from .serializers import (
    PROVIDER_METERED_HINT,
    CloudTariffIn,
    CloudTariffOut,
    DiscountIn,
    DiscountOut,
    ProviderTariffIn,
    ServiceIn,
    ServiceOut,
    ServicePatchIn,
    TariffOut,
    TariffPatchIn,
)


class ServiceFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=ServiceKind.choices)
    active = filters.BooleanFilter()


class ServiceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Services the provider sells to clouds, with their list prices."""

    queryset = service_none()
    serializer_class = ServiceOut
    lookup_field = "code"
    filterset_class = ServiceFilter
    search_fields = ["code", "name"]
    ordering_fields = ["code", "name"]

    def get_queryset(self) -> Any:
        if fake(self):
            return service_none()
        return service_list(actor=self.actor)

    def get_object(self) -> Any:
        return service_get(actor=self.actor, code=self.kwargs["code"])

    @extend_schema(
        request=ServiceIn,
        responses={201: ServiceOut},
        description='A fixed service has prices {"currency", "amount", "valid_from"}; a '
        'metered one ("kind": "metered") names its "meter" and has prices {"currency", '
        '"valid_from", "pricing", "included_per_camera"}: a pricing model per currency from '
        "each valid_from (a month is priced whole at the price in effect on its first day).",
    )
    def create(self, request: Request) -> Response:
        data = valid(ServiceIn, request.data)
        metered = data.get("kind") == ServiceKind.METERED
        prices = _prices_of_kind(data.pop("prices", None), metered=metered)
        with atomic():
            if metered:
                data.pop("kind")
                if "meter" not in data:
                    raise field_error("meter", gettext("A metered service needs a meter."))
                kept = data.pop("billed_while_suspended", False)
                sat = {k: data.pop(k) for k in ("sat_product_code", "sat_unit_code") if k in data}
                svc = metered_service_create(actor=self.actor, prices=prices or [], **data)
                if kept or sat:
                    svc = service_update(
                        actor=self.actor, service=svc, billed_while_suspended=kept, **sat
                    )
            else:
                if "meter" in data:
                    raise field_error("meter", gettext('Only a "metered" service has a meter.'))
                svc = service_create(actor=self.actor, prices=prices, **data)
        return Response(self.out(ServiceOut, svc), status=status.HTTP_201_CREATED)

    @extend_schema(request=ServicePatchIn, responses=ServiceOut)
    def partial_update(self, request: Request, code: str) -> Response:
        svc = self.get_object()
        data = valid(ServicePatchIn, request.data)
        metered = data.get("kind", svc.kind) == ServiceKind.METERED
        prices = _prices_of_kind(data.pop("prices", None), metered=metered)
        with atomic():
            if metered:
                svc = metered_service_update(actor=self.actor, service=svc, prices=prices, **data)
            else:
                if "meter" in data:
                    raise field_error("meter", gettext('Only a "metered" service has a meter.'))
                if data:
                    svc = service_update(actor=self.actor, service=svc, **data)
                for p in prices or []:
                    service_price_set(actor=self.actor, service=svc, **p)
        return Response(self.out(ServiceOut, service_get(actor=self.actor, code=svc.code)))


_METERED_KEYS = ("pricing", "included_per_camera")


def _prices_of_kind(prices: Any, *, metered: bool) -> list[dict[str, Any]] | None:
    """The prices of a body, checked against the service's kind: an amount for a
    fixed service, a pricing model for a metered one."""
    if prices is None:
        return None
    for i, p in enumerate(prices):
        if metered and "amount" in p:
            raise field_error(
                "prices",
                gettext('Price %(n)s: a metered service is priced by "pricing", not "amount".')
                % {"n": i},
            )
        if not metered and any(k in p for k in _METERED_KEYS):
            raise field_error(
                "prices",
                gettext('Price %(n)s: only a "metered" service has "pricing".') % {"n": i},
            )
        if not metered and "amount" not in p:
            raise field_error("prices", gettext("Price %(n)s: amount is required.") % {"n": i})
    return [dict(p) for p in prices]


class TariffFilter(filters.FilterSet):
    active = filters.BooleanFilter()


class ProviderTariffViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Tariffs the provider makes and offers to clouds (``allowed_tariffs``)."""

    queryset = tariff_none()
    serializer_class = TariffOut
    lookup_field = "code"
    filterset_class = TariffFilter
    search_fields = ["code", "name"]
    ordering_fields = ["code", "name", "price"]

    def get_queryset(self) -> Any:
        if fake(self):
            return tariff_none()
        return provider_tariff_list(actor=self.actor)

    def get_object(self) -> Any:
        from cambill.core.errors import NotFound

        obj = provider_tariff_list(actor=self.actor).filter(code=self.kwargs["code"]).first()
        if obj is None:
            raise NotFound("tariff")
        return obj

    @extend_schema(request=ProviderTariffIn, responses={201: TariffOut})
    def create(self, request: Request) -> Response:
        data = valid(ProviderTariffIn, request.data)
        with atomic():
            plan = tariff_create(actor=self.actor, cloud=None, **data)
        return Response(self.out(TariffOut, plan), status=status.HTTP_201_CREATED)

    @extend_schema(request=TariffPatchIn, responses=TariffOut)
    def partial_update(self, request: Request, code: str) -> Response:
        plan = self.get_object()
        data = valid(TariffPatchIn, request.data)
        if "metered" in data:
            raise field_error("metered", PROVIDER_METERED_HINT)
        if data:
            with atomic():
                plan = tariff_update(actor=self.actor, tariff=plan, **data)
        return Response(self.out(TariffOut, self.get_object()))


@extend_schema(parameters=[slug_param()])
class CloudTariffViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CloudScopedViewSet):
    """What one cloud may sell: its own tariffs and the provider tariffs allowed to it."""

    queryset = tariff_none()
    serializer_class = CloudTariffOut
    lookup_field = "code"
    filterset_class = TariffFilter
    search_fields = ["code", "name"]
    ordering_fields = ["code", "name", "price"]

    def get_queryset(self) -> Any:
        if fake(self):
            return tariff_none()
        return tariff_list(actor=self.actor, cloud=self.cloud)

    def get_object(self) -> Any:
        return tariff_get(actor=self.actor, cloud=self.cloud, code=self.kwargs["code"])

    def get_serializer_context(self) -> dict[str, Any]:
        ctx = super().get_serializer_context()
        if not fake(self) and "slug" in self.kwargs:
            ctx["cloud"] = self.cloud  # the metered extras shown are this cloud's
        return ctx

    @extend_schema(request=CloudTariffIn, responses={201: CloudTariffOut})
    def create(self, request: Request, slug: str) -> Response:
        cloud = self.cloud
        data = valid(CloudTariffIn, request.data)
        metered = data.pop("metered", None)
        with atomic():
            plan = tariff_create(actor=self.actor, cloud=cloud, **data)
            if metered:
                tariff_metered_set(actor=self.actor, cloud=cloud, tariff=plan, metered=metered)
        return Response(self.out(CloudTariffOut, plan), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=TariffPatchIn,
        responses=CloudTariffOut,
        description="``metered`` replaces the list of this cloud's metered extras on the "
        "tariff (its own, or a provider tariff it sells); ``[]`` removes them.",
    )
    def partial_update(self, request: Request, slug: str, code: str) -> Response:
        plan = self.get_object()
        data = valid(TariffPatchIn, request.data)
        metered = data.pop("metered", None)
        if data or metered is not None:
            with atomic():
                if data:
                    tariff_update(actor=self.actor, tariff=plan, **data)
                if metered is not None:
                    tariff_metered_set(
                        actor=self.actor, cloud=self.cloud, tariff=plan, metered=metered
                    )
        return Response(self.out(CloudTariffOut, self.get_object()))


@extend_schema(parameters=[slug_param()])
class AccountDiscountViewSet(mixins.ListModelMixin, CloudScopedViewSet):
    """Retail discounts of one subscriber account."""

    queryset = discount_none()
    serializer_class = DiscountOut
    ordering_fields = ["valid_from", "id"]
    filter_backends = [drf_filters.OrderingFilter]

    def account(self) -> Any:
        return account_get(actor=self.actor, cloud=self.cloud, code=self.kwargs["code"])

    def get_queryset(self) -> Any:
        if fake(self):
            return discount_none()
        return account_discounts(self.account())

    @extend_schema(request=DiscountIn, responses={201: DiscountOut})
    def create(self, request: Request, slug: str, code: str) -> Response:
        account = self.account()
        data = valid(DiscountIn, request.data)
        with atomic():
            d = account_discount_create(actor=self.actor, account=account, **data)
        return Response(self.out(DiscountOut, d), status=status.HTTP_201_CREATED)
