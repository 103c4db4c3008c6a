"""The outbox of a cloud (list, detail, resend) and billing contacts (of an account,
of the cloud for wholesale invoices)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from cambill.api.core.common import CloudScopedViewSet, field_error, valid
from cambill.clouds.selectors import account_get
from cambill.core.errors import Forbidden
from cambill.notifications.choices import Status
from cambill.notifications.selectors import (
    billing_contacts_of_account,
    billing_contacts_of_cloud,
    message_get,
    message_list,
    message_none,
)
from cambill.notifications.services import billing_contacts_set, message_resend

from .serializers import ContactsIn, ContactsOut, MessageDetailOut, MessageOut


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def message_data(m: Any, body: bool = False) -> dict[str, Any]:
    out = {
        "id": m.pk,
        "kind": m.kind,
        "status": m.status,
        "to": list(m.to),
        "subject": m.subject,
        "language": m.language,
        "account": m.account.code if m.account_id else None,
        "invoice": m.invoice.number if m.invoice_id else None,
        "attachment": (m.invoice.number + ".pdf") if m.invoice_id else m.attachment_name,
        "attempts": m.attempts,
        "last_error": m.last_error,
        "next_attempt_at": _iso(m.next_attempt_at),
        "sent_at": _iso(m.sent_at),
        "created_at": m.created_at.isoformat(),
    }
    if body:
        out["body"] = m.body
    return out


class NotificationViewSet(CloudScopedViewSet):
    """The cloud's e-mail outbox: every message, its status and its SMTP error."""

    queryset = message_none()
    serializer_class = MessageOut
    filter_backends: list[Any] = []

    def _check(self) -> Any:
        cloud = self.cloud
        if not self.actor.can("payment.view", cloud):
            raise Forbidden(gettext("Your role may not see this cloud's e-mail."))
        return cloud

    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=list(Status.values), required=False)],
        responses=MessageOut(many=True),
    )
    def list(self, request: Request, slug: str) -> Response:
        cloud = self._check()
        status = request.query_params.get("status") or None
        if status is not None and status not in Status.values:
            raise field_error("status", f"Use one of {', '.join(Status.values)}.")
        page = self.paginate_queryset(message_list(actor=self.actor, cloud=cloud, status=status))
        return self.get_paginated_response([message_data(m) for m in page or []])

    @extend_schema(responses=MessageDetailOut)
    def retrieve(self, request: Request, slug: str, pk: str) -> Response:
        m = message_get(actor=self.actor, cloud=self._check(), pk=pk)
        return Response(message_data(m, body=True))

    @extend_schema(request=None, responses={202: MessageDetailOut})
    def resend(self, request: Request, slug: str, pk: str) -> Response:
        m = message_get(actor=self.actor, cloud=self._check(), pk=pk)
        message_resend(actor=self.actor, message=m)
        return Response(
            message_data(message_get(actor=self.actor, cloud=self.cloud, pk=pk), body=True),
            status=202,
        )


class BillingContactViewSet(CloudScopedViewSet):
    """Where billing mail goes: an account's contacts (its e-mail when it has none),
    and the cloud's own for the provider's wholesale invoices."""

    queryset = message_none()
    serializer_class = ContactsOut
    filter_backends: list[Any] = []
    pagination_class = None

    @extend_schema(responses=ContactsOut)
    def account(self, request: Request, slug: str, code: str) -> Response:
        acc = account_get(actor=self.actor, cloud=self.cloud, code=code)
        return Response({"billing_contacts": billing_contacts_of_account(acc)})

    @extend_schema(request=ContactsIn, responses=ContactsOut)
    def account_set(self, request: Request, slug: str, code: str) -> Response:
        acc = account_get(actor=self.actor, cloud=self.cloud, code=code)
        data = valid(ContactsIn, request.data)
        billing_contacts_set(
            actor=self.actor, cloud=self.cloud, account=acc, emails=data["billing_contacts"]
        )
        return Response({"billing_contacts": billing_contacts_of_account(acc)})

    @extend_schema(responses=ContactsOut)
    def cloud_get(self, request: Request, slug: str) -> Response:
        if not self.actor.can("payment.view", self.cloud):
            raise Forbidden(gettext("Your role may not see this cloud's billing contacts."))
        return Response({"billing_contacts": billing_contacts_of_cloud(self.cloud)})

    @extend_schema(request=ContactsIn, responses=ContactsOut)
    def cloud_set(self, request: Request, slug: str) -> Response:
        data = valid(ContactsIn, request.data)
        billing_contacts_set(actor=self.actor, cloud=self.cloud, emails=data["billing_contacts"])
        return Response({"billing_contacts": billing_contacts_of_cloud(self.cloud)})
