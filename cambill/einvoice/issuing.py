"""Legal documents for what cambill issues: an invoice, a credit note, a payment on a
PPD invoice, a void (issue #19, point 4).

Invoicing publishes what happens to an invoice (``cambill.invoicing.events``);
``subscriptions`` hands it here, inside the publishing verb's transaction:

- an invoice issued (one, or a bill run's block) is built, signed and validated in
  the transaction that gave its number; any missing or wrong datum raises a
  ``DomainError`` naming every field, so nothing is issued (a bulk issue asks
  first through ``invoice.checking`` and leaves out, per invoice, those refused);
- a credit note becomes the regime's note, referencing the invoice's accepted code;
- a void becomes SAT's cancellation request (motivo 02) or DIAN's annulment note.

The document is recorded ``signed`` and submitted after commit by the job
``einvoice.submit`` (``document_submit``): the claim is one conditional UPDATE, so
two workers, a retry and the schedule never send it twice; an authority that is
unavailable is asked again with backoff (``einvoice.submit_due``). A rejection is
kept with the authority's codes, the cloud admins are told, and ``document_retry``
rebuilds it from the data as it is now. Once accepted a document never changes
(only a cancellation's acceptance moves its status to ``cancelled``).
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from cambill.clouds.models import Account, Cloud
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.audit import audit
from cambill.core.errors import DomainError, ErrorCode
from cambill.core.money import quantum
from cambill.core.permissions import require

from . import build as value_build
from . import legal
from .models import DocumentKind, DocumentStatus, EInvoiceDocument, ProviderProfile
from .protocol import (
    AuthorityClient,
    AuthorityReply,
    Built,
    Credentials,
    EInvoiceError,
    RegimeAdapter,
    ValidationIssue,
)
from .selectors import legal_of, provider_profile
from .services import credentials_for
from .value import EInvoice, Party, PaymentPart

log = logging.getLogger(__name__)

SUBMIT_TASK = "einvoice.submit"
# How long a claimed submission may stay unanswered before the schedule asks again
# (a worker that died between sending and recording).
LEASE = timedelta(minutes=10)
SAT_MOTIVO_VOID = "02"  # "Comprobantes emitidos con errores sin relación"
DIAN_CREDIT_REASON = "1"  # "Devolución parcial ... no aceptación parcial del servicio"
DEFAULT_PRODUCT_CODE, DEFAULT_UNIT_CODE = "81112000", "E48"


# --- who, which regime, which adapter and authority --------------------------------------


def adapter_for(regime: str) -> RegimeAdapter:
    if regime == legal.MX_CFDI40:
        from .regimes.mx_cfdi40 import Cfdi40Adapter

        return Cfdi40Adapter()
    if regime == legal.CO_DIAN:
        from .regimes.co_dian.adapter import DianAdapter

        return DianAdapter()
    if regime == legal.EU_PEPPOL:
        from .regimes.eu_peppol import PeppolAdapter

        return PeppolAdapter()
    if regime == legal.EU_FACTURX:
        from .regimes.eu_facturx import FacturXAdapter

        return FacturXAdapter()
    if regime == legal.ES_VERIFACTU:
        from .regimes.es_verifactu import VerifactuAdapter

        return VerifactuAdapter()
    raise ValueError(f"no adapter for {regime!r}")


def is_wholesale(invoice: Any) -> bool:
    return str(invoice.kind) == "wholesale"


def issuer_of(invoice: Any) -> Cloud | ProviderProfile:
    """The issuer of an invoice: its cloud (retail) or the provider (wholesale)."""
    return provider_profile() if is_wholesale(invoice) else invoice.cloud


def receiver_of(invoice: Any) -> Account | Cloud:
    return invoice.cloud if is_wholesale(invoice) else invoice.account


def regime_of(issuer: Any) -> str:
    return str((getattr(issuer, "einvoice", None) or {}).get("regime") or legal.NONE)


def regime_for(invoice: Any) -> str:
    """The regime of an invoice's documents: its issuer's. The provider e-invoices the
    clouds established in its regime's country; a cloud abroad, billed in its own
    currency, gets its wholesale invoice without a legal document (a CFDI in another
    currency needs an exchange rate cambill does not record yet)."""
    regime = regime_of(issuer_of(invoice))
    if regime == legal.NONE or not is_wholesale(invoice):
        return regime
    country = legal.REGIME_COUNTRY.get(regime, "")
    if country and str(invoice.cloud.country or "").upper() != country:
        return legal.NONE
    if regime in legal.EN16931_REGIMES and (
        str(invoice.cloud.country or "").upper() not in legal.EU_COUNTRIES
    ):
        return legal.NONE  # EN 16931 e-invoices go to clouds established in the EU
    return regime


def _zone(invoice: Any) -> str:
    if is_wholesale(invoice):
        return str(getattr(settings, "CAMBILL_PROVIDER_TIME_ZONE", "") or invoice.cloud.timezone)
    return str(invoice.cloud.timezone)


def authority_for(regime: str, issuer: Any, credentials: Credentials) -> AuthorityClient:
    """The issuer's authority: the sandbox one when its settings ask for it (``pac:
    sandbox``; DIAN's test environment) and ``CAMBILL_EINVOICE_SANDBOX`` allows it,
    else the real one configured by settings."""
    einvoice = dict(getattr(issuer, "einvoice", None) or {})
    sandbox = bool(getattr(settings, "CAMBILL_EINVOICE_SANDBOX", False))
    if regime == legal.MX_CFDI40:
        pac = str(einvoice.get("pac") or "sandbox")
        if pac == "sandbox":
            if not sandbox:
                raise EInvoiceError(
                    "sandbox_off",
                    [
                        ValidationIssue(
                            "einvoice.pac",
                            "sandbox_off",
                            _("The sandbox PAC is not available here; choose a real PAC."),
                        )
                    ],
                )
            return _sandbox_client(regime, issuer, einvoice, credentials)
        from .regimes.mx_cfdi40.pac import SatcfdiPacClient

        return SatcfdiPacClient.from_settings(pac, credentials)
    if regime == legal.CO_DIAN:
        environment = str(einvoice.get("environment") or 2)
        if sandbox and environment == "2":
            return _sandbox_client(regime, issuer, einvoice, credentials)
        from .regimes.co_dian.client import DianClient

        return DianClient(credentials, environment=environment)
    if regime == legal.EU_PEPPOL:
        if str(einvoice.get("access_point") or "sandbox") == "sandbox":
            if not sandbox:
                raise EInvoiceError(
                    "sandbox_off",
                    [
                        ValidationIssue(
                            "einvoice.access_point",
                            "sandbox_off",
                            _("The sandbox access point is not available here; choose rest."),
                        )
                    ],
                )
            return _sandbox_client(regime, issuer, einvoice, credentials)
        from .regimes.eu_peppol.client import PeppolRestClient

        return PeppolRestClient.from_settings()
    if regime == legal.EU_FACTURX:
        from .regimes.eu_facturx.delivery import EmailDelivery

        return EmailDelivery()
    if regime == legal.ES_VERIFACTU:
        from .regimes.es_verifactu.adapter import environment as verifactu_environment

        if verifactu_environment() == "sandbox":
            if not sandbox:
                raise EInvoiceError(
                    "sandbox_off",
                    [
                        ValidationIssue(
                            "einvoice",
                            "sandbox_off",
                            _("The sandbox AEAT is not available here; set AEAT's environment."),
                        )
                    ],
                )
            return _sandbox_client(regime, issuer, einvoice, credentials)
        from .regimes.es_verifactu.client import AeatClient

        return AeatClient.from_settings(credentials, verifactu_environment())  # type: ignore[return-value]
    raise ValueError(f"no authority for {regime!r}")


def _sandbox_client(
    regime: str, issuer: Any, einvoice: dict[str, Any], credentials: Credentials
) -> AuthorityClient:
    factory = import_string(settings.CAMBILL_EINVOICE_SANDBOX_CLIENTS)
    client: AuthorityClient = factory(regime, issuer.tax_id, einvoice, credentials)
    return client


# --- values -------------------------------------------------------------------------------


def _party(obj: Any, name: str, email: str = "") -> Party:
    data = legal_of(obj)
    regime_data = {k: v for k, v in data.pop("einvoice").items() if k != "regime"}
    return value_build.party(name, {**data, "email": email}, regime_data)


def _seller(issuer: Any) -> Party:
    email = getattr(issuer, "email", "") or ""
    return _party(issuer, getattr(issuer, "legal_name", "") or issuer.name, email)


def _buyer(receiver: Any) -> Party:
    email = getattr(receiver, "email", "") or ""
    return _party(receiver, getattr(receiver, "legal_name", "") or receiver.name, email)


def _codes_by_line() -> dict[str, tuple[str, str]]:
    """SAT's product and unit code of each service, and of each tariff (its first
    component's: a tariff is sold as the service it is mostly made of)."""
    from cambill.catalog.models import Service, TariffComponent

    codes = {
        s.code: (s.sat_product_code, s.sat_unit_code)
        for s in Service.objects.only("code", "sat_product_code", "sat_unit_code")
    }
    for comp in TariffComponent.objects.select_related("tariff", "service").order_by("pk"):
        codes.setdefault(
            comp.tariff.code, (comp.service.sat_product_code, comp.service.sat_unit_code)
        )
    return codes


def _with_codes(value: EInvoice) -> EInvoice:
    codes = _codes_by_line()
    lines = tuple(
        replace(
            ln,
            product_code=ln.product_code
            or codes.get(ln.service_code, (DEFAULT_PRODUCT_CODE, ""))[0],
            regime_unit_code=ln.regime_unit_code
            or codes.get(ln.service_code, ("", DEFAULT_UNIT_CODE))[1],
        )
        for ln in value.lines
    )
    return replace(value, lines=lines)


def _paid_at_issue(invoice: Any) -> tuple[Decimal, str]:
    """What settled the invoice when it was issued (the payer's credit): its amount and
    the method of the payment that gave the most; (0, "") when still open."""
    if str(invoice.status) != "paid":
        return Decimal(0), ""
    allocations = list(invoice.allocations.select_related("payment").order_by("-amount", "pk"))
    method = allocations[0].payment.method if allocations else ""
    return Decimal(invoice.total), str(method)


def invoice_value(invoice: Any, *, number: str | None = None) -> EInvoice:
    """The value of an issued invoice with the parties' legal data as it is now (the
    draft's snapshot may predate a fix) and SAT's codes of its services."""
    paid, method = _paid_at_issue(invoice)
    value = value_build.from_invoice(invoice, time_zone=_zone(invoice), paid=paid)
    value = replace(
        value,
        number=number if number is not None else value.number,
        seller=_seller(issuer_of(invoice)),
        buyer=_buyer(receiver_of(invoice)),
        payment_method=method,
    )
    return _with_codes(_regime_number(value, regime_for(invoice)))


def _regime_number(value: EInvoice, regime: str) -> EInvoice:
    """The number the regime authorizes: a co-dian invoice takes its resolution's
    prefix and the range's n-th number for cambill's n-th invoice of the issuer (a
    number past the range is refused before anything is issued)."""
    if regime != legal.CO_DIAN or value.kind != "invoice":
        return value
    from .regimes.co_dian import resolution

    res, _issues = resolution.parse(value.seller.regime_data.get("resolution"))
    digits = re.search(r"(\d+)$", value.number or "")
    if res is None or digits is None:
        return value  # the adapter's check names what is missing
    try:
        number = resolution.number_for(res, int(digits.group(1)))
    except EInvoiceError as e:
        raise _issue(e.code, e.issues) from None
    return replace(value, number=number)


def _issue(code: str, issues: list[ValidationIssue]) -> DomainError:
    """The 400 of a document that cannot be built: every field, every reason."""
    fields: dict[str, list[str]] = {}
    for issue in issues:
        fields.setdefault(issue.field, []).append(issue.message)
    message = _("The legal e-invoice cannot be made: %(reasons)s") % {
        "reasons": "; ".join(f"{i.field}: {i.message}" for i in issues)
    }
    return DomainError(ErrorCode.VALIDATION, message, fields)


def _missing(
    issuer: Any, receiver: Any, *, receiver_role: legal.PartyRole
) -> list[ValidationIssue]:
    found = [
        replace(i, field=f"issuer.{i.field}")
        for i in legal.missing_for_issuing(legal_of(issuer), role="issuer")
    ]
    if receiver is not None and regime_of(receiver) != legal.NONE:
        found += [
            replace(i, field=f"receiver.{i.field}")
            for i in legal.missing_for_issuing(legal_of(receiver), role=receiver_role)
        ]
    return found


def _credentials(regime: str, issuer: Any, *, now: datetime | None = None) -> Credentials:
    """The issuer's signing material; EN 16931 documents are not signed (the access
    point signs the AS4 message; the EN 16931 regimes keep no secrets): theirs is empty."""
    if regime in legal.EN16931_REGIMES:
        return Credentials(b"", b"", {})
    return credentials_for(issuer, now=now)


def _build(regime: str, issuer: Any, value: EInvoice, *, receiver: Any = None) -> Built:
    """Check, sign, validate; ``DomainError`` naming every missing or wrong field."""
    adapter = adapter_for(regime)
    issues = _missing(issuer, receiver, receiver_role="receiver")
    if not issues and regime == legal.ES_VERIFACTU:
        from .regimes.es_verifactu import chain

        value = chain.prepare(issuer, value, now=clock.now())  # the previous link, locked
    if not issues:
        issues = adapter.check(value)
    if issues:
        raise _issue("legal_data", issues)
    try:
        built = adapter.build(value, _credentials(regime, issuer))
    except EInvoiceError as e:
        raise _issue(e.code, e.issues) from None
    problems = adapter.validate(built.xml)
    if problems:
        raise _issue("schema", problems)
    return built


def _facts(value: EInvoice, built: Built) -> dict[str, Any]:
    return {
        "number": value.number,
        "total": str(value.total),
        "net": str(value.net),
        "tax": str(value.tax_total),
        "currency": value.currency,
        "metodo_pago": built.extras.get("metodo_pago", ""),
    }


def _record(
    *,
    cloud_id: int,
    level: str,
    account_id: int | None,
    document: str,
    regime: str,
    value: EInvoice,
    built: Built,
    now: datetime,
    **source: Any,
) -> EInvoiceDocument:
    doc = EInvoiceDocument(
        cloud_id=cloud_id,
        level=level,
        account_id=account_id,
        document=document,
        regime=regime,
        number=value.number,
        status=DocumentStatus.SIGNED,
        xml=built.xml,
        unique_code=built.unique_code,
        qr=built.qr,
        extras=dict(built.extras),
        facts=_facts(value, built),
        created_at=now,
        updated_at=now,
        **source,
    )
    try:
        with transaction.atomic():
            doc.save()
    except IntegrityError:
        raise DomainError(
            ErrorCode.CONFLICT, _("This document has its legal e-invoice already.")
        ) from None
    if regime == legal.ES_VERIFACTU:
        from .regimes.es_verifactu import chain

        chain.append(doc, now=now)
    _dispatch_after_commit(doc.pk)
    return doc


def _record_of(
    invoice: Any,
    document: str,
    regime: str,
    value: EInvoice,
    built: Built,
    now: datetime,
    **source: Any,
) -> EInvoiceDocument:
    """``_record`` for a document of an invoice (its own, its credit note's, its void)."""
    return _record(
        cloud_id=invoice.cloud_id,
        level=str(invoice.kind),
        account_id=invoice.account_id,
        document=document,
        regime=regime,
        value=value,
        built=built,
        now=now,
        invoice=invoice,
        **source,
    )


def _dispatch_after_commit(document_id: int) -> None:
    transaction.on_commit(lambda: dispatch(document_id), robust=True)


def dispatch(document_id: int) -> None:
    """Hand the submission to Celery by the task's name (decision 0014)."""
    _start(SUBMIT_TASK, document_id)


# --- invoices -----------------------------------------------------------------------------


def _next_number(invoice: Any, now: datetime) -> str:
    """The number the draft would take next (read, not taken: a check only)."""
    from zoneinfo import ZoneInfo

    from cambill.invoicing.models import NumberSeries
    from cambill.invoicing.numbering import format_number, series_for

    spec = series_for(invoice.cloud, invoice.kind)
    last = NumberSeries.objects.filter(key=spec.key).values_list("last_number", flat=True).first()
    year = now.astimezone(ZoneInfo(spec.timezone)).year
    return format_number(spec.prefix, year, (last or 0) + 1, spec.width)


def invoice_check(invoice: Any, *, now: datetime) -> None:
    """Would this draft's legal document build? (``DomainError`` naming every field.)
    A bulk issue asks before numbering, with a provisional number."""
    issuer = issuer_of(invoice)
    regime = regime_for(invoice)
    if regime == legal.NONE:
        return
    draft = copy.copy(invoice)  # the draft itself stays as it is
    draft.issued_at = now
    days = int(invoice.issuer_details.get("payment_terms_days", 15))
    draft.due_at = now + timedelta(days=days)
    value = invoice_value(draft, number=_next_number(invoice, now))
    _build(regime, issuer, value, receiver=receiver_of(invoice))


def invoice_document_issue(invoice: Any, *, now: datetime) -> EInvoiceDocument | None:
    """Build, sign and record the legal document of a just-numbered invoice (in the
    issuing transaction); ``None`` when its issuer has no regime."""
    issuer = issuer_of(invoice)
    regime = regime_for(invoice)
    if regime == legal.NONE:
        return None
    value = invoice_value(invoice)
    built = _build(regime, issuer, value, receiver=receiver_of(invoice))
    doc = _record_of(invoice, DocumentKind.INVOICE, regime, value, built, now)
    if regime == legal.CO_DIAN:
        _resolution_notice(doc, value, now)
    return doc


def _resolution_notice(doc: EInvoiceDocument, value: EInvoice, now: datetime) -> None:
    """The invoice that uses up 90 % of DIAN's numbering range tells the issuer."""
    from .notices import notify_resolution
    from .regimes.co_dian import resolution

    res, _issues = resolution.parse(value.seller.regime_data.get("resolution"))
    if res is not None and resolution.crosses_warning(res, value.number):
        notify_resolution(doc, res, resolution.usage(res, value.number), now=now)


def invoice_document(invoice: Any) -> EInvoiceDocument | None:
    return EInvoiceDocument.objects.filter(invoice=invoice, document=DocumentKind.INVOICE).first()


def _accepted_code(invoice: Any, what: str) -> tuple[EInvoiceDocument | None, str]:
    """The invoice's document and its accepted code; ``(None, "")`` when the invoice
    has none (issued before its issuer had a regime)."""
    doc = invoice_document(invoice)
    if doc is None:
        return None, ""
    if doc.status not in (DocumentStatus.ACCEPTED,):
        raise DomainError(
            ErrorCode.INVALID_STATE,
            _(
                "The legal e-invoice of invoice %(number)s is %(status)s, not accepted; "
                "%(what)s once the tax authority has accepted it."
            )
            % {"number": invoice.number, "status": doc.status, "what": what},
        )
    return doc, doc.unique_code


def credit_note_document_issue(note: Any, *, now: datetime) -> EInvoiceDocument | None:
    """The regime's credit note (CFDI type E related 01; DIAN CreditNote with its CUDE),
    referencing the invoice's accepted UUID or CUFE."""
    invoice = note.invoice
    issuer = issuer_of(invoice)
    regime = regime_for(invoice)
    if regime == legal.NONE:
        return None
    doc, code = _accepted_code(invoice, _("credit it"))
    if doc is None:
        return None
    value = value_build.from_credit_note(
        note,
        time_zone=_zone(invoice),
        preceding_unique_code=code,
        reason_code=DIAN_CREDIT_REASON if regime == legal.CO_DIAN else "",
    )
    value = _with_codes(
        replace(
            value,
            seller=_seller(issuer),
            buyer=_buyer(receiver_of(invoice)),
            preceding_issued_at=doc.accepted_at or invoice.issued_at,
        )
    )
    built = _build(regime, issuer, value, receiver=receiver_of(invoice))
    return _record_of(
        invoice, DocumentKind.CREDIT_NOTE, regime, value, built, now, credit_note=note
    )


def void_document_issue(invoice: Any, *, now: datetime) -> EInvoiceDocument | None:
    """A voided invoice's legal side: SAT's cancellation (motivo 02) or DIAN's
    annulment note of an accepted document; one never accepted is only marked
    ``cancelled`` (it never had legal effect); one with the authority right now
    cannot be voided until it answers."""
    doc = (
        EInvoiceDocument.objects.select_for_update()
        .filter(invoice=invoice, document=DocumentKind.INVOICE)
        .first()
    )
    if doc is None:
        return None
    if doc.status == DocumentStatus.SUBMITTED:
        raise DomainError(
            ErrorCode.CONFLICT,
            _(
                "The legal e-invoice of this invoice is with the tax authority; void it once it answers."
            ),
        )
    if doc.status != DocumentStatus.ACCEPTED and doc.regime != legal.ES_VERIFACTU:
        doc.status = DocumentStatus.CANCELLED
        doc.next_attempt_at = None
        doc.updated_at = now
        doc.save(update_fields=["status", "next_attempt_at", "updated_at"])
        return None
    issuer = issuer_of(invoice)
    regime = doc.regime
    if regime == legal.ES_VERIFACTU:
        return _void_verifactu(doc, invoice, issuer, now)
    if regime == legal.MX_CFDI40:
        value = EInvoice(
            kind="cancellation",
            number=invoice.number or "",
            issued_at=now,
            time_zone=_zone(invoice),
            currency=invoice.currency,
            seller=_seller(issuer),
            buyer=_buyer(receiver_of(invoice)),
            preceding_number=invoice.number or "",
            preceding_unique_code=doc.unique_code,
            reason=invoice.void_reason or "",
            reason_code=SAT_MOTIVO_VOID,
            source={"invoice": invoice.pk},
        )
    else:
        # DIAN's annulment note, or EN 16931's credit note of the whole invoice
        from cambill.invoicing.numbering import series_for, take_numbers

        from .regimes.co_dian.annulment import annulment
        from .regimes.en16931.adapter import annulment as en16931_annulment

        number = take_numbers(series_for(invoice.cloud, invoice.kind, credit=True), now)[0]
        reason = invoice.void_reason or ""
        if regime in legal.EN16931_REGIMES:
            value = en16931_annulment(
                invoice_value(invoice), number=number, issued_at=now, reason=reason
            )
        else:
            value = annulment(
                invoice_value(invoice),
                invoice_cufe=doc.unique_code,
                number=number,
                issued_at=now,
                reason=reason,
            )
    built = _build(regime, issuer, value)
    return _record_of(invoice, DocumentKind.CANCELLATION, regime, value, built, now)


def _void_verifactu(
    doc: EInvoiceDocument, invoice: Any, issuer: Any, now: datetime
) -> EInvoiceDocument:
    """Verifactu's ``RegistroAnulacion``, the chain's next link. An alta still to be
    sent goes first (same batch, chain order); one AEAT rejected holds nothing there
    (``SinRegistroPrevio``, ``RechazoPrevio``) and is not sent again."""
    value = _verifactu_void_value(invoice, issuer, now)
    built = _build(legal.ES_VERIFACTU, issuer, value)
    if doc.status in (DocumentStatus.REJECTED, DocumentStatus.FAILED):
        doc.status = DocumentStatus.CANCELLED
        doc.next_attempt_at = None
        doc.updated_at = now
        doc.save(update_fields=["status", "next_attempt_at", "updated_at"])
    return _record_of(invoice, DocumentKind.CANCELLATION, legal.ES_VERIFACTU, value, built, now)


def _verifactu_void_value(invoice: Any, issuer: Any, now: datetime) -> EInvoice:
    return EInvoice(
        kind="cancellation",
        number=invoice.number or "",
        issued_at=now,
        time_zone=_zone(invoice),
        currency=invoice.currency,
        seller=_seller(issuer),
        buyer=_buyer(receiver_of(invoice)),
        preceding_number=invoice.number or "",
        preceding_issued_at=invoice.issued_at,
        reason=invoice.void_reason or "",
        source={"invoice": invoice.pk},
    )


# --- payments (CFDI type P) ------------------------------------------------------------------


def _payment_parts(payment: Any) -> tuple[list[PaymentPart], Any]:
    """The PPD invoices a payment pays, each with its installment number and balances
    (the invoice's earlier payments counted in the order they were applied)."""
    from cambill.payments.models import Allocation

    parts: list[PaymentPart] = []
    invoice = None
    allocations = payment.allocations.select_related("invoice").order_by("pk")
    for alloc in allocations:
        inv = alloc.invoice
        doc = invoice_document(inv)
        if doc is None or doc.status != DocumentStatus.ACCEPTED:
            continue
        if doc.regime != legal.MX_CFDI40 or doc.facts.get("metodo_pago") != "PPD":
            continue
        step = quantum(inv.currency)
        earlier = Allocation.objects.filter(invoice=inv, pk__lt=alloc.pk)
        paid = sum((Decimal(a.amount) for a in earlier), Decimal(0))
        before = (Decimal(inv.total) - paid).quantize(step)
        amount = Decimal(alloc.amount).quantize(step)
        installment = earlier.values("payment_id").distinct().count() + 1
        percent = Decimal(inv.tax_percent)
        parts.append(
            PaymentPart(
                invoice_number=inv.number or "",
                invoice_unique_code=doc.unique_code,
                currency=inv.currency,
                installment=installment,
                balance_before=before,
                amount=amount,
                balance_after=before - amount,
                tax_percent=percent,
                tax_category=value_build.tax_category(percent),
                invoice_net=Decimal(inv.net).quantize(step),
                invoice_tax=Decimal(inv.tax).quantize(step),
            )
        )
        invoice = invoice or inv
    return parts, invoice


@transaction.atomic
def payment_document_issue(
    *, payment_id: int, now: datetime | None = None
) -> EInvoiceDocument | None:
    """The payment receipt (CFDI type P, Pagos 2.0) of a payment applied to PPD
    invoices; run after the payment's commit (``einvoice.issue_payment``). Data that
    cannot make one leaves a ``failed`` document naming why, retried by hand."""
    from cambill.payments.models import Payment

    now = clock.given(now)
    payment = Payment.objects.select_related("cloud", "account").get(pk=payment_id)
    if EInvoiceDocument.objects.filter(payment=payment, document=DocumentKind.PAYMENT).exists():
        return None
    parts, first = _payment_parts(payment)
    if not parts or first is None:
        return None
    issuer = issuer_of(first)
    regime = regime_for(first)
    if regime != legal.MX_CFDI40:
        return None
    value = _payment_value(payment, parts, first, now)
    source = {
        "cloud_id": payment.cloud_id,
        "level": str(first.kind),
        "account_id": payment.account_id,
        "document": DocumentKind.PAYMENT,
        "regime": regime,
        "now": now,
        "payment": payment,
        "invoice": first,
    }
    try:
        built = _build(regime, issuer, value, receiver=receiver_of(first))
    except DomainError as e:
        doc = EInvoiceDocument.objects.create(
            cloud_id=payment.cloud_id,
            level=str(first.kind),
            account_id=payment.account_id,
            invoice=first,
            payment=payment,
            document=DocumentKind.PAYMENT,
            regime=regime,
            number=value.number,
            status=DocumentStatus.FAILED,
            xml=b"",
            authority_reply=_refusal(e),
            created_at=now,
            updated_at=now,
        )
        return doc
    return _record(value=value, built=built, **source)


def _payment_value(payment: Any, parts: list[PaymentPart], first: Any, now: datetime) -> EInvoice:
    value = value_build.from_payment(
        payment,
        parts,
        seller_name="",
        seller_details={},
        buyer_name="",
        buyer_details={},
        time_zone=_zone(first),
        number=f"P{payment.pk}",
    )
    return replace(
        value,
        seller=_seller(issuer_of(first)),
        buyer=_buyer(receiver_of(first)),
        issued_at=payment.created_at or now,
    )


def _refusal(error: DomainError) -> dict[str, Any]:
    return {
        "status": "refused",
        "codes": sorted(error.fields or {}),
        "message": error.message,
        "raw": "",
    }


# --- submission -----------------------------------------------------------------------------


def max_attempts() -> int:
    return max(1, int(getattr(settings, "CAMBILL_EINVOICE_MAX_ATTEMPTS", 8)))


def _issuer_of_document(doc: EInvoiceDocument) -> Any:
    return provider_profile() if doc.level == "wholesale" else doc.cloud


def _claim(document_id: int, now: datetime) -> EInvoiceDocument | None:
    """Take the document for one submission: one conditional UPDATE, so whoever else
    tries (a second worker, the schedule, a retry) finds it taken and sends nothing."""
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    ready = Q(status=DocumentStatus.SIGNED) & due
    stale = Q(status=DocumentStatus.SUBMITTED, next_attempt_at__lte=now)
    taken = (
        EInvoiceDocument.objects.filter(pk=document_id)
        .filter(ready | stale)
        .update(
            status=DocumentStatus.SUBMITTED,
            attempts=F("attempts") + 1,
            submitted_at=now,
            next_attempt_at=now + LEASE,
            updated_at=now,
        )
    )
    if not taken:
        return None
    return EInvoiceDocument.objects.select_related("cloud", "invoice").get(pk=document_id)


def _send(doc: EInvoiceDocument, client: AuthorityClient) -> AuthorityReply:
    if doc.document == DocumentKind.CANCELLATION and doc.regime == legal.MX_CFDI40:
        return client.cancel(
            str(doc.extras.get("uuid") or doc.unique_code),
            reason_code=str(doc.extras.get("motivo") or SAT_MOTIVO_VOID),
            replacement=str(doc.extras.get("folio_sustitucion") or ""),
        )
    return client.submit(bytes(doc.xml), test_set_id=str(doc.extras.get("test_set_id") or ""))


def document_submit(*, document_id: int, now: datetime | None = None) -> EInvoiceDocument | None:
    """Submit one signed document (the job ``einvoice.submit``); ``None`` when someone
    else has it or it is not due. The call to the authority is outside any transaction."""
    now = clock.given(now)
    doc = _claim(document_id, now)
    if doc is None:
        return None
    if doc.regime == legal.ES_VERIFACTU:
        from .regimes.es_verifactu import batch

        return batch.submit(doc, now)  # with the issuer's other due records
    issuer = _issuer_of_document(doc)
    try:
        client = authority_for(doc.regime, issuer, _credentials(doc.regime, issuer, now=now))
        reply = _send(doc, client)
    except EInvoiceError as e:
        reply = AuthorityReply(
            status="rejected",
            codes=tuple(sorted({i.code for i in e.issues})),
            message="; ".join(f"{i.field}: {i.message}" for i in e.issues),
        )
    except Exception as e:  # the network, a client's bug: the authority did not answer
        log.exception("e-invoice document %s: submission failed", document_id)
        reply = AuthorityReply(status="unavailable", message=str(e)[:500])
    return _record_reply(doc.pk, reply, now)


def _reply_json(reply: AuthorityReply, now: datetime) -> dict[str, Any]:
    return {
        "status": reply.status,
        "codes": list(reply.codes),
        "message": reply.message,
        "raw": reply.raw[:20000],
        "at": now.isoformat(),
    }


@transaction.atomic
def _record_reply(document_id: int, reply: AuthorityReply, now: datetime) -> EInvoiceDocument:
    doc = EInvoiceDocument.objects.select_for_update().select_related("cloud").get(pk=document_id)
    if doc.status != DocumentStatus.SUBMITTED:
        return doc  # answered meanwhile (a retry that overtook a stale lease)
    if doc.authority_reply:
        doc.history = [*doc.history, doc.authority_reply][-20:]
    doc.authority_reply = _reply_json(reply, now)
    doc.updated_at = now
    cancelling = doc.document == DocumentKind.CANCELLATION and doc.regime == legal.MX_CFDI40
    accepted = reply.status == "cancelled" if cancelling else reply.status == "accepted"
    if accepted:
        _accept(doc, reply, now)
    elif reply.status == "pending":
        doc.next_attempt_at = now + timedelta(minutes=1)
    elif reply.status == "unavailable":
        if doc.attempts >= max_attempts():
            doc.status = DocumentStatus.FAILED
            doc.next_attempt_at = None
        else:
            doc.status = DocumentStatus.SIGNED
            doc.next_attempt_at = now + timedelta(minutes=2 ** (doc.attempts - 1))
    else:
        doc.status = DocumentStatus.REJECTED
        doc.next_attempt_at = None
        from .notices import notify_rejected

        notify_rejected(doc, now=now)
    doc.save()
    return doc


def _accept(doc: EInvoiceDocument, reply: AuthorityReply, now: datetime) -> None:
    built = Built(xml=bytes(doc.xml), unique_code=doc.unique_code, qr=doc.qr, extras=doc.extras)
    if doc.document != DocumentKind.CANCELLATION or doc.regime != legal.MX_CFDI40:
        built = adapter_for(doc.regime).accept_reply(built, reply)
    if built.xml != bytes(doc.xml):
        doc.stamped_xml = built.xml
    doc.unique_code = built.unique_code or reply.unique_code or doc.unique_code
    doc.qr = built.qr or doc.qr
    doc.extras = dict(built.extras)
    if doc.regime == legal.CO_DIAN and reply.xml:
        # DIAN's ApplicationResponse: the buyer's AttachedDocument carries it
        doc.extras["application_response"] = reply.xml.decode("utf-8")
    doc.status = DocumentStatus.ACCEPTED
    doc.accepted_at = now
    doc.next_attempt_at = None
    if doc.document == DocumentKind.INVOICE and doc.facts.get("metodo_pago") == "PPD":
        _payments_waiting(doc.invoice_id)
    if doc.document == DocumentKind.CANCELLATION and doc.invoice_id is not None:
        EInvoiceDocument.objects.filter(
            invoice_id=doc.invoice_id,
            document=DocumentKind.INVOICE,
            status=DocumentStatus.ACCEPTED,
        ).update(status=DocumentStatus.CANCELLED, updated_at=now)


PAYMENT_TASK = "einvoice.issue_payment"


def _payments_waiting(invoice_id: int | None) -> None:
    """Payments applied to a PPD invoice before its stamp (a payer's credit, a quick
    transfer) get their receipts once it is accepted: their UUID is known now."""
    from cambill.payments.models import Allocation

    if invoice_id is None:
        return
    paid = Allocation.objects.filter(invoice_id=invoice_id).values_list("payment_id", flat=True)
    done = EInvoiceDocument.objects.filter(document=DocumentKind.PAYMENT).values_list(
        "payment_id", flat=True
    )
    for payment_id in sorted(set(paid) - set(done.filter(payment_id__in=list(paid)))):
        transaction.on_commit(
            lambda pid=payment_id: _start(PAYMENT_TASK, pid),  # type: ignore[misc]
            robust=True,
        )


def _start(task: str, *args: Any) -> None:
    from cambill.celery import app

    if task not in app.tasks:
        app.loader.import_default_modules()
    app.tasks[task].delay(*args)


def documents_submit_due(*, now: datetime | None = None) -> int:
    """The schedule's job: every document whose next attempt is due."""
    now = clock.given(now)
    due = EInvoiceDocument.objects.filter(
        status__in=[DocumentStatus.SIGNED, DocumentStatus.SUBMITTED], next_attempt_at__lte=now
    ).values_list("pk", flat=True)
    done = 0
    for pk in list(due[:500]):
        if document_submit(document_id=pk, now=now) is not None:
            done += 1
    return done


# --- retry -----------------------------------------------------------------------------------

RETRYABLE = (DocumentStatus.REJECTED, DocumentStatus.FAILED, DocumentStatus.SIGNED)


def _rebuild(doc: EInvoiceDocument, now: datetime) -> None:
    """A refused document made again from the data as it is now, same number."""
    if doc.document == DocumentKind.INVOICE and doc.invoice is not None:
        invoice = doc.invoice
        value = invoice_value(invoice)
        built = _build(doc.regime, issuer_of(invoice), value, receiver=receiver_of(invoice))
    elif doc.document == DocumentKind.CREDIT_NOTE and doc.credit_note is not None:
        note = doc.credit_note
        invoice = note.invoice
        _doc, code = _accepted_code(invoice, _("retry its credit note"))
        value = value_build.from_credit_note(
            note,
            time_zone=_zone(invoice),
            preceding_unique_code=code,
            reason_code=DIAN_CREDIT_REASON if doc.regime == legal.CO_DIAN else "",
        )
        value = _with_codes(
            replace(value, seller=_seller(issuer_of(invoice)), buyer=_buyer(receiver_of(invoice)))
        )
        built = _build(doc.regime, issuer_of(invoice), value, receiver=receiver_of(invoice))
    elif doc.document == DocumentKind.PAYMENT and doc.payment is not None:
        parts, first = _payment_parts(doc.payment)
        if not parts or first is None:
            raise DomainError(ErrorCode.INVALID_STATE, _("This payment pays no PPD invoice now."))
        value = _payment_value(doc.payment, parts, first, now)
        built = _build(doc.regime, issuer_of(first), value, receiver=receiver_of(first))
    elif doc.regime == legal.ES_VERIFACTU and doc.invoice is not None:
        # a refused RegistroAnulacion is followed by a new one (RechazoPrevio S)
        invoice = doc.invoice
        value = _verifactu_void_value(invoice, issuer_of(invoice), now)
        built = _build(doc.regime, issuer_of(invoice), value)
    else:
        return  # a cancellation is sent again as it was built
    doc.xml = built.xml
    doc.unique_code = built.unique_code
    doc.qr = built.qr
    doc.extras = dict(built.extras)
    doc.facts = _facts(value, built)


@transaction.atomic
def document_retry(
    *, actor: Actor, document: EInvoiceDocument, now: datetime | None = None
) -> EInvoiceDocument:
    """Send a rejected, failed or waiting document again: a refused one is rebuilt
    from the legal data as it is now (the fix the rejection asked for); then it is
    submitted after commit. An accepted or cancelled document never changes."""
    now = clock.given(now)
    doc = (
        EInvoiceDocument.objects.select_for_update(of=("self",))
        .select_related("cloud", "invoice", "credit_note", "payment")
        .get(pk=document.pk)
    )
    require(actor, "einvoice.retry", doc.invoice)
    if doc.status not in RETRYABLE:
        raise DomainError(
            ErrorCode.INVALID_STATE,
            _("A %(status)s document cannot be retried.") % {"status": doc.status},
        )
    before = {"status": doc.status, "attempts": doc.attempts}
    rebuilt = doc.status in (DocumentStatus.REJECTED, DocumentStatus.FAILED)
    if rebuilt:
        _rebuild(doc, now)
    doc.status = DocumentStatus.SIGNED
    doc.next_attempt_at = None
    doc.updated_at = now
    doc.save()
    if rebuilt and doc.regime == legal.ES_VERIFACTU:
        from .regimes.es_verifactu import chain

        chain.append(doc, now=now)  # the correction is the chain's next link
    audit(
        actor=actor,
        verb="einvoice_document_retry",
        obj=doc,
        before=before,
        after={"status": doc.status, "number": doc.number},
        cloud_id=doc.cloud_id,
        now=now,
    )
    _dispatch_after_commit(doc.pk)
    return doc
