"""Legal e-invoice document pages (issue #19, point 4):

* ``/clouds/<slug>/e-invoices/``: a cloud's documents, scoped as its invoices are;
* ``/provider/e-invoices/``: the provider's wholesale documents;
* ``.../e-invoices/<id>/xml``: the XML as submitted (stamped once accepted);
* ``.../e-invoices/<id>/retry/`` (POST): send a rejected or failed one again.

The invoice page shows its documents through ``documents_block``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from cambill.core.errors import DomainError
from cambill.einvoice.choices import DocumentStatus
from cambill.einvoice.issuing import RETRYABLE, document_retry
from cambill.einvoice.printed import qr_data_uri
from cambill.einvoice.selectors import (
    document_get,
    document_list,
    document_xml,
    documents_of_invoice,
    provider_document_get,
    provider_document_list,
)
from cambill.web.core.pages import ActorMixin, CloudDetailPage, CloudMixin, DetailPage

TEMPLATE = "web/einvoice/documents.html"
LIMIT = 200


def _row(actor: Any, doc: Any, *, slug: str | None) -> dict[str, Any]:
    if slug is None:
        xml_url = reverse("web:provider_einvoice_xml", args=[doc.pk])
        pdf_url = reverse("web:provider_einvoice_pdf", args=[doc.pk])
        retry_url = reverse("web:provider_einvoice_retry", args=[doc.pk])
    else:
        xml_url = reverse("web:cloud_einvoice_xml", args=[slug, doc.pk])
        pdf_url = reverse("web:cloud_einvoice_pdf", args=[slug, doc.pk])
        retry_url = reverse("web:cloud_einvoice_retry", args=[slug, doc.pk])
    reply = doc.authority_reply or {}
    return {
        "obj": doc,
        "codes": ", ".join(reply.get("codes") or []),
        "message": reply.get("message") or "",
        "xml_url": xml_url if doc.xml or doc.stamped_xml else "",
        # a Factur-X invoice's PDF/A-3 (the printed invoice carrying its XML)
        "pdf_url": pdf_url
        if doc.regime == "eu-facturx" and doc.document != "payment" and doc.status == "accepted"
        else "",
        "retry_url": retry_url,
        "can_retry": doc.status in RETRYABLE
        and doc.invoice is not None
        and actor.can("einvoice.retry", doc.invoice),
        "qr_image": qr_data_uri(doc.qr) if doc.qr and doc.status == DocumentStatus.ACCEPTED else "",
        "invoice_url": reverse("web:invoice_detail", args=[doc.cloud.slug, doc.invoice_id])
        if doc.invoice_id
        else "",
    }


def documents_block(actor: Any, invoice: Any) -> list[dict[str, Any]]:
    """The rows of an invoice's documents, for its page (the page has checked it)."""
    if not actor.can("einvoice.view"):
        return []
    return [_row(actor, d, slug=invoice.cloud.slug) for d in documents_of_invoice(invoice)]


class CloudEInvoicesView(CloudDetailPage):
    template_name = TEMPLATE
    action = "einvoice.view"
    title = gettext_lazy("E-invoices")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        status = self.request.GET.get("status") or None
        try:
            docs = list(document_list(actor=self.actor, cloud=self.cloud, status=status)[:LIMIT])
        except DomainError as e:
            messages.error(self.request, e.message)
            docs = list(document_list(actor=self.actor, cloud=self.cloud)[:LIMIT])
        ctx.update(
            {
                "rows": [_row(self.actor, d, slug=self.cloud.slug) for d in docs],
                "statuses": DocumentStatus.choices,
                "status": status or "",
                "limit": LIMIT,
            }
        )
        return ctx


class ProviderEInvoicesView(DetailPage):
    template_name = TEMPLATE
    action = "einvoice.view"
    provider_only = True
    title = gettext_lazy("Provider e-invoices")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        status = self.request.GET.get("status") or None
        try:
            docs = list(provider_document_list(actor=self.actor, status=status)[:LIMIT])
        except DomainError as e:
            messages.error(self.request, e.message)
            docs = list(provider_document_list(actor=self.actor)[:LIMIT])
        ctx.update(
            {
                "rows": [_row(self.actor, d, slug=None) for d in docs],
                "statuses": DocumentStatus.choices,
                "status": status or "",
                "limit": LIMIT,
                "provider": True,
            }
        )
        return ctx


def _xml(doc: Any) -> HttpResponse:
    resp = HttpResponse(document_xml(doc), content_type="application/xml")
    resp["Content-Disposition"] = (
        f'attachment; filename="{doc.number or doc.pk}-{doc.document}.xml"'
    )
    return resp


def _pdf(doc: Any) -> HttpResponse:
    from django.http import Http404

    from cambill.einvoice.printed import document_pdf

    made = document_pdf(doc)
    if made is None:
        raise Http404
    resp = HttpResponse(made[1], content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="{made[0]}"'
    return resp


class CloudEInvoicePdfView(CloudMixin, View):
    action = "einvoice.view"

    def get(self, request: HttpRequest, *args: Any, pk: int, **kwargs: Any) -> HttpResponse:
        return _pdf(document_get(actor=self.actor, cloud=self.cloud, pk=pk))


class ProviderEInvoicePdfView(ActorMixin, View):
    action = "einvoice.view"
    provider_only = True

    def get(self, request: HttpRequest, *args: Any, pk: int, **kwargs: Any) -> HttpResponse:
        return _pdf(provider_document_get(actor=self.actor, pk=pk))


class CloudEInvoiceXmlView(CloudMixin, View):
    action = "einvoice.view"

    def get(self, request: HttpRequest, *args: Any, pk: int, **kwargs: Any) -> HttpResponse:
        return _xml(document_get(actor=self.actor, cloud=self.cloud, pk=pk))


class ProviderEInvoiceXmlView(ActorMixin, View):
    action = "einvoice.view"
    provider_only = True

    def get(self, request: HttpRequest, *args: Any, pk: int, **kwargs: Any) -> HttpResponse:
        return _xml(provider_document_get(actor=self.actor, pk=pk))


def _retry(request: HttpRequest, actor: Any, doc: Any, back: str) -> HttpResponse:
    try:
        with transaction.atomic():
            document_retry(actor=actor, document=doc)
        messages.success(request, _("The e-invoice is being sent again."))
    except DomainError as e:
        messages.error(request, e.message)
    return HttpResponseRedirect(back)


def _back(request: HttpRequest, default: str) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


class CloudEInvoiceRetryView(CloudMixin, View):
    action = "einvoice.view"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, pk: int, **kwargs: Any) -> HttpResponse:
        doc = document_get(actor=self.actor, cloud=self.cloud, pk=pk)
        default = reverse("web:cloud_einvoices", args=[self.cloud.slug])
        return _retry(request, self.actor, doc, _back(request, default))


class ProviderEInvoiceRetryView(ActorMixin, View):
    action = "einvoice.view"
    provider_only = True
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, pk: int, **kwargs: Any) -> HttpResponse:
        doc = provider_document_get(actor=self.actor, pk=pk)
        return _retry(request, self.actor, doc, _back(request, reverse("web:provider_einvoices")))
