"""Watcher integration endpoints under ``/clouds/{slug}/``: the connection, sync
jobs on demand, the push outbox, and the camera intake from Flussonic Agent.

The connection's password is write-only: it is accepted by PUT and never
returned (``password_set`` says whether one is stored). A Watcher that is down
or refuses the request answers 502 ``watcher_error`` with Watcher's own
explanation; nothing is half-written.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from cambill.api.core.common import (
    CloudScopedViewSet,
    atomic,
    fake,
    resolve,
    valid,
)
from cambill.api.core.errors import error_response
from cambill.api.core.parsers import JSONParser, read_body
from cambill.clouds.selectors import account_get
from cambill.core.errors import DomainError, ErrorCode, NotFound
from cambill.core.permissions import require
from cambill.watcher.choices import PushStatus
from cambill.watcher.errors import WatcherError
from cambill.watcher.intake import (
    agent_csv_upload,
    agent_device_attach,
    agent_device_get,
    agent_device_list,
)
from cambill.watcher.selectors import (
    agent_device_none,
    connection_get,
    connection_view,
    push_get,
    push_list,
    push_none,
)
from cambill.watcher.services.connection import watcher_connection_check, watcher_connection_set
from cambill.watcher.services.links import (
    OrgAdoption,
    watcher_orgs_adopt,
    watcher_orgs_adoptable,
)
from cambill.watcher.services.push import sync_push_process, watcher_push_retry
from cambill.watcher.sync import sync_import_apply, sync_import_plan, sync_poll

from .serializers import (
    AdoptableOut,
    AdoptIn,
    AdoptOut,
    AttachIn,
    ConnectionIn,
    ConnectionOut,
    DeviceOut,
    ImportApplyIn,
    PushOut,
)


def _watcher_failed(exc: WatcherError) -> Response:
    return error_response(
        "watcher_error",
        exc.message,
        {"watcher_status": [str(exc.status)]} if exc.status else {},
        http_status=status.HTTP_502_BAD_GATEWAY,
    )


class WatcherViewSet(CloudScopedViewSet):
    """The cloud's Watcher connection and sync jobs on demand."""

    parser_classes = [JSONParser]
    queryset = push_none()
    serializer_class = ConnectionOut
    filter_backends: list[Any] = []
    pagination_class = None

    @extend_schema(responses=ConnectionOut)
    def connection(self, request: Request, slug: str) -> Response:
        conn = connection_get(actor=self.actor, cloud=self.cloud)
        if conn is None:
            raise NotFound("Watcher connection")
        return Response(self.out(ConnectionOut, connection_view(conn)))

    @extend_schema(request=ConnectionIn, responses=ConnectionOut)
    def connection_set(self, request: Request, slug: str) -> Response:
        data = valid(ConnectionIn, request.data)
        with atomic():
            conn = watcher_connection_set(actor=self.actor, cloud=self.cloud, **data)
        return Response(self.out(ConnectionOut, connection_view(conn)))

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def connection_check(self, request: Request, slug: str) -> Response:
        """Log in to Watcher with the stored credentials: ``{"ok", "error"}``."""
        return Response(watcher_connection_check(actor=self.actor, cloud=self.cloud))

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def import_plan(self, request: Request, slug: str) -> Response:
        """What an import would create, update and leave alone, and the conflicts."""
        try:
            plan = sync_import_plan(actor=self.actor, cloud=self.cloud)
        except WatcherError as exc:
            return _watcher_failed(exc)
        return Response(plan.as_dict())

    @extend_schema(request=ImportApplyIn, responses=OpenApiTypes.OBJECT)
    def import_apply(self, request: Request, slug: str) -> Response:
        """Apply the current plan (only if its digest still matches, when given)."""
        data = valid(ImportApplyIn, request.data or {})
        try:
            plan = sync_import_plan(actor=self.actor, cloud=self.cloud)
        except WatcherError as exc:
            return _watcher_failed(exc)
        if data.get("digest") and data["digest"] != plan.digest:
            raise DomainError(
                ErrorCode.CONFLICT,
                gettext("Watcher or billing changed since that plan; review the new plan."),
                {"digest": [gettext("The current plan is %(digest)s.") % {"digest": plan.digest}]},
            )
        result = sync_import_apply(actor=self.actor, cloud=self.cloud, plan=plan)
        return Response({"digest": plan.digest, **result, "conflicts": plan.as_dict()["conflicts"]})

    @extend_schema(request=None, responses=AdoptableOut(many=True))
    def adoptable(self, request: Request, slug: str) -> Response:
        """Organizations in Watcher no account stands for yet (member-only list plus
        the admin users list, as Watcher shows them)."""
        try:
            found = watcher_orgs_adoptable(actor=self.actor, cloud=self.cloud)
        except WatcherError as exc:
            return _watcher_failed(exc)
        return Response([self.out(AdoptableOut, org) for org in found])

    @extend_schema(request=AdoptIn, responses=AdoptOut)
    def adopt(self, request: Request, slug: str) -> Response:
        """Link existing Watcher organizations to accounts (existing or created);
        idempotent: adopting again changes nothing."""
        data = valid(AdoptIn, request.data)
        adoptions = []
        for n, item in enumerate(data["organizations"]):
            account = None
            if "account" in item:
                account = resolve(
                    f"organizations[{n}].account",
                    partial(account_get, actor=self.actor, cloud=self.cloud, code=item["account"]),
                    "account",
                )
            new = item.get("create_account") or {}
            adoptions.append(
                OrgAdoption(
                    org_id=item["id"],
                    account=account,
                    code=new.get("code", ""),
                    name=new.get("name", ""),
                )
            )
        try:
            result = watcher_orgs_adopt(actor=self.actor, cloud=self.cloud, adoptions=adoptions)
        except WatcherError as exc:
            return _watcher_failed(exc)
        return Response(result.as_dict())

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def poll(self, request: Request, slug: str) -> Response:
        """Poll the streams now and ingest their usage."""
        require(self.actor, "watcher.manage", self.cloud)
        try:
            result = sync_poll(cloud=self.cloud)
        except WatcherError as exc:
            return _watcher_failed(exc)
        return Response(result.as_dict())

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def push(self, request: Request, slug: str) -> Response:
        """Send the due pushes of the outbox now."""
        require(self.actor, "watcher.manage", self.cloud)
        return Response(sync_push_process(cloud=self.cloud).as_dict())


class WatcherPushViewSet(mixins.ListModelMixin, CloudScopedViewSet):
    """The push outbox: ``?status=failed`` shows what Watcher refused (retried anyway)."""

    queryset = push_none()
    serializer_class = PushOut
    filter_backends: list[Any] = []

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=["pending", "done", "failed", "open"]),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        if fake(self):
            return push_none()
        wanted = self.request.query_params.get("status") or None
        if wanted not in (None, "open", *PushStatus.values):
            raise DomainError(
                ErrorCode.VALIDATION,
                gettext("Unknown status."),
                {"status": [gettext("Use pending, done, failed or open.")]},
            )
        return push_list(actor=self.actor, cloud=self.cloud, status=wanted)

    @extend_schema(request=None, responses=PushOut)
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, slug: str, pk: str) -> Response:
        """Make the push due now (after fixing the connection, say)."""
        if not pk.isdigit():
            raise NotFound("push")
        push = push_get(actor=self.actor, cloud=self.cloud, pk=int(pk))
        with atomic():
            push = watcher_push_retry(actor=self.actor, push=push)
        return Response(self.out(PushOut, push))


# --- intake -------------------------------------------------------------------------


class CSVParser(BaseParser):
    """The activation server's CSV as the raw body (``text/csv`` or ``text/plain``)."""

    media_type = "text/csv"

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        return read_body(stream, parser_context)


class TextParser(CSVParser):
    media_type = "text/plain"


class IntakeViewSet(CloudScopedViewSet):
    """Cameras announced by Flussonic Agent, waiting for an account."""

    queryset = agent_device_none()
    serializer_class = DeviceOut
    lookup_field = "serial"
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        if fake(self):
            return agent_device_none()
        raw = self.request.query_params.get("assigned")
        assigned = None
        if raw is not None:
            if raw.lower() not in ("true", "false", "1", "0"):
                raise DomainError(
                    ErrorCode.VALIDATION,
                    gettext("Use true or false."),
                    {"assigned": [gettext("Use true or false.")]},
                )
            assigned = raw.lower() in ("true", "1")
        return agent_device_list(actor=self.actor, cloud=self.cloud, assigned=assigned)

    @extend_schema(parameters=[OpenApiParameter("assigned", bool)], responses=DeviceOut(many=True))
    def list(self, request: Request, slug: str) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        data = DeviceOut(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    @extend_schema(request=AttachIn, responses={201: DeviceOut})
    def attach(self, request: Request, slug: str, serial: str) -> Response:
        """Create the device's camera in an account (and queue its Watcher stream)."""
        device = agent_device_get(actor=self.actor, cloud=self.cloud, serial=serial)
        data = valid(AttachIn, request.data)
        code = data.pop("account")
        account = resolve(
            "account", lambda: account_get(actor=self.actor, cloud=self.cloud, code=code), "account"
        )
        with atomic():
            agent_device_attach(actor=self.actor, device=device, account=account, **data)
        device.refresh_from_db()
        return Response(self.out(DeviceOut, device), status=status.HTTP_201_CREATED)


class IntakeUploadViewSet(IntakeViewSet):
    """The activation server's CSV upload (raw ``text/csv`` body or a multipart file)."""

    parser_classes = [CSVParser, TextParser, MultiPartParser]

    @extend_schema(
        request={"text/csv": OpenApiTypes.STR, "multipart/form-data": OpenApiTypes.BINARY},
        responses=OpenApiTypes.OBJECT,
    )
    def upload(self, request: Request, slug: str) -> Response:
        """Take the activation server's CSV; all rows or none (bad rows by line)."""
        body = request.data
        if hasattr(body, "getlist"):  # multipart: the first uploaded file
            files = list(request.FILES.values())
            if not files:
                raise DomainError(
                    ErrorCode.MALFORMED, gettext("Attach the CSV as a file (field 'file').")
                )
            body = files[0].read()
        if not isinstance(body, bytes | str) or not body:
            raise DomainError(ErrorCode.MALFORMED, gettext("Send the CSV as the body (text/csv)."))
        with atomic():
            result = agent_csv_upload(actor=self.actor, cloud=self.cloud, data=body)
        return Response(result.as_dict(), status=status.HTTP_200_OK)
