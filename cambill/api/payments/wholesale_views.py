"""A cloud's wholesale money under ``/clouds/{slug}/`` (issue #13, "Collect"):
its payments to the provider (``wholesale-payments/``: provider staff record
them, e.g. a bank transfer) and its balance with the provider
(``wholesale/balance``).

Reads go through :mod:`cambill.payments.wholesale` (provider staff and the
cloud's admin and accountant; another cloud is a 404); a payment is recorded
by :func:`cambill.payments.services.payment_record` without an account (the
same verb as ``POST payments/``), which applies it to the chosen invoices,
then to the oldest open ones, keeps the rest as prepaid credit, and queues the
receipt to the cloud's billing contacts.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from cambill.api.core.common import CloudScopedViewSet, atomic, fake, field_error, slug_param, valid
from cambill.payments.selectors import payment_none
from cambill.payments.services import payment_record
from cambill.payments.wholesale import (
    wholesale_balance,
    wholesale_invoice_list,
    wholesale_payment_get,
    wholesale_payment_list,
)

from .wholesale_serializers import WholesaleBalanceOut, WholesalePaymentIn, WholesalePaymentOut


@extend_schema(parameters=[slug_param()])
class WholesalePaymentViewSet(CloudScopedViewSet):
    """The cloud's payments to the provider and its wholesale balance."""

    queryset = payment_none()
    serializer_class = WholesalePaymentOut
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        if fake(self):
            return payment_none()
        return wholesale_payment_list(actor=self.actor, cloud=self.cloud)

    @extend_schema(responses=WholesalePaymentOut(many=True))
    def list(self, request: Request, slug: str) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        data = WholesalePaymentOut(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    @extend_schema(responses=WholesalePaymentOut)
    def retrieve(self, request: Request, slug: str, pk: str) -> Response:
        p = wholesale_payment_get(actor=self.actor, cloud=self.cloud, pk=pk)
        return Response(self.out(WholesalePaymentOut, p))

    @extend_schema(
        request=WholesalePaymentIn,
        responses={201: WholesalePaymentOut},
        description="Record money the cloud paid the provider (provider admin or accountant). "
        "It pays the listed wholesale invoices first, then the oldest open ones; what is "
        "left stays as prepaid credit for the next invoices. An invoice paid in full becomes "
        "paid, and a receipt is queued to the cloud's billing contacts.",
    )
    def create(self, request: Request, slug: str) -> Response:
        cloud = self.cloud
        data = valid(WholesalePaymentIn, request.data)
        numbers = list(data.get("invoices") or [])
        found = {
            inv.number: inv
            for inv in wholesale_invoice_list(actor=self.actor, cloud=cloud).filter(
                number__in=numbers
            )
        }
        missing = [n for n in numbers if n not in found]
        if missing:
            raise field_error(
                "invoices", f"No wholesale invoice {', '.join(missing)} of this cloud."
            )
        with atomic():
            p = payment_record(
                actor=self.actor,
                cloud=cloud,
                amount=data["amount"],
                received_at=data["received_at"],
                method=data["method"],
                reference=data["reference"],
                invoices=[found[n] for n in dict.fromkeys(numbers)],
            )
        return Response(self.out(WholesalePaymentOut, p), status=status.HTTP_201_CREATED)

    @extend_schema(responses=WholesaleBalanceOut)
    def balance(self, request: Request, slug: str) -> Response:
        """What the cloud owes the provider: open, overdue, prepaid credit, open invoices."""
        b = wholesale_balance(actor=self.actor, cloud=self.cloud)
        body = {
            "currency": b.currency,
            "open": b.open,
            "overdue": b.overdue,
            "prepaid": b.prepaid,
            "balance": b.balance,
            "invoices": [
                {"invoice": i.invoice, "open_amount": i.open_amount, "overdue": i.overdue}
                for i in b.invoices
            ],
        }
        return Response(self.out(WholesaleBalanceOut, body))
