"""The provider's own payment gateway at ``/api/v1/provider/gateways/stripe/``: its
Stripe account, with which the clouds pay its wholesale invoices by card (provider
admin only). Secrets are write-only: the answer says only whether each is set."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from cambill.api.core.common import ApiViewSet, atomic, valid
from cambill.payments.gateways.config import provider_gateway_set
from cambill.payments.selectors import provider_gateway_get

from .serializers import ProviderGatewayIn, ProviderGatewayOut


class ProviderGatewayViewSet(ApiViewSet):
    """The provider's Stripe account (the settings ``CAMBILL_PROVIDER_STRIPE_*`` are
    its default until the provider admin stores one here)."""

    serializer_class = ProviderGatewayOut

    def _answer(self) -> Response:
        return Response(self.out(ProviderGatewayOut, provider_gateway_get(actor=self.actor)))

    @extend_schema(responses=ProviderGatewayOut)
    def retrieve(self, request: Request) -> Response:
        return self._answer()

    @extend_schema(request=ProviderGatewayIn, responses=ProviderGatewayOut)
    def update(self, request: Request) -> Response:
        data = valid(ProviderGatewayIn, request.data)
        with atomic():
            provider_gateway_set(actor=self.actor, **data)
        return self._answer()
