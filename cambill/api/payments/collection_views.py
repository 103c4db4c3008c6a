"""Collections under ``/clouds/{slug}/collections/`` (issue #13, point 5): the
overdue accounts by age bucket with their next dunning step, reminders sent by
hand, and the suspension queue with confirm and dismiss.

Reads go through :mod:`cambill.payments.collections.selectors` (an account
manager sees its own accounts; a subscriber or an agent gets a 404), writes
through the verbs of :mod:`cambill.payments.collections.services`.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from cambill.api.core.common import CloudScopedViewSet, atomic, slug_param, valid
from cambill.api.core.filtering import query_choice
from cambill.clouds.selectors import account_get
from cambill.core.errors import NotFound
from cambill.payments.collections.selectors import (
    BUCKET_KEYS,
    collections_overview,
    collections_require,
    suspension_queue,
)
from cambill.payments.collections.services import (
    ReminderStatus,
    collections_remind,
    suspension_confirm,
    suspension_dismiss,
)

from .collection_serializers import (
    CollectionsOut,
    DismissIn,
    RemindIn,
    RemindOut,
    SuspensionDoneOut,
    SuspensionQueueOut,
)

OVERVIEW_FILTERS = [
    OpenApiParameter(
        "bucket",
        str,
        OpenApiParameter.QUERY,
        enum=list(BUCKET_KEYS),
        description="Only the accounts whose oldest open invoice is this old",
    ),
    OpenApiParameter(
        "search", str, OpenApiParameter.QUERY, description="Part of the account's code or name"
    ),
    OpenApiParameter("page", int, OpenApiParameter.QUERY, description="Page number"),
    OpenApiParameter(
        "page_size", int, OpenApiParameter.QUERY, description="Accounts per page (at most 500)"
    ),
]
CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="The account's code")


@extend_schema(parameters=[slug_param()])
class CollectionsViewSet(CloudScopedViewSet):
    """The cloud's overdue accounts and its suspension queue."""

    filter_backends: list[Any] = []
    serializer_class = CollectionsOut

    @extend_schema(parameters=OVERVIEW_FILTERS, responses=CollectionsOut)
    def overview(self, request: Request, slug: str) -> Response:
        """Open money by age bucket (in the cloud's time zone) and one row per
        account with money open, the oldest first, with its next dunning step."""
        q = request.query_params
        search = q.get("search", "")[:200]
        data = collections_overview(
            actor=self.actor,
            cloud=self.cloud,
            bucket=query_choice(q, "bucket", BUCKET_KEYS),
            search=search,
        )
        page: Any = self.paginate_queryset(data.rows)  # type: ignore[arg-type]  # a list pages too
        assert self.paginator is not None and page is not None
        paged = self.paginator.get_paginated_response([]).data
        body = {
            "currency": data.currency,
            "today": data.today,
            "total": data.total,
            "cloud": data.cloud,
            "buckets": data.buckets,
            "count": paged["count"],
            "next": paged["next"],
            "previous": paged["previous"],
            "results": page,
        }
        return Response(self.out(CollectionsOut, body))

    @extend_schema(
        request=RemindIn,
        responses={200: RemindOut},
        description="Send each account a dunning reminder now (its oldest overdue invoice, "
        "in the account's language, through the e-mail outbox). An account reminded by "
        "hand earlier the same local day is not reminded again (status already_sent). "
        "An unknown account or one outside the caller's reach refuses the whole list.",
    )
    def remind(self, request: Request, slug: str) -> Response:
        cloud = self.cloud
        collections_require(self.actor, cloud)
        data = valid(RemindIn, request.data)
        with atomic():
            results = collections_remind(actor=self.actor, cloud=cloud, accounts=data["accounts"])
        sent = sum(1 for r in results if r.status == ReminderStatus.SENT)
        return Response(self.out(RemindOut, {"sent": sent, "results": results}))

    @extend_schema(responses=SuspensionQueueOut(many=True))
    def queue(self, request: Request, slug: str) -> Response:
        """Active accounts the dunning policy says to suspend and nobody dismissed."""
        rows = suspension_queue(actor=self.actor, cloud=self.cloud)
        page: Any = self.paginate_queryset(rows)  # type: ignore[arg-type]  # a list pages too
        return self.get_paginated_response(
            SuspensionQueueOut(page, many=True, context=self.get_serializer_context()).data
        )

    def _account(self, code: str) -> Any:
        collections_require(self.actor, self.cloud)
        try:
            return account_get(actor=self.actor, cloud=self.cloud, code=code)
        except NotFound:
            raise NotFound("account") from None

    @extend_schema(
        parameters=[CODE],
        request=None,
        responses={201: SuspensionDoneOut},
        description="Suspend the account now, as the dunning run would have (409 when it "
        "is not in the queue).",
    )
    def confirm(self, request: Request, slug: str, code: str) -> Response:
        account = self._account(code)
        with atomic():
            suspension_confirm(actor=self.actor, account=account)
        account.refresh_from_db()
        return Response(self.out(SuspensionDoneOut, account), status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[CODE],
        request=DismissIn,
        responses={200: SuspensionDoneOut},
        description="Keep the account active: the invoices that brought it to the queue "
        "never suspend it (409 when it is not in the queue).",
    )
    def dismiss(self, request: Request, slug: str, code: str) -> Response:
        account = self._account(code)
        data = valid(DismissIn, request.data or {})
        with atomic():
            suspension_dismiss(actor=self.actor, account=account, reason=data.get("reason", ""))
        account.refresh_from_db()
        return Response(self.out(SuspensionDoneOut, account))
