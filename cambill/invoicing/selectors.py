"""Reads of invoices, credit notes and bill runs, narrowed to the actor.

Who sees what: provider admin and accountant every invoice of every cloud; a
provider manager those of its clouds; a cloud admin and cloud accountant their
cloud's retail invoices and the wholesale invoices addressed to their cloud;
an account manager the retail invoices of its accounts; a subscriber its own
account's issued invoices (a draft is not yet a document). Anything outside is
"not found", exactly like a missing invoice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext

from cambill.accounts.roles import Role
from cambill.core.access import Actor
from cambill.core.errors import NotFound, validation
from cambill.core.periods import Period
from cambill.core.permissions import require

from .models import BillRun, CreditNote, Invoice, InvoiceKind, InvoiceLine, InvoiceStatus, LineKind


def billed_until(cloud: Any) -> datetime | None:
    """End of the history the cloud's issued invoices were built from: tariff
    history before it is frozen, because invoices built from it never change.

    That is the end of the latest period with issued invoices, or its start
    when every one of them bills it in advance (no ``tariff`` or ``metered``
    line of the period itself): the period's own history is still open then,
    and its true-up, on the next invoice, will bill it as it turns out.
    """
    issued = Invoice.objects.filter(cloud=cloud).exclude(status=InvoiceStatus.DRAFT)
    last = (
        issued.order_by("-period_end").values_list("period", "period_start", "period_end").first()
    )
    if last is None:
        return None
    key, start, end = last
    first_day = Period.parse(key, cloud.timezone).first_day
    own_lines = InvoiceLine.objects.filter(
        invoice=OuterRef("pk"), kind__in=[LineKind.TARIFF, LineKind.METERED]
    ).filter(Q(date_from__gte=first_day) | Q(date_from__isnull=True))
    in_arrears = issued.filter(period=key).filter(Q(kind=InvoiceKind.WHOLESALE) | Exists(own_lines))
    return end if in_arrears.exists() else start


def _check_cloud(actor: Actor, cloud: Any) -> None:
    from cambill.clouds.selectors import clouds_in_scope

    if not clouds_in_scope(actor).filter(pk=cloud.pk).exists():
        raise NotFound("cloud")


def invoices_in_scope(actor: Actor, cloud: Any) -> QuerySet[Invoice]:
    """The cloud's invoices the actor may see (the cloud itself is checked too)."""
    require(actor, "invoice.view")
    _check_cloud(actor, cloud)
    qs = Invoice.objects.filter(cloud=cloud)
    if actor.is_provider or actor.role in (Role.CLOUD_ADMIN, Role.CLOUD_ACCOUNTANT):
        return qs
    if actor.role == Role.ACCOUNT_MANAGER:
        return qs.filter(kind=InvoiceKind.RETAIL, account__account_manager_id=actor.user.pk)
    if actor.role == Role.SUBSCRIBER and actor.account_id is not None:
        return qs.filter(kind=InvoiceKind.RETAIL, account_id=actor.account_id).exclude(
            status=InvoiceStatus.DRAFT
        )
    return qs.none()


def invoice_list(
    *,
    actor: Actor,
    cloud: Any,
    period: str | None = None,
    kind: str | None = None,
    account: str | None = None,
    status: str | None = None,
) -> QuerySet[Invoice]:
    qs = invoices_in_scope(actor, cloud)
    if period:
        qs = qs.filter(period=period)
    if kind:
        if kind not in InvoiceKind.values:
            raise validation("kind", gettext("Use 'wholesale' or 'retail'."))
        qs = qs.filter(kind=kind)
    if account:
        qs = qs.filter(account__code=account)
    if status:
        if status not in InvoiceStatus.values:
            raise validation(
                "status",
                gettext("Use one of %(value)s.") % {"value": ", ".join(InvoiceStatus.values)},
            )
        qs = qs.filter(status=status)
    return qs.select_related("account", "cloud").order_by("-period", "kind", "account__code", "id")


def invoice_get(*, actor: Actor, cloud: Any, pk: Any) -> Invoice:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound("invoice") from None
    inv = invoices_in_scope(actor, cloud).select_related("account", "cloud").filter(pk=pk).first()
    if inv is None:
        raise NotFound("invoice")
    return inv


def invoice_lines(invoice: Invoice) -> list[Any]:
    return list(invoice.lines.order_by("position"))


def credit_notes_of(invoice: Invoice) -> QuerySet[CreditNote]:
    return invoice.credit_notes.prefetch_related("lines__invoice_line").order_by("issued_at", "id")


def bill_runs_in_scope(actor: Actor, cloud: Any) -> QuerySet[BillRun]:
    _check_cloud(actor, cloud)
    require(actor, "billrun.view", cloud)
    return BillRun.objects.filter(cloud=cloud)


def bill_run_list(*, actor: Actor, cloud: Any) -> QuerySet[BillRun]:
    return bill_runs_in_scope(actor, cloud).order_by("-period")


def bill_run_get(*, actor: Actor, cloud: Any, pk: Any) -> BillRun:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound("bill run") from None
    run = bill_runs_in_scope(actor, cloud).filter(pk=pk).first()
    if run is None:
        raise NotFound("bill run")
    return run


def provider_invoice_list(*, actor: Actor) -> QuerySet[Invoice]:
    """Invoices of every cloud in the provider actor's scope (``invoices_in_scope``
    gives provider staff all of a cloud's invoices), newest period first."""
    from cambill.clouds.selectors import provider_clouds

    clouds = provider_clouds(actor, "invoice.view")
    return (
        Invoice.objects.filter(cloud__in=clouds)
        .select_related("account", "cloud")
        .order_by("-period", "cloud__slug", "kind", "account__code", "id")
    )


def latest_bill_runs(*, clouds: list[Any]) -> dict[int, BillRun]:
    """The latest bill run per cloud id (the caller already holds the clouds)."""
    latest: dict[int, BillRun] = {}
    for run in BillRun.objects.filter(cloud__in=clouds).order_by("cloud_id", "-period"):
        latest.setdefault(run.cloud_id, run)
    return latest


def cloud_invoice_by_number(*, cloud: Any, number: str) -> Invoice | None:
    """The cloud's invoice with ``number``, or ``None``: for a payment the caller
    records in a cloud it already holds (in scope)."""
    return Invoice.objects.filter(cloud=cloud, number=number).first()


def bill_run_none() -> QuerySet[BillRun]:
    """No bill runs: the schema generator's stand-in for ``bill_run_list`` (it has no actor)."""
    return BillRun.objects.none()


def invoice_none() -> QuerySet[Invoice]:
    """No invoices: the schema generator's stand-in for ``invoice_list`` (it has no actor)."""
    return Invoice.objects.none()


def field_max_length(model: str, field: str) -> int:
    """The ``max_length`` of a text field of one of this domain's models
    (``field_max_length("Invoice", ...)``), for serializers
    that do not bind the model: the layers above never import ``models``."""
    from cambill.core.validation import model_max_length

    from . import models as domain_models

    return model_max_length(getattr(domain_models, model), field)
