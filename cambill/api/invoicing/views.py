"""Invoice and bill-run endpoints under ``/clouds/{slug}/``.

Reads go through the scoped selectors of :mod:`cambill.invoicing.selectors`
(another cloud's, or another account's, invoice is a 404); writes call the
verbs of :mod:`cambill.invoicing.services`, which decide who may issue, void
or credit (wholesale: the provider; retail: the cloud). A bill run started
here runs in the request in the embedded (eager) mode and on a Celery worker
otherwise; either way the answer is the run, whose ``status`` and counters
report its progress.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from cambill.api.core.common import (
    CloudScopedViewSet,
    fake,
    slug_param,
    valid,
)
from cambill.api.core.filtering import query_choice
from cambill.api.core.renderers import PDFRenderer
from cambill.core import clock
from cambill.invoicing.choices import InvoiceKind, InvoiceStatus
from cambill.invoicing.selectors import (
    bill_run_get,
    bill_run_list,
    bill_run_none,
    credit_notes_of,
    invoice_get,
    invoice_list,
    invoice_none,
)
from cambill.invoicing.services import (
    bill_run_execute,
    bill_run_start,
    credit_note_create,
    invoice_issue,
    invoice_void,
)

from .serializers import (
    BillRunIn,
    BillRunOut,
    CreditNoteIn,
    CreditNoteOut,
    InvoiceDetailOut,
    InvoiceOut,
    IssueIn,
    IssueJobOut,
    VoidIn,
)


def paged(view: Any, queryset: Any, serializer: type[serializers.Serializer]) -> Response:
    """One page of ``queryset`` (``?page=&page_size=``), serialized."""
    page = view.paginate_queryset(queryset)
    ctx = view.get_serializer_context()
    data = serializer(page if page is not None else queryset, many=True, context=ctx).data
    return view.get_paginated_response(data) if page is not None else Response(data)


@extend_schema(parameters=[slug_param()])
class BillRunViewSet(CloudScopedViewSet):
    """Bill runs: rating one cloud for one closed month into draft invoices."""

    queryset = bill_run_none()
    serializer_class = BillRunOut
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        if fake(self):
            return bill_run_none()
        return bill_run_list(actor=self.actor, cloud=self.cloud).select_related(
            "cloud", "created_by"
        )

    @extend_schema(responses=BillRunOut(many=True))
    def list(self, request: Request, slug: str) -> Response:
        return paged(self, self.get_queryset(), BillRunOut)

    @extend_schema(responses=BillRunOut)
    def retrieve(self, request: Request, slug: str, pk: str) -> Response:
        run = bill_run_get(actor=self.actor, cloud=self.cloud, pk=pk)
        return Response(self.out(BillRunOut, run))

    @extend_schema(
        request=BillRunIn,
        responses={201: BillRunOut},
        description="Start (or rerun) the bill run of a closed month. In the embedded mode it "
        "runs before the answer; with a broker it is queued and `status` tells its progress. "
        "A rerun regenerates drafts and never touches issued invoices.",
    )
    def create(self, request: Request, slug: str) -> Response:
        cloud = self.cloud
        data = valid(BillRunIn, request.data)
        now = clock.now()
        run = bill_run_start(actor=self.actor, cloud=cloud, period=data["period"], now=now)
        if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True):
            run = bill_run_execute(run=run, now=now, actor=self.actor)
        else:
            from django.db import transaction

            from cambill.invoicing.tasks import execute_bill_run

            transaction.on_commit(lambda: execute_bill_run.delay(run.pk, now.isoformat()))
        run.refresh_from_db()
        return Response(self.out(BillRunOut, run), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=IssueIn,
        responses={202: IssueJobOut},
        description="Issue the run's drafts in the background: all those you may issue, or "
        "the `invoices` given. Answers 202 with the job (its URL in `Location`); GET the job "
        "for its progress. Idempotent: a draft already issued is skipped, and a second job "
        "while one is active is refused with 409 `conflict`. Numbers stay gapless.",
    )
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, slug: str, pk: str) -> Response:
        from django.urls import reverse

        from cambill.invoicing.issuing import issue_job_start
        from cambill.invoicing.review import issue_job_get

        run = bill_run_get(actor=self.actor, cloud=self.cloud, pk=pk)
        data = valid(IssueIn, request.data or {})
        job = issue_job_start(
            actor=self.actor, cloud=self.cloud, run=run, invoice_ids=data.get("invoices")
        )
        job = issue_job_get(actor=self.actor, cloud=self.cloud, pk=job.pk)
        location = reverse("api:issue-job-detail", kwargs={"slug": self.cloud.slug, "pk": job.pk})
        return Response(
            self.out(IssueJobOut, job),
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": request.build_absolute_uri(location)},
        )


@extend_schema(parameters=[slug_param()])
class IssueJobViewSet(CloudScopedViewSet):
    """Bulk issues of bill runs' drafts, with their progress."""

    queryset = bill_run_none()
    serializer_class = IssueJobOut
    filter_backends: list[Any] = []

    @extend_schema(responses=IssueJobOut)
    def retrieve(self, request: Request, slug: str, pk: str) -> Response:
        from cambill.invoicing.review import issue_job_get

        job = issue_job_get(actor=self.actor, cloud=self.cloud, pk=pk)
        return Response(self.out(IssueJobOut, job))


PERIOD = OpenApiParameter("period", str, description="YYYY-MM")
KIND = OpenApiParameter("kind", str, enum=InvoiceKind.values)
ACCOUNT = OpenApiParameter("account", str, description="Account code")
STATUS = OpenApiParameter("status", str, enum=InvoiceStatus.values)


@extend_schema(parameters=[slug_param()])
class InvoiceViewSet(CloudScopedViewSet):
    """Invoices of a cloud: the wholesale invoice (provider to cloud) and the
    retail invoices (cloud to subscriber) of each period."""

    queryset = invoice_none()
    serializer_class = InvoiceOut
    filter_backends: list[Any] = []

    def get_object(self) -> Any:
        return invoice_get(actor=self.actor, cloud=self.cloud, pk=self.kwargs["pk"])

    @extend_schema(parameters=[PERIOD, KIND, ACCOUNT, STATUS], responses=InvoiceOut(many=True))
    def list(self, request: Request, slug: str) -> Response:
        q = request.query_params
        qs = invoice_list(
            actor=self.actor,
            cloud=self.cloud,
            period=q.get("period") or None,
            kind=query_choice(q, "kind", InvoiceKind.values),
            account=q.get("account") or None,
            status=query_choice(q, "status", InvoiceStatus.values),
        )
        return paged(self, qs, InvoiceOut)

    @extend_schema(responses=InvoiceDetailOut)
    def retrieve(self, request: Request, slug: str, pk: str) -> Response:
        return Response(self.out(InvoiceDetailOut, self.get_object()))

    @extend_schema(request=None, responses=InvoiceDetailOut)
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, slug: str, pk: str) -> Response:
        """Draft -> issued: takes the next gapless number of the issuer's series."""
        inv = invoice_issue(actor=self.actor, invoice=self.get_object())
        return Response(self.out(InvoiceDetailOut, inv))

    @extend_schema(request=VoidIn, responses=InvoiceDetailOut)
    @action(detail=True, methods=["post"])
    def void(self, request: Request, slug: str, pk: str) -> Response:
        """Cancel a draft or an unpaid issued invoice without credit notes."""
        inv = self.get_object()
        data = valid(VoidIn, request.data or {})
        inv = invoice_void(actor=self.actor, invoice=inv, reason=data.get("reason", ""))
        return Response(self.out(InvoiceDetailOut, inv))

    @extend_schema(methods=["GET"], request=None, responses=CreditNoteOut(many=True))
    @extend_schema(methods=["POST"], request=CreditNoteIn, responses={201: CreditNoteOut})
    @action(detail=True, methods=["get", "post"], url_path="credit-notes", pagination_class=None)
    def credit_notes(self, request: Request, slug: str, pk: str) -> Response:
        """Credit notes of the invoice; POST credits it whole or by line."""
        inv = self.get_object()
        if request.method == "GET":
            return Response(
                CreditNoteOut(
                    credit_notes_of(inv), many=True, context=self.get_serializer_context()
                ).data
            )
        data = valid(CreditNoteIn, request.data)
        lines = data.get("lines")
        note = credit_note_create(
            actor=self.actor,
            invoice=inv,
            reason=data["reason"],
            lines=[{"line": ln["line"], "amount": ln.get("amount")} for ln in lines]
            if lines
            else None,
        )
        return Response(self.out(CreditNoteOut, note), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The invoice PDF"
            )
        },
    )
    @action(detail=True, methods=["get"], renderer_classes=[PDFRenderer, JSONRenderer])
    def pdf(self, request: Request, slug: str, pk: str) -> HttpResponse:
        """The invoice as a PDF, in the invoice's language."""
        from cambill.invoicing.pdf import pdf_filename, render_invoice_pdf

        inv = self.get_object()
        data = render_invoice_pdf(inv, list(credit_notes_of(inv)))
        resp = HttpResponse(data, content_type="application/pdf")
        resp["Content-Disposition"] = f'inline; filename="{pdf_filename(inv)}"'
        return resp
