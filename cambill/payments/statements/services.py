"""Verbs of bank statement reconciliation: import a camt.053 or MT940 statement,
confirm or reject a suggestion, match a queued line to an invoice by hand.

Two books share them: a cloud's bank account, whose lines pay the cloud's
retail invoices (``cloud`` given), and the provider's own bank account, whose
lines pay the wholesale invoices of every cloud (``provider_statement_import``;
lines without a cloud; provider admin or accountant). A line's book is its
``cloud`` (``None``: the provider's).

Each is one transaction with one audit row; a payment is recorded through
:func:`cambill.payments.services.payment_record` with the line's key as its
external id, so a line never pays twice whatever happens (a re-import, two
people confirming at once, a crash half way).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import UTC, datetime, time
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cambill.clouds.models import Cloud
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.audit import audit
from cambill.core.errors import DomainError, ErrorCode, validation
from cambill.core.money import minor_units
from cambill.core.permissions import require
from cambill.invoicing.models import Invoice, InvoiceKind, InvoiceStatus

from ..models import (
    BankImport,
    BankLine,
    BankLineStatus,
    BankSuggestion,
    PaymentMethod,
    SuggestionStatus,
)
from .matching import Matcher, payer_of
from .parse import Entry, parse_statements


def statement_line_key(statement_id: str, ref: str, occurrence: int) -> str:
    raw = "\x1f".join(["stmt", statement_id, ref, str(occurrence)])
    return hashlib.sha256(raw.encode()).hexdigest()


def _received_at(line: BankLine) -> datetime:
    return datetime.combine(line.date, time(12), tzinfo=UTC)


def _kind(cloud: Cloud | None) -> str:
    return InvoiceKind.RETAIL if cloud is not None else InvoiceKind.WHOLESALE


def _require_manage(actor: Actor, cloud: Cloud | None) -> None:
    """A cloud's statements are its money people's; the provider's, the provider's."""
    if cloud is None:
        require(actor, "payment.manage_wholesale")
    else:
        require(actor, "payment.manage", cloud)


def _pay(actor: Actor, line: BankLine, invoice: Invoice | None, payer: Any, now: datetime) -> Any:
    """Record the line as a bank transfer of ``payer``: an account of the line's
    cloud (retail), or a cloud paying the provider (wholesale)."""
    from cambill.payments.services import payment_record

    wholesale = line.cloud_id is None
    cloud = payer if wholesale else line.cloud
    assert cloud is not None
    return payment_record(
        actor=actor,
        cloud=cloud,
        account=None if wholesale else payer,
        amount=line.amount,
        received_at=_received_at(line),
        method=PaymentMethod.BANK_TRANSFER,
        reference=(line.reference or line.description or line.entry_ref)[:200],
        invoices=[invoice]
        if invoice is not None and invoice.status == InvoiceStatus.ISSUED
        else None,
        external_id=f"bank:{line.key}",
        now=now,
    )


def _matched(line: BankLine, invoice: Invoice | None, payer: Any) -> None:
    line.invoice, line.status = invoice, BankLineStatus.MATCHED
    line.account = payer if line.cloud_id is not None else None


def _places_note(amount: Decimal, currency: str) -> str:
    try:
        places = minor_units(currency)
    except Exception:  # an unknown currency code in the file
        return f"unknown currency {currency[:3]}"
    # By value, not by notation: camt.053 allows five fraction digits, and a bank
    # writing 3.5700 means 3.57.
    if amount.normalize().as_tuple().exponent < -places:  # type: ignore[operator]
        return f"more than {places} decimal places"
    return ""


def _amount_note(cloud: Cloud | None, entry: Entry, currency: str) -> str:
    """Why a line cannot pay anything of its book, or "" when it may. A line of
    the provider's CSV may have no currency: its payer's decides (below)."""
    if cloud is not None and entry.currency and entry.currency != cloud.currency:
        return f"in {entry.currency[:3]}, the cloud bills in {cloud.currency}"
    return _places_note(entry.amount, currency) if currency else ""


def _payer_note(decision: Any, entry: Entry, currency: str) -> str:
    """Why the cloud the rules found cannot be paid with this line, or ""."""
    payer = decision.payer
    if not isinstance(payer, Cloud):
        return ""
    if currency and payer.currency != currency:
        return f"in {currency[:3]}, {payer.slug} is billed in {payer.currency}"
    return _places_note(entry.amount, payer.currency)


def _import_entry(
    *,
    actor: Actor,
    cloud: Cloud | None,
    imp: BankImport,
    matcher: Matcher,
    entry: Entry,
    currency: str,
    key: str,
    now: datetime,
) -> str:
    line = BankLine(
        cloud=cloud,
        bank_import=imp,
        key=key,
        date=entry.booking_date,
        amount=entry.amount,
        currency=currency[:3],
        reference=entry.reference[:200],
        description=entry.remittance[:500],
        entry_ref=entry.ref[:120],
        payer_name=entry.payer_name[:200],
        payer_iban=entry.payer_iban[:64],
        status=BankLineStatus.UNMATCHED,
    )
    decision = None
    if entry.amount <= 0:
        line.status, line.note = BankLineStatus.IGNORED, "not money received"
    else:
        line.note = _amount_note(cloud, entry, currency)
        if not line.note:
            decision = matcher.decide(
                amount=entry.amount,
                payer=entry.payer_name,
                reference=entry.reference,
                text=entry.remittance,
                currency=currency,
            )
            refused = _payer_note(decision, entry, currency)
            line.note = (refused or decision.note)[:300]
            if refused:
                decision = None
    try:
        with transaction.atomic():
            line.save(force_insert=True)
    except IntegrityError:
        return "skipped"  # the same line imported at this very moment by another upload
    if decision is not None and decision.payer is not None:
        line.payment = _pay(actor, line, decision.invoice, decision.payer, now)
        _matched(line, decision.invoice, decision.payer)
        line.save(update_fields=["payment", "invoice", "account", "status"])
        if decision.invoice is not None:
            matcher.refresh(decision.invoice)
        return "matched"
    if decision is not None and decision.suggestions:
        BankSuggestion.objects.bulk_create(
            BankSuggestion(cloud=cloud, line=line, invoice=inv, reason=reason, rank=i)
            for i, (inv, reason) in enumerate(decision.suggestions)
        )
        line.status = BankLineStatus.SUGGESTED
        line.save(update_fields=["status"])
        return "suggested"
    return "ignored" if line.status == BankLineStatus.IGNORED else "unmatched"


@transaction.atomic
def bank_statement_import(
    *,
    actor: Actor,
    cloud: Cloud,
    content: bytes | str,
    filename: str = "",
    now: datetime | None = None,
) -> BankImport:
    """Import an ISO 20022 camt.053 or SWIFT MT940 statement of the cloud's bank
    account and reconcile its lines with the cloud's retail invoices
    (:mod:`.matching`). The same file again returns its first import and
    writes nothing; an overlapping statement skips the lines already imported
    (same statement id and bank reference)."""
    return _statement_import(actor=actor, cloud=cloud, content=content, filename=filename, now=now)


@transaction.atomic
def provider_statement_import(
    *,
    actor: Actor,
    content: bytes | str,
    filename: str = "",
    now: datetime | None = None,
) -> BankImport:
    """The same for a statement of the provider's own bank account: its lines
    are matched against the wholesale invoices of every cloud (the payer is a
    cloud) and each one matched records that cloud's wholesale payment."""
    return _statement_import(actor=actor, cloud=None, content=content, filename=filename, now=now)


def _statement_import(
    *,
    actor: Actor,
    cloud: Cloud | None,
    content: bytes | str,
    filename: str,
    now: datetime | None,
) -> BankImport:
    _require_manage(actor, cloud)
    now = clock.given(now)
    raw = content.encode() if isinstance(content, str) else bytes(content)
    statements = parse_statements(raw, csv=cloud is None)
    for st in statements:
        if cloud is not None and st.currency and st.currency != cloud.currency:
            raise validation(
                "file",
                _("The statement's account is in %(currency)s; this cloud bills in %(cloud)s.")
                % {"currency": st.currency, "cloud": cloud.currency},
            )
    digest = hashlib.sha256(raw).hexdigest()
    book: dict[str, Any] = {"cloud": cloud} if cloud is not None else {"cloud__isnull": True}
    existing = BankImport.objects.filter(**book, digest=digest).first()
    if existing is not None:
        existing.already_imported = True  # type: ignore[attr-defined]
        return existing
    try:
        with transaction.atomic():
            imp = BankImport.objects.create(
                cloud=cloud,
                kind=_kind(cloud),
                filename=filename[:200],
                format=statements[0].format,
                statement_ids=", ".join(st.statement_id for st in statements)[:500],
                digest=digest,
                imported_at=now,
                created_by=actor.user,
            )
    except IntegrityError:
        # The same file uploaded at this very moment: the other upload imports it.
        existing = BankImport.objects.get(**book, digest=digest)
        existing.already_imported = True  # type: ignore[attr-defined]
        return existing
    matcher = Matcher(cloud, _kind(cloud))
    counts: Counter[str] = Counter()
    for st in statements:
        seen: Counter[str] = Counter()
        for entry in st.entries:
            seen[entry.ref] += 1
            key = statement_line_key(st.statement_id, entry.ref, seen[entry.ref])
            counts["total"] += 1
            if BankLine.objects.filter(**book, key=key).exists():
                counts["skipped"] += 1
                continue
            counts[
                _import_entry(
                    actor=actor,
                    cloud=cloud,
                    imp=imp,
                    matcher=matcher,
                    entry=entry,
                    currency=entry.currency or st.currency or (cloud.currency if cloud else ""),
                    key=key,
                    now=now,
                )
            ] += 1
    imp.lines_total = counts["total"]
    imp.lines_matched = counts["matched"]
    imp.lines_unmatched = counts["unmatched"] + counts["suggested"] + counts["ignored"]
    imp.lines_skipped = counts["skipped"]
    imp.save()
    audit(
        actor=actor,
        verb="bank_statement_import",
        obj=imp,
        after={
            "kind": imp.kind,
            "filename": filename,
            "format": imp.format,
            "statements": [st.statement_id for st in statements],
            "total": counts["total"],
            "matched": counts["matched"],
            "suggested": counts["suggested"],
            "unmatched": counts["unmatched"],
            "ignored": counts["ignored"],
            "skipped": counts["skipped"],
        },
        now=now,
    )
    return imp


def _lock(suggestion: BankSuggestion) -> tuple[BankSuggestion, BankLine]:
    line = BankLine.objects.select_for_update().get(pk=suggestion.line_id)
    s = (
        BankSuggestion.objects.select_for_update(of=("self",))
        .select_related("invoice__account")
        .get(pk=suggestion.pk)
    )
    if s.status != SuggestionStatus.OPEN or line.status != BankLineStatus.SUGGESTED:
        raise DomainError(ErrorCode.INVALID_STATE, _("This suggestion was already decided."))
    return s, line


@transaction.atomic
def bank_suggestion_confirm(
    *, actor: Actor, suggestion: BankSuggestion, now: datetime | None = None
) -> BankLine:
    """The line pays the suggested invoice: a bank-transfer payment applied to
    it (what is left over goes to the account's oldest open invoices, then
    credit); the line's other suggestions are rejected."""
    _require_manage(actor, suggestion.cloud)
    now = clock.given(now)
    s, line = _lock(suggestion)
    invoice = Invoice.objects.select_for_update().get(pk=s.invoice_id)
    if invoice.status not in (InvoiceStatus.ISSUED, InvoiceStatus.PAID):
        raise DomainError(
            ErrorCode.INVALID_STATE,
            _("Invoice %(number)s is %(status)s; reject this suggestion.")
            % {"number": invoice.number, "status": invoice.status},
        )
    payer = payer_of(invoice)
    line.payment = _pay(actor, line, invoice, payer, now)
    _matched(line, invoice, payer)
    line.note = ""
    line.save(update_fields=["payment", "invoice", "account", "status", "note"])
    s.status, s.decided_by, s.decided_at = SuggestionStatus.CONFIRMED, actor.user, now
    s.save(update_fields=["status", "decided_by", "decided_at"])
    line.suggestions.filter(status=SuggestionStatus.OPEN).update(
        status=SuggestionStatus.REJECTED, decided_by=actor.user, decided_at=now
    )
    audit(
        actor=actor,
        verb="bank_suggestion_confirm",
        obj=line,
        after={"invoice": invoice.number, "amount": str(line.amount), "payment": line.payment_id},
        now=now,
    )
    return line


@transaction.atomic
def bank_suggestion_reject(
    *, actor: Actor, suggestion: BankSuggestion, now: datetime | None = None
) -> BankLine:
    """Not this invoice. When no suggestion of the line is left open, the line
    goes back to the queue of unmatched lines."""
    _require_manage(actor, suggestion.cloud)
    now = clock.given(now)
    s, line = _lock(suggestion)
    s.status, s.decided_by, s.decided_at = SuggestionStatus.REJECTED, actor.user, now
    s.save(update_fields=["status", "decided_by", "decided_at"])
    if not line.suggestions.filter(status=SuggestionStatus.OPEN).exists():
        line.status, line.note = BankLineStatus.UNMATCHED, "suggestions rejected"
        line.save(update_fields=["status", "note"])
    audit(
        actor=actor,
        verb="bank_suggestion_reject",
        obj=line,
        after={"invoice": s.invoice.number, "line_status": line.status},
        now=now,
    )
    return line


@transaction.atomic
def bank_line_match(
    *, actor: Actor, line: BankLine, invoice: Invoice, now: datetime | None = None
) -> BankLine:
    """A person matches a queued (unmatched or suggested) line to an open
    invoice of the cloud by hand: recorded as a confirmed suggestion."""
    _require_manage(actor, line.cloud)
    now = clock.given(now)
    locked = BankLine.objects.select_for_update().get(pk=line.pk)
    if (
        locked.status not in (BankLineStatus.UNMATCHED, BankLineStatus.SUGGESTED)
        or locked.amount <= 0
    ):
        raise DomainError(ErrorCode.INVALID_STATE, _("This line is not waiting for a match."))
    ours = (
        invoice.kind == InvoiceKind.RETAIL and invoice.cloud_id == locked.cloud_id
        if locked.cloud_id is not None
        else invoice.kind == InvoiceKind.WHOLESALE
    )
    if not ours or invoice.status not in (InvoiceStatus.ISSUED, InvoiceStatus.PAID):
        raise validation(
            "invoice",
            _("Not an issued invoice of this cloud.")
            if locked.cloud_id is not None
            else _("Not an issued wholesale invoice."),
        )
    if locked.currency and locked.currency != invoice.currency:
        raise validation("invoice", _("The line and the invoice are in different currencies."))
    s, _created = BankSuggestion.objects.get_or_create(
        line=locked,
        invoice=invoice,
        defaults={"cloud": locked.cloud, "reason": "manual", "rank": 99},
    )
    if s.status != SuggestionStatus.OPEN:
        s.status = SuggestionStatus.OPEN
        s.save(update_fields=["status"])
    if locked.status != BankLineStatus.SUGGESTED:
        locked.status = BankLineStatus.SUGGESTED
        locked.save(update_fields=["status"])
    return bank_suggestion_confirm(actor=actor, suggestion=s, now=now)
