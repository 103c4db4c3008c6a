"""Card payments under ``/clouds/{slug}/`` (issue #13, "Collect"), the same verbs
as the portal's pages:

* ``accounts/{code}/payment-sessions/``: open a Stripe Checkout Session paying
  the account's chosen open invoices (by number) or its whole open balance;
* ``accounts/{code}/card-sessions/``: open one saving a card (``mode=setup``);
* ``payment-sessions/{session_id}``: a session's state; ``.../complete``: settle it
  from what Stripe says (the return page does the same; so do the webhooks);
* ``accounts/{code}/cards/`` (+ ``{id}``, ``{id}/default``): saved cards;
* ``accounts/{code}/autopay``: autopay on or off;
* ``wholesale-payment-sessions/``: the cloud pays the provider's wholesale
  invoices with the provider's Stripe.

Scope: a subscriber its own account, an account manager its accounts, the cloud's
admin and accountant every account of the cloud (``payment.card``); wholesale the
cloud's admin and accountant (``payment.card_wholesale``). Anything else is a 404.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from cambill.api.core.common import CloudScopedViewSet, display_money, slug_param, valid
from cambill.clouds.selectors import account_get
from cambill.core.errors import NotFound
from cambill.core.permissions import require
from cambill.payments.gateways.cards import autopay_on, autopay_set, card_remove, card_set_default
from cambill.payments.gateways.checkout import (
    SESSION_PLACEHOLDER,
    checkout_card_start,
    checkout_complete,
    checkout_pay_start,
    wholesale_checkout_start,
)
from cambill.payments.gateways.stripe_adapter import default_card
from cambill.payments.selectors import (
    card_checkout_get,
    checkout_invoices,
    invoice_ids_by_number,
    payment_none,
    saved_card_get,
    saved_card_list,
)

from .card_serializers import (
    AutopayIn,
    AutopayOut,
    CardSessionIn,
    CheckoutSessionOut,
    PaymentSessionIn,
    SavedCardOut,
    SessionCompleteIn,
    WholesaleSessionIn,
)

_CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="The account's code.")
_SESSION = OpenApiParameter(
    "session_id", str, OpenApiParameter.PATH, description="The Checkout Session's id."
)


def session_body(row: Any) -> dict[str, Any]:
    return {
        "session_id": row.session_id,
        "url": row.url,
        "mode": row.mode,
        "kind": row.kind,
        "account": row.account.code if row.account else None,
        "status": row.status,
        "error": row.error,
        "amount": display_money(row.amount, row.currency) if row.amount is not None else None,
        "currency": row.currency,
        "invoices": [inv.number for inv in checkout_invoices(row) if inv.number],
        "payment": row.payment_id,
        "created_at": row.created_at.isoformat(),
    }


@extend_schema(parameters=[slug_param()])
class CardViewSet(CloudScopedViewSet):
    """Card payments of the cloud's accounts and of the cloud to the provider."""

    queryset = payment_none()
    serializer_class = CheckoutSessionOut
    filter_backends: list[Any] = []
    unpaginated_actions = ("cards",)

    def _account(self, code: str) -> Any:
        account = account_get(actor=self.actor, cloud=self.cloud, code=code)
        if not self.actor.can("payment.card", account):
            raise NotFound("account")
        return account

    def _invoice_ids(self, numbers: list[str] | None, account: Any = None) -> list[int] | None:
        """Invoice numbers of the body to ids (the account's, or the cloud's wholesale)."""
        if not numbers:
            return None
        return invoice_ids_by_number(cloud=self.cloud, numbers=numbers, account=account)

    def _urls(self, request: Request, data: dict[str, Any], cancel_query: str) -> tuple[str, str]:
        slug = self.cloud.slug
        back = request.build_absolute_uri(reverse("web:card_checkout_return", args=[slug]))
        cancel = request.build_absolute_uri(reverse("web:card_checkout_cancel", args=[slug]))
        return (
            data.get("success_url") or f"{back}?session_id={SESSION_PLACEHOLDER}",
            data.get("cancel_url") or f"{cancel}?{cancel_query}",
        )

    @extend_schema(
        parameters=[_CODE],
        request=PaymentSessionIn,
        responses={201: CheckoutSessionOut},
        description="Open a Stripe Checkout Session paying the account's open invoices: send "
        "the payer to `url`. Stripe comes back to `success_url` (or `cancel_url`); then "
        "`POST payment-sessions/{session_id}/complete` (or the webhook) records the payment, "
        "once, and a receipt is e-mailed.",
    )
    def pay(self, request: Request, slug: str, code: str) -> Response:
        account = self._account(code)
        data = valid(PaymentSessionIn, request.data or {})
        success, cancel = self._urls(request, data, f"account={account.code}")
        row = checkout_pay_start(
            actor=self.actor,
            account=account,
            invoice_ids=self._invoice_ids(data.get("invoices"), account),
            save_card=data.get("save_card", False),
            success_url=success,
            cancel_url=cancel,
        )
        return Response(session_body(row), status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[_CODE],
        request=CardSessionIn,
        responses={201: CheckoutSessionOut},
        description="Open a Stripe Checkout Session (setup mode) saving a card for the "
        "account; the first card saved is the default, which autopay charges.",
    )
    def card_session(self, request: Request, slug: str, code: str) -> Response:
        account = self._account(code)
        data = valid(CardSessionIn, request.data or {})
        success, cancel = self._urls(request, data, f"account={account.code}")
        row = checkout_card_start(
            actor=self.actor, account=account, success_url=success, cancel_url=cancel
        )
        return Response(session_body(row), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=WholesaleSessionIn,
        responses={201: CheckoutSessionOut},
        description="The cloud pays the provider's open wholesale invoices by card (the "
        "provider's Stripe account); cloud admin and accountant.",
    )
    def wholesale(self, request: Request, slug: str) -> Response:
        data = valid(WholesaleSessionIn, request.data or {})
        require(self.actor, "payment.card_wholesale", self.cloud)
        success, cancel = self._urls(request, data, "wholesale=1")
        row = wholesale_checkout_start(
            actor=self.actor,
            cloud=self.cloud,
            invoice_ids=self._invoice_ids(data.get("invoices")),
            success_url=success,
            cancel_url=cancel,
        )
        return Response(session_body(row), status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[_SESSION], responses=CheckoutSessionOut)
    def session(self, request: Request, slug: str, session_id: str) -> Response:
        row = card_checkout_get(actor=self.actor, cloud=self.cloud, session_id=session_id)
        return Response(session_body(row))

    @extend_schema(
        parameters=[_SESSION],
        request=SessionCompleteIn,
        responses=CheckoutSessionOut,
        description="Settle the session from what Stripe says of it now: `paid` (the payment "
        "recorded once, whoever settles first), `saved`, `declined` or `auth_failed` (with "
        "the bank's reason in `error`), or with `cancel` the session is expired and `canceled`.",
    )
    def complete(self, request: Request, slug: str, session_id: str) -> Response:
        data = valid(SessionCompleteIn, request.data or {})
        row = card_checkout_get(actor=self.actor, cloud=self.cloud, session_id=session_id)
        row = checkout_complete(session_id=row.session_id, cancel=data.get("cancel", False))
        return Response(session_body(row))

    @extend_schema(parameters=[_CODE], responses=SavedCardOut(many=True))
    def cards(self, request: Request, slug: str, code: str) -> Response:
        account = self._account(code)
        cards = saved_card_list(actor=self.actor, account=account)
        return Response(SavedCardOut(cards, many=True).data)

    @extend_schema(parameters=[_CODE], request=None, responses={204: None})
    def card_delete(self, request: Request, slug: str, code: str, pk: str) -> Response:
        account = self._account(code)
        card = saved_card_get(actor=self.actor, account=account, pk=pk)
        card_remove(actor=self.actor, account=account, card=card)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(parameters=[_CODE], request=None, responses=SavedCardOut)
    def card_default(self, request: Request, slug: str, code: str, pk: str) -> Response:
        account = self._account(code)
        card = saved_card_get(actor=self.actor, account=account, pk=pk)
        card = card_set_default(actor=self.actor, account=account, card=card)
        return Response(SavedCardOut(card).data)

    @extend_schema(parameters=[_CODE], request=AutopayIn, responses=AutopayOut)
    def autopay(self, request: Request, slug: str, code: str) -> Response:
        account = self._account(code)
        if request.method in ("PUT", "PATCH"):
            data = valid(AutopayIn, request.data)
            autopay_set(actor=self.actor, account=account, enabled=data["enabled"])
        card = default_card(account.pk)
        return Response(
            {
                "account": account.code,
                "enabled": autopay_on(account.pk),
                "default_card": card.pk if card else None,
            }
        )
