"""Payments, ledger, gateways, dunning and webhook endpoints under ``/clouds/{slug}/``.

Reads are scoped (another cloud is a 404, as a missing one; a subscriber sees
its own account's money); writes call the verbs of :mod:`cambill.payments` and
:mod:`cambill.webhooks`, which decide who may do what. Gateway keys and webhook
secrets are write-only: answers say whether they are set, never what they are
(a webhook endpoint's secret is shown once, in the answer that creates it).

The Stripe webhook ``POST /api/v1/stripe/webhook`` takes no login: the
``Stripe-Signature`` header is the authentication.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from cambill.api.core.common import (
    CloudScopedViewSet,
    display_money,
    slug_param,
)
from cambill.clouds.selectors import account_get
from cambill.core.errors import DomainError, NotFound
from cambill.core.permissions import require
from cambill.invoicing.selectors import cloud_invoice_by_number
from cambill.payments import ledger as L
from cambill.payments.account_names import ledger_account_names
from cambill.payments.bank import bank_import, bank_import_report
from cambill.payments.dunning import dunning_policy_set, dunning_run
from cambill.payments.gateways.export import (
    EXPORT_FIELDS,
    charges_export,
    charges_import,
    rows_to_csv,
)
from cambill.payments.gateways.stripe_adapter import card_setup_complete, card_setup_start
from cambill.payments.gateways.stripe_webhooks import stripe_webhook_handle
from cambill.payments.selectors import (
    account_dunning_events,
    account_ledger_lines,
    bank_import_get,
    dunning_policy_get,
    gateway_config_get,
    payment_get,
    payment_none,
    payments_in_scope,
)
from cambill.payments.services import payment_record, payment_refund
from cambill.webhooks.services import (
    webhook_delivery_get,
    webhook_delivery_list,
    webhook_delivery_replay,
    webhook_endpoint_create,
    webhook_endpoint_list,
    webhook_endpoint_update,
)

from .serializers import (
    BalanceOut,
    BankImportIn,
    BankImportOut,
    CardCompleteIn,
    CardCompleteOut,
    CardSetupOut,
    DeliveryOut,
    DunningEventOut,
    DunningIn,
    DunningPolicyOut,
    DunningRunOut,
    EndpointCreatedOut,
    EndpointIn,
    EndpointOut,
    EndpointPatch,
    GatewayIn,
    GatewayOut,
    LedgerOut,
    PaymentIn,
    PaymentOut,
    RefundIn,
)


def _endpoint(ep: Any, secret: bool = False) -> dict[str, Any]:
    out = {
        "id": ep.pk,
        "url": ep.url,
        "events": ep.events,
        "description": ep.description,
        "active": ep.active,
    }
    if secret:
        out["secret"] = ep.secret
    return out


def _delivery(d: Any) -> dict[str, Any]:
    return {
        "id": d.pk,
        "event": str(d.event.uid),
        "type": d.event.type,
        "endpoint": d.endpoint_id,
        "status": d.status,
        "attempts": d.attempts,
        "last_status_code": d.last_status_code,
        "last_error": d.last_error,
        "next_attempt_at": d.next_attempt_at.isoformat() if d.next_attempt_at else None,
        "replay_of": d.replay_of_id,
        "data": d.event.data,
    }


def _gateway(cfg: Any, kind: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "configured": cfg is not None,
        "has_secret_key": bool(cfg and cfg.secret_key),
        "has_webhook_secret": bool(cfg and cfg.webhook_secret),
        "publishable_key": cfg.publishable_key if cfg else "",
        "auto_charge": cfg.auto_charge if cfg else True,
    }


def _valid(serializer: type[serializers.Serializer], data: Any, **kw: Any) -> dict[str, Any]:
    s = serializer(data=data, **kw)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


# --- views --------------------------------------------------------------------------------


@extend_schema(parameters=[slug_param()])
class PaymentViewSet(CloudScopedViewSet):
    """Payments received: recorded by accountants, by bank import or by a gateway."""

    queryset = payment_none()
    serializer_class = PaymentOut
    filter_backends: list[Any] = []

    def _scoped(self) -> Any:
        return payments_in_scope(actor=self.actor, cloud=self.cloud)

    def list(self, request: Request, slug: str) -> Response:
        page = self.paginate_queryset(self._scoped())
        data = PaymentOut(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    def retrieve(self, request: Request, slug: str, pk: str) -> Response:
        p = payment_get(actor=self.actor, cloud=self.cloud, pk=pk)
        return Response(self.out(PaymentOut, p))

    @extend_schema(request=PaymentIn, responses={201: PaymentOut})
    def create(self, request: Request, slug: str) -> Response:
        cloud = self.cloud
        data = _valid(PaymentIn, request.data)
        account = None
        if data.get("account"):
            try:
                account = account_get(actor=self.actor, cloud=cloud, code=data["account"])
            except NotFound:
                raise DomainError(
                    NotFound("account").code,
                    gettext("No such account."),
                    {"account": [gettext("No such account.")]},
                ) from None
        invoices = []
        for number in data.get("invoices") or []:
            inv = cloud_invoice_by_number(cloud=cloud, number=number)
            if inv is None:
                raise DomainError(
                    NotFound("invoice").code,
                    gettext("No invoice %(number)s.") % {"number": number},
                    {"invoices": [number]},
                )
            invoices.append(inv)
        p = payment_record(
            actor=self.actor,
            cloud=cloud,
            account=account,
            amount=data["amount"],
            received_at=data["received_at"],
            method=data["method"],
            reference=data["reference"],
            invoices=invoices,
        )
        return Response(self.out(PaymentOut, p), status=status.HTTP_201_CREATED)

    @extend_schema(request=RefundIn, responses={201: PaymentOut})
    def refund(self, request: Request, slug: str, pk: str) -> Response:
        p = payment_get(actor=self.actor, cloud=self.cloud, pk=pk)
        data = _valid(RefundIn, request.data)
        payment_refund(
            actor=self.actor, payment=p, amount=data.get("amount"), reason=data["reason"]
        )
        return Response(self.out(PaymentOut, p), status=status.HTTP_201_CREATED)


@extend_schema(parameters=[slug_param()])
class AccountMoneyViewSet(CloudScopedViewSet):
    """An account's balance, ledger lines, dunning history and card."""

    queryset = payment_none()
    serializer_class = PaymentOut
    filter_backends: list[Any] = []
    unpaginated_actions = ("dunning", "endpoints", "charges_export")

    def _account(self, code: str) -> Any:
        account = account_get(actor=self.actor, cloud=self.cloud, code=code)
        if not self.actor.can("payment.view_account", account):
            raise NotFound("account")
        return account

    @extend_schema(responses=BalanceOut)
    def balance(self, request: Request, slug: str, code: str) -> Response:
        a = self._account(code)
        cur = self.cloud.currency

        rows = list(account_ledger_lines(actor=self.actor, account=a).order_by("id"))
        names = ledger_account_names((x.code for x in rows), cloud_id=self.cloud.pk)
        lines = [
            {
                "at": x.entry.posted_at.isoformat(),
                "kind": x.entry.kind,
                "description": x.entry.description,
                "code": x.code,
                "name": names[x.code],
                "debit": display_money(x.debit, cur),
                "credit": display_money(x.credit, cur),
            }
            for x in rows
        ]
        return Response(
            {
                "account": a.code,
                "currency": self.cloud.currency,
                "balance": display_money(L.account_balance(a), cur),
                "credit": display_money(L.account_credit(a), cur),
                "status": a.status,
                "lines": lines,
            }
        )

    @extend_schema(responses=DunningEventOut(many=True))
    def dunning(self, request: Request, slug: str, code: str) -> Response:
        a = self._account(code)
        return Response(
            [
                {
                    "kind": e.kind,
                    "day": e.day,
                    "invoice": e.invoice.number if e.invoice else None,
                    "detail": e.detail,
                    "at": e.at.isoformat(),
                }
                for e in account_dunning_events(actor=self.actor, account=a)
            ]
        )

    @extend_schema(request=None, responses={201: CardSetupOut})
    def card_setup(self, request: Request, slug: str, code: str) -> Response:
        a = self._account(code)
        return Response(card_setup_start(actor=self.actor, account=a), status=201)

    @extend_schema(request=CardCompleteIn, responses=CardCompleteOut)
    def card_complete(self, request: Request, slug: str, code: str) -> Response:
        a = self._account(code)
        si = _valid(CardCompleteIn, request.data or {}).get("setup_intent")
        card = card_setup_complete(actor=self.actor, account=a, setup_intent_id=si)
        return Response({"customer": card.customer_id, "has_payment_method": True})


@extend_schema(parameters=[slug_param()])
class CloudMoneyViewSet(CloudScopedViewSet):
    """The cloud's ledger, bank imports, gateway, export, dunning and webhooks."""

    queryset = payment_none()
    serializer_class = PaymentOut
    filter_backends: list[Any] = []
    unpaginated_actions = ("dunning", "endpoints", "charges_export")

    def _require_view(self) -> Any:
        cloud = self.cloud
        if not self.actor.can("payment.view", cloud):
            from cambill.core.errors import Forbidden

            raise Forbidden(gettext("Your role may not see this cloud's money."))
        return cloud

    @extend_schema(responses=LedgerOut)
    def ledger(self, request: Request, slug: str) -> Response:
        cloud = self._require_view()
        balances = L.trial_balance(cloud.pk)
        names = ledger_account_names(balances, cloud_id=cloud.pk)
        return Response(
            {
                "currency": cloud.currency,
                "balances": {k: display_money(v, cloud.currency) for k, v in balances.items()},
                "accounts": [
                    {"code": k, "name": names[k], "balance": display_money(v, cloud.currency)}
                    for k, v in sorted(balances.items())
                ],
                "owed_to_provider": display_money(
                    L.cloud_balance_to_provider(cloud), cloud.currency
                ),
            }
        )

    @extend_schema(request=BankImportIn, responses={201: BankImportOut})
    def bank_import(self, request: Request, slug: str) -> Response:
        data = _valid(BankImportIn, request.data)
        imp = bank_import(
            actor=self.actor, cloud=self.cloud, content=data["content"], filename=data["filename"]
        )
        return Response(bank_import_report(imp), status=201)

    @extend_schema(responses=BankImportOut)
    def bank_import_get(self, request: Request, slug: str, pk: str) -> Response:
        cloud = self._require_view()
        imp = bank_import_get(cloud=cloud, pk=pk)
        return Response(bank_import_report(imp))

    @extend_schema(request=GatewayIn, responses=GatewayOut)
    def gateway(self, request: Request, slug: str, kind: str) -> Response:
        from cambill.payments.gateways.config import gateway_config_set

        cloud = self.cloud
        require(self.actor, "payment.configure", cloud)
        if request.method in ("PUT", "PATCH"):
            data = _valid(GatewayIn, request.data)
            cfg = gateway_config_set(actor=self.actor, cloud=cloud, kind=kind, **data)
        else:
            cfg = gateway_config_get(cloud=cloud, kind=kind)  # type: ignore[assignment]
        return Response(_gateway(cfg, kind))

    @extend_schema(
        parameters=[
            OpenApiParameter("period", str, description="YYYY-MM."),
            OpenApiParameter("output", str, enum=["csv"], description="csv: a CSV file."),
        ],
        responses={
            (200, "application/json"): {
                "type": "array",
                "items": {"type": "object", "additionalProperties": {"type": "string"}},
            },
            (200, "text/csv"): OpenApiTypes.STR,
        },
    )
    def charges_export(self, request: Request, slug: str) -> Any:
        period = request.query_params.get("period", "")
        rows = charges_export(actor=self.actor, cloud=self.cloud, period=period)
        if request.query_params.get("output") == "csv":
            resp = HttpResponse(rows_to_csv(rows, EXPORT_FIELDS), content_type="text/csv")
            resp["Content-Disposition"] = f'attachment; filename="charges-{slug}-{period}.csv"'
            return resp
        return Response(rows)

    @extend_schema(request=BankImportIn, responses=OpenApiTypes.OBJECT)
    def charges_import(self, request: Request, slug: str) -> Response:
        data = _valid(BankImportIn, request.data)
        return Response(charges_import(actor=self.actor, cloud=self.cloud, content=data["content"]))

    @extend_schema(request=DunningIn, responses=DunningPolicyOut)
    def dunning_policy(self, request: Request, slug: str) -> Response:
        cloud = self.cloud
        if request.method == "PUT":
            data = _valid(DunningIn, request.data)
            p = dunning_policy_set(actor=self.actor, cloud=cloud, **data)
        else:
            self._require_view()
            p = dunning_policy_get(cloud=cloud)  # type: ignore[assignment]
        return Response(
            {
                "enabled": bool(p and p.enabled),
                "reminder_days": p.reminder_days if p else [],
                "suspend_after_days": p.suspend_after_days if p else None,
            }
        )

    @extend_schema(request=None, responses=DunningRunOut)
    def dunning_run(self, request: Request, slug: str) -> Response:
        cloud = self.cloud
        require(self.actor, "payment.configure", cloud)
        return Response(dunning_run(cloud=cloud))

    @extend_schema(methods=["GET"], responses=EndpointOut(many=True))
    @extend_schema(methods=["POST"], request=EndpointIn, responses={201: EndpointCreatedOut})
    def endpoints(self, request: Request, slug: str) -> Response:
        cloud = self.cloud
        if request.method == "POST":
            data = _valid(EndpointIn, request.data)
            ep = webhook_endpoint_create(actor=self.actor, cloud=cloud, **data)
            return Response(_endpoint(ep, secret=True), status=201)
        self._require_view()
        return Response(
            [_endpoint(e) for e in webhook_endpoint_list(actor=self.actor, cloud=cloud)]
        )

    @extend_schema(request=EndpointPatch, responses=EndpointOut)
    def endpoint(self, request: Request, slug: str, pk: str) -> Response:
        cloud = self._require_view()
        try:
            ep = webhook_endpoint_list(actor=self.actor, cloud=cloud).get(pk=int(pk))
        except (ValueError, Exception):
            raise NotFound("endpoint") from None
        if request.method == "PATCH":
            data = _valid(EndpointPatch, request.data)
            ep = webhook_endpoint_update(actor=self.actor, endpoint=ep, **data)
        return Response(_endpoint(ep))

    @extend_schema(responses=DeliveryOut(many=True))
    def deliveries(self, request: Request, slug: str) -> Response:
        cloud = self._require_view()
        qs = webhook_delivery_list(actor=self.actor, cloud=cloud)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response([_delivery(d) for d in page or []])

    @extend_schema(request=None, responses={201: DeliveryOut})
    def replay(self, request: Request, slug: str, pk: str) -> Response:
        d = webhook_delivery_get(actor=self.actor, cloud=self.cloud, pk=pk)
        new = webhook_delivery_replay(actor=self.actor, delivery=d)
        return Response(_delivery(new), status=201)


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """Stripe events; the signature is verified against each cloud's webhook secret."""
    try:
        result = stripe_webhook_handle(request.body, request.headers.get("Stripe-Signature"))
    except DomainError as exc:
        return JsonResponse(exc.as_dict(), status=400)
    return JsonResponse(result)
