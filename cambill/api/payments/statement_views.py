"""Bank statements under ``/clouds/{slug}/`` (issue #13, point 4): upload a
camt.053 or MT940 statement, read the lines and the queue with suggestions,
confirm or reject a suggestion, match a queued line by hand.

Reads go through :mod:`cambill.payments.statements.selectors` (the cloud's
staff who see its payments; another cloud is a 404), writes through the verbs
of :mod:`cambill.payments.statements.services` (cloud admin or accountant).

The same endpoints under ``/provider/`` work the provider's own bank account:
its statements pay the wholesale invoices of every cloud (provider admin or
accountant).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
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
from cambill.api.core.filtering import query_bool, query_choice
from cambill.api.core.parsers import JSONParser
from cambill.invoicing.selectors import cloud_invoice_by_number
from cambill.payments.choices import BankLineStatus
from cambill.payments.statements.selectors import (
    bank_import_get,
    bank_import_list,
    bank_import_none,
    bank_line_get,
    bank_line_list,
    bank_suggestion_get,
)
from cambill.payments.statements.services import (
    bank_line_match,
    bank_statement_import,
    bank_suggestion_confirm,
    bank_suggestion_reject,
    provider_statement_import,
)
from cambill.payments.wholesale import wholesale_invoice_by_number

from .statement_serializers import (
    BankLineMatchIn,
    BankStatementDetailOut,
    BankStatementIn,
    BankStatementLineOut,
    BankStatementOut,
    BankStatementUploadIn,
)

LINE_FILTERS = [
    OpenApiParameter(
        "status",
        str,
        OpenApiParameter.QUERY,
        enum=list(BankLineStatus.values),
        description="Only lines in this state",
    ),
    OpenApiParameter(
        "queue",
        bool,
        OpenApiParameter.QUERY,
        description="true: only the lines waiting for a person (suggested, unmatched)",
    ),
    OpenApiParameter("bank_import", int, OpenApiParameter.QUERY, description="One import's lines"),
]


class _StatementActions(ApiViewSet):
    """The reconciliation endpoints of one book: ``book()`` is the cloud (its
    retail invoices) or ``None`` (the provider's account, wholesale invoices)."""

    parser_classes = [JSONParser, MultiPartParser]
    filter_backends: list[Any] = []
    queryset = bank_import_none()
    serializer_class = BankStatementOut

    def book(self) -> Any:
        raise NotImplementedError

    def import_statement(self, content: bytes | str, filename: str) -> Any:
        raise NotImplementedError

    def invoice_by_number(self, number: str) -> Any:
        raise NotImplementedError

    def get_queryset(self) -> Any:
        if fake(self):
            return bank_import_none()
        return bank_import_list(actor=self.actor, cloud=self.book())

    def _detail(self, imp: Any, http_status: int = status.HTTP_200_OK) -> Response:
        lines = bank_line_list(actor=self.actor, cloud=self.book(), bank_import=imp.pk)
        return Response(self.out(BankStatementDetailOut, imp, lines=lines), status=http_status)

    @extend_schema(
        request={"application/json": BankStatementIn, "multipart/form-data": BankStatementUploadIn},
        responses={201: BankStatementDetailOut, 200: BankStatementDetailOut},
        description="Import an ISO 20022 camt.053 or SWIFT MT940 statement: each line is "
        "matched to an open invoice by number or reference, then by amount and payer; the "
        "rest get suggestions or wait in the queue. The same file again changes nothing "
        "and answers 200 with its first import.",
    )
    def create(self, request: Request, **kwargs: Any) -> Response:
        if hasattr(request.data, "getlist"):  # multipart
            upload = request.FILES.get("file")
            if upload is None:
                raise field_error("file", "Attach the statement as a file (field 'file').")
            content: bytes | str = upload.read()
            filename = str(upload.name or "")
        else:
            data = valid(BankStatementIn, request.data)
            content, filename = data["content"], data["filename"]
        with atomic():
            imp = self.import_statement(content, filename)
        again = getattr(imp, "already_imported", False)
        return self._detail(imp, status.HTTP_200_OK if again else status.HTTP_201_CREATED)

    @extend_schema(responses=BankStatementOut(many=True))
    def list(self, request: Request, **kwargs: Any) -> Response:
        page = self.paginate_queryset(bank_import_list(actor=self.actor, cloud=self.book()))
        return self.get_paginated_response(self.out_many(BankStatementOut, page))

    @extend_schema(responses=BankStatementDetailOut)
    def retrieve(self, request: Request, pk: str, **kwargs: Any) -> Response:
        return self._detail(bank_import_get(actor=self.actor, cloud=self.book(), pk=int(pk)))

    @extend_schema(parameters=LINE_FILTERS, responses=BankStatementLineOut(many=True))
    def lines(self, request: Request, **kwargs: Any) -> Response:
        q = request.query_params
        raw = q.getlist("bank_import")
        imp = None
        if raw:
            if len(raw) > 1 or not raw[0].isascii() or not raw[0].isdigit() or len(raw[0]) > 18:
                raise field_error("bank_import", _("Give the number of one import."))
            imp = int(raw[0])
        qs = bank_line_list(
            actor=self.actor,
            cloud=self.book(),
            status=query_choice(q, "status", BankLineStatus.values),
            bank_import=imp,
            queue=bool(query_bool(q, "queue")),
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.out_many(BankStatementLineOut, page))

    @extend_schema(request=BankLineMatchIn, responses={201: BankStatementLineOut})
    def match(self, request: Request, pk: str, **kwargs: Any) -> Response:
        """Match a queued line to an issued invoice by hand (records the payment)."""
        line = bank_line_get(actor=self.actor, cloud=self.book(), pk=int(pk))
        data = valid(BankLineMatchIn, request.data)
        invoice = self.invoice_by_number(data["invoice"])
        if invoice is None:
            raise field_error("invoice", "No such invoice.")
        with atomic():
            bank_line_match(actor=self.actor, line=line, invoice=invoice)
        return self._line(line.pk, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: BankStatementLineOut})
    def confirm(self, request: Request, pk: str, **kwargs: Any) -> Response:
        """The line pays the suggested invoice: a bank-transfer payment is recorded."""
        s = bank_suggestion_get(actor=self.actor, cloud=self.book(), pk=int(pk))
        with atomic():
            bank_suggestion_confirm(actor=self.actor, suggestion=s)
        return self._line(s.line_id, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: BankStatementLineOut})
    def reject(self, request: Request, pk: str, **kwargs: Any) -> Response:
        """Not this invoice; with no suggestion left the line waits in the queue."""
        s = bank_suggestion_get(actor=self.actor, cloud=self.book(), pk=int(pk))
        with atomic():
            bank_suggestion_reject(actor=self.actor, suggestion=s)
        return self._line(s.line_id, status.HTTP_200_OK)

    def _line(self, pk: int, http_status: int) -> Response:
        line = bank_line_get(actor=self.actor, cloud=self.book(), pk=pk)
        return Response(self.out(BankStatementLineOut, line), status=http_status)

    def out_many(self, serializer: Any, rows: Any) -> Any:
        return serializer(rows, many=True, context=self.get_serializer_context()).data


@extend_schema(parameters=[slug_param()])
class BankStatementViewSet(_StatementActions, CloudScopedViewSet):
    """Bank statements and their reconciliation with the cloud's open invoices."""

    def book(self) -> Any:
        return self.cloud

    def import_statement(self, content: bytes | str, filename: str) -> Any:
        return bank_statement_import(
            actor=self.actor, cloud=self.cloud, content=content, filename=filename
        )

    def invoice_by_number(self, number: str) -> Any:
        return cloud_invoice_by_number(cloud=self.cloud, number=number)


class ProviderBankStatementViewSet(_StatementActions):
    """Statements of the provider's own bank account and their reconciliation with
    the open wholesale invoices of every cloud (provider admin or accountant)."""

    def book(self) -> Any:
        return None

    def import_statement(self, content: bytes | str, filename: str) -> Any:
        return provider_statement_import(actor=self.actor, content=content, filename=filename)

    def invoice_by_number(self, number: str) -> Any:
        return wholesale_invoice_by_number(actor=self.actor, number=number)
