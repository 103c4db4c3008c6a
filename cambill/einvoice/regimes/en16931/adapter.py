"""What the two EN 16931 adapters share: prepare, build, validate, refuse."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ...protocol import AuthorityReply, Built, EInvoiceError, ValidationIssue
from ...value import EInvoice
from .document import Doc, money, prepare


def checked(value: EInvoice) -> Doc:
    doc = prepare(value)
    if doc.issues:
        raise EInvoiceError("EN16931-DATA", list(doc.issues))
    return doc


def built(
    value: EInvoice,
    write: Callable[[Doc], bytes],
    validate: Callable[[bytes], list[ValidationIssue]],
    *,
    syntax: str,
) -> Built:
    """The document written and run through the official rules: any fatal failure
    raises ``EInvoiceError("EN16931-RULES")`` naming every failed rule id."""
    doc = checked(value)
    xml = write(doc)
    problems = validate(xml)
    if problems:
        raise EInvoiceError("EN16931-RULES", problems)
    return Built(
        xml=xml,
        unique_code="",
        qr="",
        extras={
            "syntax": syntax,
            "vat_category": doc.category,
            "vat_exemption_reason": doc.exemption_reason,
            "payable": money(doc.payable),
            "buyer_reference": doc.buyer_reference,
            "order_reference": doc.order_reference,
        },
    )


def accepted(built_doc: Built, reply: AuthorityReply) -> Built:
    """The document never changes; the delivery's id and verdict join its extras."""
    if reply.status != "accepted":
        return built_doc
    return replace(
        built_doc,
        unique_code=reply.unique_code or built_doc.unique_code,
        extras={**built_doc.extras, "delivery": reply.message},
    )


def annulment(value: EInvoice, *, number: str, issued_at: object, reason: str) -> EInvoice:
    """A void in EN 16931 terms: a credit note (381) of the whole invoice."""
    return replace(
        value,
        kind="credit_note",
        number=number,
        issued_at=issued_at,  # type: ignore[arg-type]
        preceding_number=value.number,
        preceding_issued_at=value.issued_at,
        reason=reason or "Void",
        paid=value.paid - value.paid,
        due=value.total,
        due_date=None,
        note="",
    )
