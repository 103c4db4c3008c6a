"""Cloud endpoints: clouds, their subscriber accounts, cameras and tariff history.

Everything under ``/clouds/{slug}/`` resolves the cloud with ``cloud_in_scope``
and each object with its scoped selector, so another tenant's cloud, account
or camera is a 404 exactly like a missing one. Times inside a cloud are shown
in the cloud's time zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cambill.api.core.common import (
    ApiViewSet,
    CloudScopedViewSet,
    atomic,
    fake,
    resolve,
    slug_param,
    valid,
)
from cambill.catalog.selectors import allowed_tariff_codes, latest_service_prices
from cambill.catalog.services import cloud_set_allowed_tariffs, cloud_set_service_prices
from cambill.clouds.choices import AccountStatus, CameraStatus, CloudStatus
from cambill.clouds.selectors import (
    account_get,
    account_list,
    account_none,
    camera_get,
    camera_history,
    camera_list,
    camera_none,
    cloud_get,
    cloud_list,
    cloud_none,
    with_open_period_tariff,
)
from cambill.clouds.self_service import (
    current_period,
    self_service_tariffs_for_camera,
    tariff_change_preview,
)
from cambill.clouds.services import (
    account_create,
    account_resume,
    account_suspend,
    account_update,
    camera_add_tariff_period,
    camera_change_tariff,
    camera_create,
    camera_move,
    camera_self_service_change_tariff,
    camera_update,
    cloud_billing_settings_update,
    cloud_create,
    cloud_update,
)
from cambill.core import clock
from cambill.core.permissions import require
from cambill.notifications.services import billing_contacts_set

from .serializers import (
    AccountIn,
    AccountOut,
    AccountPatchIn,
    AccountSuspensionsOut,
    BillingSettingsOut,
    BillingSettingsPatchIn,
    CameraHistoryOut,
    CameraIn,
    CameraOut,
    CameraPatchIn,
    CloudIn,
    CloudOut,
    CloudPatchIn,
    MoveIn,
    PeriodOut,
    SelfServiceChangeIn,
    SelfServiceTariffOut,
    SuspensionIn,
    TariffChangeIn,
    TariffChangePreviewOut,
    TariffPeriodIn,
)


class CloudFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=CloudStatus.choices)
    currency = filters.CharFilter()
    manager = filters.CharFilter(field_name="manager__username")


def _save_cloud_terms(
    actor: Any, cloud: Any, allowed: list[str] | None, prices: list[Any] | None
) -> None:
    if allowed is not None:
        cloud_set_allowed_tariffs(actor=actor, cloud=cloud, tariffs=allowed)
    if prices is not None:
        cloud_set_service_prices(actor=actor, cloud=cloud, prices=prices)


class CloudViewSet(mixins.RetrieveModelMixin, ApiViewSet):
    """Operators: their currency, zone, proration, wholesale terms and settings."""

    queryset = cloud_none()
    serializer_class = CloudOut
    lookup_field = "slug"
    filterset_class = CloudFilter
    search_fields = ["slug", "name", "legal_name"]
    ordering_fields = ["slug", "name", "created_at"]

    def get_queryset(self) -> Any:
        if fake(self):
            return cloud_none()
        return cloud_list(actor=self.actor)

    def get_object(self) -> Any:
        return cloud_get(actor=self.actor, slug=self.kwargs["slug"])

    @extend_schema(responses=CloudOut(many=True))
    def list(self, request: Request) -> Response:
        qs = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(qs)
        rows = list(page if page is not None else qs)
        ids = [c.pk for c in rows]
        data = self.out_many(
            rows, allowed_map=allowed_tariff_codes(ids), prices_map=latest_service_prices(ids)
        )
        return self.get_paginated_response(data) if page is not None else Response(data)

    def out_many(self, rows: Sequence[Any], **context: Any) -> Any:
        return CloudOut(rows, many=True, context={**self.get_serializer_context(), **context}).data

    @extend_schema(request=CloudIn, responses={201: CloudOut})
    def create(self, request: Request) -> Response:
        data = valid(CloudIn, request.data)
        allowed = data.pop("allowed_tariffs", None)
        prices = data.pop("service_prices", None)
        # One transaction: a refused tariff or price leaves no half-made cloud.
        with atomic():
            cloud = cloud_create(
                actor=self.actor,
                slug=data.pop("slug"),
                name=data.pop("name"),
                currency=data.pop("currency"),
                timezone_name=data.pop("timezone"),
                **data,
            )
            _save_cloud_terms(self.actor, cloud, allowed, prices)
        return Response(self.out(CloudOut, cloud), status=status.HTTP_201_CREATED)

    @extend_schema(request=CloudPatchIn, responses=CloudOut)
    def partial_update(self, request: Request, slug: str) -> Response:
        cloud = self.get_object()
        data = valid(CloudPatchIn, request.data)
        allowed = data.pop("allowed_tariffs", None)
        prices = data.pop("service_prices", None)
        with atomic():
            if data:
                cloud = cloud_update(actor=self.actor, cloud=cloud, **data)
            _save_cloud_terms(self.actor, cloud, allowed, prices)
        return Response(self.out(CloudOut, self.get_object()))


class AccountFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=AccountStatus.choices)
    account_manager = filters.CharFilter(
        field_name="account_manager__username", help_text="Username"
    )
    referral_agent = filters.CharFilter(field_name="referral_agent__code", help_text="Agent code")


@extend_schema(parameters=[slug_param()])
class AccountViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CloudScopedViewSet):
    """Subscriber accounts of a cloud (an account manager sees its own, an
    agent those it brought, a subscriber its own)."""

    queryset = account_none()
    serializer_class = AccountOut
    lookup_field = "code"
    filterset_class = AccountFilter
    search_fields = ["code", "name", "email", "legal_name"]
    ordering_fields = ["code", "name", "status", "created_at"]

    def get_queryset(self) -> Any:
        if fake(self):
            return account_none()
        return account_list(actor=self.actor, cloud=self.cloud).prefetch_related("billing_contacts")

    def get_object(self) -> Any:
        return account_get(actor=self.actor, cloud=self.cloud, code=self.kwargs["code"])

    @extend_schema(request=AccountIn, responses={201: AccountOut})
    def create(self, request: Request, slug: str) -> Response:
        cloud = self.cloud
        data = valid(AccountIn, request.data)
        if "referral_code" in data:
            from cambill.core.errors import validation
            from cambill.referrals.signup import referral_agent_for_code

            if data.get("referral_agent") is not None:
                raise validation(
                    "referral_code", gettext("Give referral_agent or referral_code, not both.")
                )
            code = data.pop("referral_code")
            data["referral_agent"] = referral_agent_for_code(cloud=cloud, referral_code=code)
        contacts = data.pop("billing_contacts", None)
        with atomic():
            acc = account_create(
                actor=self.actor, cloud=cloud, code=data.pop("code"), name=data.pop("name"), **data
            )
            if contacts is not None:
                billing_contacts_set(actor=self.actor, cloud=cloud, account=acc, emails=contacts)
        return Response(self.out(AccountOut, acc), status=status.HTTP_201_CREATED)

    @extend_schema(request=AccountPatchIn, responses=AccountOut)
    def partial_update(self, request: Request, slug: str, code: str) -> Response:
        acc = self.get_object()
        data = valid(AccountPatchIn, request.data)
        contacts = data.pop("billing_contacts", None)
        if data or contacts is not None:
            with atomic():
                if data:
                    acc = account_update(actor=self.actor, account=acc, **data)
                if contacts is not None:
                    billing_contacts_set(
                        actor=self.actor, cloud=self.cloud, account=acc, emails=contacts
                    )
        return Response(self.out(AccountOut, acc))


class CameraFilter(filters.FilterSet):
    account = filters.CharFilter(field_name="account__code", help_text="Account code")
    status = filters.ChoiceFilter(choices=CameraStatus.choices)
    tariff = filters.CharFilter(field_name="current_tariff", help_text="Current tariff code")


@extend_schema(parameters=[slug_param()])
class CameraViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CloudScopedViewSet):
    """Cameras (Watcher streams), the billing unit, and their tariff history."""

    queryset = camera_none()
    serializer_class = CameraOut
    lookup_field = "code"
    filterset_class = CameraFilter
    search_fields = ["code", "title"]
    ordering_fields = ["code", "title", "status", "created_at"]

    def get_queryset(self) -> Any:
        if fake(self):
            return camera_none()
        return with_open_period_tariff(camera_list(actor=self.actor, cloud=self.cloud))

    def get_object(self) -> Any:
        return camera_get(actor=self.actor, cloud=self.cloud, code=self.kwargs["code"])

    def _account(self, code: str | None) -> Any:
        if code is None:
            return None
        return resolve(
            "account", lambda: account_get(actor=self.actor, cloud=self.cloud, code=code), "account"
        )

    def _with_history(self, camera: Any, http_status: int = status.HTTP_200_OK) -> Response:
        # Re-read the camera the actor just acted on (not through the scope: a
        # camera an account manager detached is no longer its to list, but the
        # answer to its own request still shows what it did).
        camera.refresh_from_db()
        return Response(self.out(CameraHistoryOut, camera), status=http_status)

    @extend_schema(request=CameraIn, responses={201: CameraHistoryOut})
    def create(self, request: Request, slug: str) -> Response:
        cloud = self.cloud
        data = valid(CameraIn, request.data)
        account = self._account(data.pop("account", None))
        with atomic():
            cam = camera_create(actor=self.actor, cloud=cloud, account=account, **data)
        return self._with_history(cam, status.HTTP_201_CREATED)

    @extend_schema(request=CameraPatchIn, responses=CameraOut)
    def partial_update(self, request: Request, slug: str, code: str) -> Response:
        cam = self.get_object()
        data = valid(CameraPatchIn, request.data)
        if data:
            with atomic():
                cam = camera_update(actor=self.actor, camera=cam, **data)
        return Response(self.out(CameraOut, cam))

    @extend_schema(responses=PeriodOut(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request: Request, slug: str, code: str) -> Response:
        """The camera's tariff periods ``[valid_from, valid_to)``, oldest first."""
        cam = self.get_object()
        return Response(self.out_list(PeriodOut, camera_history(camera=cam)))

    def out_list(self, serializer: Any, rows: Any) -> Any:
        return serializer(rows, many=True, context=self.get_serializer_context()).data

    @extend_schema(request=TariffChangeIn, responses={201: CameraHistoryOut})
    @action(detail=True, methods=["post"], url_path="tariff-changes", filter_backends=[])
    def tariff_changes(self, request: Request, slug: str, code: str) -> Response:
        """From ``at`` on the camera holds ``tariff`` (null: none); periods that
        started at or after ``at`` are replaced."""
        cam = self.get_object()
        data = valid(TariffChangeIn, request.data)
        with atomic():
            camera_change_tariff(actor=self.actor, camera=cam, tariff=data["tariff"], at=data["at"])
        return self._with_history(cam, status.HTTP_201_CREATED)

    @extend_schema(request=MoveIn, responses={201: CameraHistoryOut})
    @action(detail=True, methods=["post"], filter_backends=[])
    def moves(self, request: Request, slug: str, code: str) -> Response:
        """From ``at`` the camera belongs to ``account`` (null: detached); its tariff carries on."""
        cam = self.get_object()
        data = valid(MoveIn, request.data)
        account = self._account(data["account"])
        with atomic():
            camera_move(actor=self.actor, camera=cam, account=account, at=data["at"])
        return self._with_history(cam, status.HTTP_201_CREATED)

    @extend_schema(request=TariffPeriodIn, responses={201: CameraHistoryOut})
    @action(detail=True, methods=["post"], url_path="tariff-periods", filter_backends=[])
    def tariff_periods(self, request: Request, slug: str, code: str) -> Response:
        """Record an explicit interval (imports, corrections); refuses overlaps (409)."""
        cam = self.get_object()
        data = valid(TariffPeriodIn, request.data)
        with atomic():
            camera_add_tariff_period(
                actor=self.actor,
                camera=cam,
                tariff=data["tariff"],
                valid_from=data["valid_from"],
                valid_to=data.get("valid_to"),
            )
        return self._with_history(cam, status.HTTP_201_CREATED)

    # --- the subscriber's own tariff change (issue #17, point 7) -------------

    @extend_schema(responses=SelfServiceTariffOut(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def self_service_tariffs(self, request: Request, slug: str, code: str) -> Response:
        """The cloud's self-service tariffs the camera's subscriber may switch it to."""
        cam = self.get_object()
        rows = self_service_tariffs_for_camera(actor=self.actor, camera=cam)
        held = current_period(cam, clock.now())
        ctx = {
            **self.get_serializer_context(),
            "current_tariff_id": held.tariff_id if held else None,
        }
        return Response(SelfServiceTariffOut(rows, many=True, context=ctx).data)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "tariff", str, OpenApiParameter.QUERY, required=True, description="Tariff code"
            )
        ],
        responses=TariffChangePreviewOut,
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def tariff_change_preview(self, request: Request, slug: str, code: str) -> Response:
        """What switching the camera to ``tariff`` now changes on the next invoices:
        the rest of the current period and the next full month, old tariff
        against new, rated as the bill run rates them. Writes nothing."""
        cam = self.get_object()
        got = tariff_change_preview(
            actor=self.actor, camera=cam, tariff=request.query_params.get("tariff", "")
        )
        return Response(self.out(TariffChangePreviewOut, got))

    @extend_schema(request=SelfServiceChangeIn, responses={201: CameraHistoryOut})
    @action(detail=True, methods=["post"], filter_backends=[])
    def self_service_tariff_change(self, request: Request, slug: str, code: str) -> Response:
        """The subscriber switches its camera to one of the cloud's self-service
        tariffs, from now on; the change is pushed to Watcher at once."""
        cam = self.get_object()
        data = valid(SelfServiceChangeIn, request.data)
        with atomic():
            camera_self_service_change_tariff(actor=self.actor, camera=cam, tariff=data["tariff"])
        return self._with_history(cam, status.HTTP_201_CREATED)


# --- suspension and resumption (issue #17, point 5) ----------------------------


@extend_schema(parameters=[slug_param()])
class AccountSuspensionViewSet(CloudScopedViewSet):
    """Suspension and resumption of an account: dated facts kept as a history
    (the cloud's ``suspended_days`` decides whether suspended days are charged)."""

    queryset = account_none()
    serializer_class = AccountSuspensionsOut
    lookup_field = "code"

    def get_object(self) -> Any:
        return account_get(actor=self.actor, cloud=self.cloud, code=self.kwargs["code"])

    def _done(self, account: Any) -> Response:
        account.refresh_from_db()
        return Response(self.out(AccountSuspensionsOut, account), status=status.HTTP_201_CREATED)

    @extend_schema(responses=AccountSuspensionsOut)
    def history(self, request: Request, slug: str, code: str) -> Response:
        """The account's status and its suspensions ``[start, end)``, oldest first."""
        return Response(self.out(AccountSuspensionsOut, self.get_object()))

    @extend_schema(request=SuspensionIn, responses={201: AccountSuspensionsOut})
    def suspend(self, request: Request, slug: str, code: str) -> Response:
        """Suspend the account from ``at`` (default now; not in the future, nor in an
        invoiced period) with a ``reason``; Watcher disables its streams."""
        acc = self.get_object()
        data = valid(SuspensionIn, request.data)
        with atomic():
            account_suspend(actor=self.actor, account=acc, **data)
        return self._done(acc)

    @extend_schema(request=SuspensionIn, responses={201: AccountSuspensionsOut})
    def resume(self, request: Request, slug: str, code: str) -> Response:
        """End the account's suspension at ``at`` (default now) with a ``reason``."""
        acc = self.get_object()
        data = valid(SuspensionIn, request.data)
        with atomic():
            account_resume(actor=self.actor, account=acc, **data)
        return self._done(acc)


@extend_schema(parameters=[slug_param()])
class CloudBillingSettingsViewSet(CloudScopedViewSet):
    """The cloud's retail billing settings: its cloud admin's (and the provider
    admin's) choices of timing, suspended days, offline credits and review."""

    serializer_class = BillingSettingsOut

    def _settings_cloud(self) -> Any:
        cloud = self.cloud
        require(self.actor, "cloud.billing_settings", cloud)
        return cloud

    @extend_schema(responses=BillingSettingsOut)
    def retrieve(self, request: Request, slug: str) -> Response:
        return Response(self.out(BillingSettingsOut, self._settings_cloud()))

    @extend_schema(request=BillingSettingsPatchIn, responses=BillingSettingsOut)
    def partial_update(self, request: Request, slug: str) -> Response:
        cloud = self._settings_cloud()
        data = valid(BillingSettingsPatchIn, request.data)
        cloud = cloud_billing_settings_update(actor=self.actor, cloud=cloud, **data)
        return Response(self.out(BillingSettingsOut, cloud))
