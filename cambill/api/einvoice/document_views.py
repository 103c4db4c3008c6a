"""Legal e-invoice documents (issue #19, point 5).

``GET clouds/{slug}/e-invoices/?invoice={id}`` lists a cloud's documents (retail, and
the wholesale ones the provider issued to it), scoped as its invoices are: a
subscriber sees its own, an account manager those of its accounts.
``GET .../e-invoices/{id}/``, ``GET .../e-invoices/{id}/xml`` (the XML as submitted,
with the TimbreFiscalDigital once stamped), ``POST .../e-invoices/{id}/retry``. The
same under ``provider/e-invoices/`` for the provider's wholesale documents.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from cambill.api.core.common import ApiViewSet, CloudScopedViewSet, atomic, fake, slug_param
from cambill.einvoice.issuing import document_retry
from cambill.einvoice.selectors import (
    document_get,
    document_list,
    document_none,
    document_xml,
    provider_document_get,
    provider_document_list,
)

from .document_serializers import EInvoiceDocumentOut

ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The document's id.")
FILTERS = [
    OpenApiParameter("invoice", int, description="Only the documents of this invoice (its id)."),
    OpenApiParameter(
        "status",
        str,
        description="built, signed, submitted, accepted, rejected, cancelled or failed.",
    ),
    OpenApiParameter("document", str, description="invoice, credit_note, payment, cancellation."),
]
XML = {
    (200, "application/xml"): OpenApiResponse(
        response=OpenApiTypes.BINARY,
        description="The document as submitted; a CFDI with its TimbreFiscalDigital once stamped.",
    )
}
LIST_DOC = (
    "The cloud's legal e-invoice documents, newest first: its retail ones (a subscriber sees "
    "its own, an account manager those of its accounts) and the wholesale ones the provider "
    "issued to it (its staff). `unique_code` is the CFDI UUID once stamped, the CUFE or CUDE; "
    "`authority_reply` the authority's last answer with its codes."
)
RETRY_DOC = (
    "Send a rejected, failed or waiting document again. A rejected or failed one is "
    "rebuilt first from the legal data as it is now (fix what the authority's codes name, "
    "then retry); then it is submitted in the background. An accepted or cancelled "
    "document never changes (409 invalid_state). With the sandbox PAC (`pac: sandbox`) "
    "SAT's expired test CSD still signs; a real authority needs a certificate in force."
)


PDF = {
    (200, "application/pdf"): OpenApiResponse(
        response=OpenApiTypes.BINARY,
        description=(
            "The printed invoice of an invoice's document, with its legal block; for "
            "`eu-facturx` a Factur-X PDF/A-3b with the validated CII embedded as "
            "`factur-x.xml`, for its credit notes and voids too (each its own PDF/A-3b). "
            "404 `not_found` for the other documents, which have no PDF of their own."
        ),
    )
}


def _pdf_response(doc: Any) -> HttpResponse:
    from cambill.core.errors import DomainError, ErrorCode
    from cambill.einvoice.printed import document_pdf

    made = document_pdf(doc)
    if made is None:
        raise DomainError(ErrorCode.NOT_FOUND, _("This document has no PDF of its own."))
    name, data = made
    resp = HttpResponse(data, content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


def _xml_response(doc: Any) -> HttpResponse:
    resp = HttpResponse(document_xml(doc), content_type="application/xml")
    name = f"{doc.number or doc.pk}-{doc.document}.xml"
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


class _DocumentViews:
    def _query(self, request: Request) -> dict[str, Any]:
        q = request.query_params
        return {
            "invoice": q.get("invoice"),
            "status": q.get("status"),
            "document": q.get("document"),
        }


@extend_schema(parameters=[slug_param()])
class CloudEInvoiceViewSet(_DocumentViews, CloudScopedViewSet):
    """A cloud's legal e-invoice documents."""

    queryset = document_none()
    serializer_class = EInvoiceDocumentOut
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        if fake(self):
            return document_none()
        return document_list(actor=self.actor, cloud=self.cloud, **self._query(self.request))

    @extend_schema(
        parameters=FILTERS, responses=EInvoiceDocumentOut(many=True), description=LIST_DOC
    )
    def list(self, request: Request, slug: str) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(EInvoiceDocumentOut(page, many=True).data)

    @extend_schema(parameters=[ID], responses=EInvoiceDocumentOut)
    def retrieve(self, request: Request, slug: str, pk: str) -> Response:
        doc = document_get(actor=self.actor, cloud=self.cloud, pk=pk)
        return Response(EInvoiceDocumentOut(doc).data)

    @extend_schema(parameters=[ID], responses=XML)
    def xml(self, request: Request, slug: str, pk: str) -> HttpResponse:
        return _xml_response(document_get(actor=self.actor, cloud=self.cloud, pk=pk))

    @extend_schema(parameters=[ID], responses=PDF)
    def pdf(self, request: Request, slug: str, pk: str) -> HttpResponse:
        return _pdf_response(document_get(actor=self.actor, cloud=self.cloud, pk=pk))

    @extend_schema(
        parameters=[ID], request=None, responses=EInvoiceDocumentOut, description=RETRY_DOC
    )
    def retry(self, request: Request, slug: str, pk: str) -> Response:
        doc = document_get(actor=self.actor, cloud=self.cloud, pk=pk)
        with atomic():
            doc = document_retry(actor=self.actor, document=doc)
        return Response(EInvoiceDocumentOut(doc).data)


class ProviderEInvoiceViewSet(_DocumentViews, ApiViewSet):
    """The provider's legal e-invoice documents (its wholesale invoices to the clouds)."""

    queryset = document_none()
    serializer_class = EInvoiceDocumentOut
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        if fake(self):
            return document_none()
        return provider_document_list(actor=self.actor, **self._query(self.request))

    @extend_schema(parameters=FILTERS, responses=EInvoiceDocumentOut(many=True))
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(EInvoiceDocumentOut(page, many=True).data)

    @extend_schema(parameters=[ID], responses=EInvoiceDocumentOut)
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(EInvoiceDocumentOut(provider_document_get(actor=self.actor, pk=pk)).data)

    @extend_schema(parameters=[ID], responses=XML)
    def xml(self, request: Request, pk: str) -> HttpResponse:
        return _xml_response(provider_document_get(actor=self.actor, pk=pk))

    @extend_schema(parameters=[ID], responses=PDF)
    def pdf(self, request: Request, pk: str) -> HttpResponse:
        return _pdf_response(provider_document_get(actor=self.actor, pk=pk))

    @extend_schema(
        parameters=[ID], request=None, responses=EInvoiceDocumentOut, description=RETRY_DOC
    )
    def retry(self, request: Request, pk: str) -> Response:
        doc = provider_document_get(actor=self.actor, pk=pk)
        with atomic():
            doc = document_retry(actor=self.actor, document=doc)
        return Response(EInvoiceDocumentOut(doc).data)
