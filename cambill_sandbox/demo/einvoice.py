"""Legal e-invoices in the demo (issue #19, point 6).

The Mexican operator (``azteca``, MXN) signs with SAT's test CSD through the sandbox
PAC, the Colombian one (``caribe``, COP) as the sandbox DIAN's demo issuer; both are set
up as issuers when they join (``apply.py``), and the provider e-invoices the Mexican
cloud's wholesale invoices with the same test CSD. Here:

* every subscriber of the two clouds is a receiver: one in three with its RFC or NIT
  (SAT's and DIAN's test taxpayers), the others as "público en general" in Mexico and
  with a cédula in Colombia (``receivers_set_up``, with the data);
* a week after each cloud's first month is issued (``schedule``, on the history's
  timeline): in ``azteca`` a subscriber pays part of its invoice by transfer (a CFDI
  type P, partial 1; its transfer of the rest brings partial 2), and the accountant
  credits a line of another invoice (type E) just after the admin mistyped the cloud's
  RFC: SAT's PAC rejects the note (303, the seal is not the issuer's), the admin puts
  the RFC back and retries it, and it is accepted; in ``caribe`` the accountant credits
  a line (DIAN's CreditNote with its CUDE).

The Spanish operator (``iberia``, EUR, issue #20) keeps a Verifactu chain: its CIF's
records go to the sandbox AEAT with a self-signed certificate; its subscribers have NIFs
(one in four a consumer without one: a simplified invoice, F2), and like the Belgian and
French clouds it credits a line and voids an invoice (R1 corrective, RegistroAnulacion).

Everything goes through the product's verbs; the bill runs' documents are built at
issue and accepted by the sandboxes after each commit, in the history's time.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal
from typing import Any

from cambill.core.access import SYSTEM

COUNTRY = {"azteca": "MX", "caribe": "CO", "brabant": "BE", "lumiere": "FR", "iberia": "ES"}
# SAT's and DIAN's test taxpayers (valid check digits), handed out in turn.
MX_RFCS = ("URE180429TM6", "XIA190128J61", "IIA040805DZ4", "KIJ0906199R1")
CO_NITS = ("8001972684", "9003730764", "8600029644", "8909039388")
WRONG_RFC = "URE180429TM6"  # a real RFC, not the one of the cloud's certificate
PARTIAL_SHARE = Decimal("0.4")


def receivers_set_up(builder: Any, plan: Any) -> int:
    """The two clouds' subscribers as receivers; how many were set."""
    from cambill_sandbox.einvoice.legal_demo import setup_receiver

    builder._flush_accounts()
    seen: dict[str, int] = defaultdict(int)
    for a in plan.accounts:
        country = COUNTRY.get(a.cloud)
        if country is None:
            continue
        i = seen[a.cloud]
        seen[a.cloud] += 1
        if country in ("BE", "FR", "ES"):
            # every subscriber of the European clouds is a public or business buyer
            setup_receiver(builder.accounts[(a.cloud, a.code)], country=country, index=i)
            continue
        ids = MX_RFCS if country == "MX" else CO_NITS
        tax_id = ids[(i // 3) % len(ids)] if i % 3 == 0 else ""
        setup_receiver(builder.accounts[(a.cloud, a.code)], country=country, tax_id=tax_id)
    return sum(seen.values())


def _actor(username: str) -> Any:
    from cambill.accounts.models import User
    from cambill.core.access import actor_for

    user = User.objects.filter(username=username).first()
    return actor_for(user) if user is not None else SYSTEM


def schedule(
    plan: Any, builder: Any, timeline: Any, collections: Any, counts: dict[str, Any]
) -> None:
    """Put each e-invoicing cloud's partial payment and credit note on the timeline."""
    for c in plan.clouds:
        if c.slug not in COUNTRY or not c.closed_periods:
            continue
        first_end = c.closed_periods[0].end
        at = min(first_end + timedelta(days=9, hours=9), plan.now - timedelta(hours=4))
        slug = c.slug
        if COUNTRY[slug] == "MX":
            timeline.at(at, lambda when, s=slug: _partial(s, when, builder, collections))
            timeline.at(
                at + timedelta(hours=1),
                lambda when, s=slug: _credit_rejected(s, when, builder, timeline, counts),
            )
        elif COUNTRY[slug] in ("BE", "FR", "ES"):
            # EN 16931 (issue #20): a credit note, then a void (a credit note of it all)
            timeline.at(at, lambda when, s=slug: _credit(s, when, builder, counts))
            # the void: an unpaid invoice of the latest month, an hour before "now"
            timeline.at(
                plan.now - timedelta(hours=1),
                lambda when, s=slug: _void(s, when, builder, counts),
            )
        else:
            timeline.at(at, lambda when, s=slug: _credit(s, when, builder, counts))


def _accepted(cloud: Any, **filters: Any) -> Any:
    """The cloud's retail invoices whose legal document is accepted, largest first."""
    from cambill.einvoice.models import EInvoiceDocument
    from cambill.invoicing.models import Invoice

    ids = EInvoiceDocument.objects.filter(
        cloud=cloud, document="invoice", status="accepted", level="retail"
    ).values_list("invoice_id", flat=True)
    return (
        Invoice.objects.filter(pk__in=list(ids), kind="retail")
        .filter(**filters)
        .select_related("account", "cloud")
        .order_by("-total", "pk")
    )


def _partial(slug: str, at: Any, builder: Any, collections: Any) -> None:
    """A subscriber whose transfer is on its way pays part of it first: the transfer
    that follows brings the rest."""
    from cambill.payments.models import PaymentMethod
    from cambill.payments.services import payment_record

    cloud = builder.clouds[slug]
    waiting = {
        pk: (key, i)
        for key, items in collections.pending.items()
        if key[0] == slug and key[1] > at
        for i, (_t, pk) in enumerate(items)
        if pk is not None
    }
    for inv in _accepted(cloud, status="issued", pk__in=list(waiting)):
        key, i = waiting[inv.pk]
        transfer, _pk = collections.pending[key][i]
        part = (transfer.amount * PARTIAL_SHARE).quantize(Decimal("0.01"))
        if part <= 0 or part >= transfer.amount:
            continue
        payment_record(
            actor=_actor(f"{slug}-acct"),
            cloud=cloud,
            account=inv.account,
            amount=part,
            received_at=at - timedelta(hours=2),
            method=PaymentMethod.BANK_TRANSFER,
            reference=f"{inv.number} 1/2",
            invoices=[inv],
            now=at,
        )
        collections.pending[key][i] = (
            dataclasses.replace(transfer, amount=transfer.amount - part),
            inv.pk,
        )
        return


def _credit_one(slug: str, at: Any, builder: Any, reason: str) -> Any:
    """The cloud's accountant credits the first line of its largest paid invoice."""
    from cambill.invoicing.services import credit_note_create

    cloud = builder.clouds[slug]
    inv = _accepted(cloud, status="paid").first() or _accepted(cloud, status="issued").first()
    if inv is None:
        return None
    line = inv.lines.exclude(kind="discount").order_by("position").first()
    if line is None:
        return None
    return credit_note_create(
        actor=_actor(f"{slug}-acct"),
        invoice=inv,
        reason=reason,
        lines=[{"line": line.position}],
        now=at,
    )


def _credit(slug: str, at: Any, builder: Any, counts: dict[str, Any]) -> None:
    if _credit_one(slug, at, builder, "Camera offline for a week") is not None:
        counts["einvoice_credit_notes"] = counts.get("einvoice_credit_notes", 0) + 1


def _void(slug: str, at: Any, builder: Any, counts: dict[str, Any]) -> None:
    """The cloud's accountant voids an unpaid invoice issued to the wrong department."""
    from cambill.invoicing.services import invoice_void

    cloud = builder.clouds[slug]
    inv = (
        _accepted(cloud, status="issued", credit_notes__isnull=True)
        .order_by("-issued_at", "pk")
        .first()
    )
    if inv is None:
        return
    invoice_void(actor=_actor(f"{slug}-acct"), invoice=inv, reason="Wrong department", now=at)
    counts["einvoice_voids"] = counts.get("einvoice_voids", 0) + 1


def _credit_rejected(
    slug: str, at: Any, builder: Any, timeline: Any, counts: dict[str, Any]
) -> None:
    """The admin mistypes the cloud's RFC; the note made meanwhile is rejected by the
    PAC (303); two hours later the RFC is put back and the note retried."""
    from cambill.einvoice.models import EInvoiceDocument
    from cambill.einvoice.services import cloud_legal_update

    admin = _actor(f"{slug}-admin")
    cloud = builder.clouds[slug]
    right = cloud.tax_id
    builder.clouds[slug] = cloud_legal_update(actor=admin, cloud=cloud, tax_id=WRONG_RFC)
    note = _credit_one(slug, at, builder, "Camera offline for a week")
    if note is None:
        return
    counts["einvoice_credit_notes"] = counts.get("einvoice_credit_notes", 0) + 1
    doc_pk = EInvoiceDocument.objects.filter(credit_note=note).values_list("pk", flat=True).first()

    def fix(when: Any) -> None:
        from cambill.einvoice.issuing import document_retry

        builder.clouds[slug] = cloud_legal_update(
            actor=admin, cloud=builder.clouds[slug], tax_id=right
        )
        if doc_pk is None:
            return
        doc = EInvoiceDocument.objects.get(pk=doc_pk)
        if doc.status == "rejected":
            document_retry(actor=admin, document=doc, now=when)
            counts["einvoice_retried"] = counts.get("einvoice_retried", 0) + 1

    timeline.at(at + timedelta(hours=2), fix)


def summary_line() -> str | None:
    """The demo's legal documents by cloud and kind, for ``demo-data``'s summary."""
    from django.db.models import Count

    from cambill.einvoice.models import EInvoiceDocument

    rows = (
        EInvoiceDocument.objects.values("cloud__slug", "level", "document", "status")
        .annotate(n=Count("pk"))
        .order_by("cloud__slug", "level", "document", "status")
    )
    if not rows:
        return None
    parts = [
        f"{r['cloud__slug']} {r['level']} {r['document'].replace('_', ' ')} {r['status']} {r['n']}"
        for r in rows
    ]
    retried = EInvoiceDocument.objects.filter(attempts__gt=1).count()
    return f"E-invoices (sandbox PAC, DIAN, Peppol access point and AEAT; Factur-X): {', '.join(parts)}; {retried} sent more than once."
