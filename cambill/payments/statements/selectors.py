"""Reads of bank reconciliation, scoped to the actor: the cloud's staff who see
its payments (``payment.view``); another cloud's import, line or suggestion is
"not found", as one that does not exist.

``cloud=None`` reads the provider's own statements (wholesale: provider admin
and accountant, ``payment.manage_wholesale``); a cloud's statements are never
among them, nor the provider's among a cloud's."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from cambill.clouds.models import Cloud
from cambill.core.access import Actor
from cambill.core.errors import NotFound
from cambill.core.permissions import require

from ..models import BankImport, BankLine, BankLineStatus, BankSuggestion, SuggestionStatus

QUEUE = (BankLineStatus.SUGGESTED, BankLineStatus.UNMATCHED)


def _book(actor: Actor, cloud: Cloud | None) -> dict[str, Any]:
    """Check the actor may read the book, and the filter that keeps to it."""
    if cloud is None:
        require(actor, "payment.manage_wholesale")
        return {"cloud__isnull": True}
    require(actor, "payment.view", cloud)
    return {"cloud": cloud}


def bank_import_list(*, actor: Actor, cloud: Cloud | None) -> QuerySet[BankImport]:
    return BankImport.objects.filter(**_book(actor, cloud)).order_by("-imported_at", "-id")


def bank_import_get(*, actor: Actor, cloud: Cloud | None, pk: int) -> BankImport:
    imp = bank_import_list(actor=actor, cloud=cloud).filter(pk=pk).first()
    if imp is None:
        raise NotFound("bank import")
    return imp


def bank_line_list(
    *,
    actor: Actor,
    cloud: Cloud | None,
    status: str | None = None,
    bank_import: int | None = None,
    queue: bool = False,
) -> QuerySet[BankLine]:
    """The cloud's statement lines, newest first, with their suggestions (best
    first). ``queue``: only the lines waiting for a person (suggested, unmatched)."""
    qs = BankLine.objects.filter(**_book(actor, cloud))
    if queue:
        qs = qs.filter(status__in=QUEUE)
    if status:
        qs = qs.filter(status=status)
    if bank_import is not None:
        qs = qs.filter(bank_import_id=bank_import)
    return (
        qs.select_related("invoice", "invoice__cloud", "account", "bank_import", "payment__cloud")
        .prefetch_related(
            Prefetch(
                "suggestions",
                queryset=BankSuggestion.objects.select_related(
                    "invoice__account", "invoice__cloud"
                ).order_by("rank", "id"),
            )
        )
        .order_by("-date", "-id")
    )


def bank_line_get(*, actor: Actor, cloud: Cloud | None, pk: int) -> BankLine:
    line = bank_line_list(actor=actor, cloud=cloud).filter(pk=pk).first()
    if line is None:
        raise NotFound("bank line")
    return line


def bank_suggestion_get(*, actor: Actor, cloud: Cloud | None, pk: int) -> BankSuggestion:
    s = (
        BankSuggestion.objects.filter(**_book(actor, cloud), pk=pk)
        .select_related("cloud", "invoice", "line")
        .first()
    )
    if s is None:
        raise NotFound("suggestion")
    return s


def open_suggestions(line: BankLine) -> list[BankSuggestion]:
    return [s for s in line.suggestions.all() if s.status == SuggestionStatus.OPEN]


def bank_import_none() -> QuerySet[BankImport]:
    """No imports: the schema generator's stand-in (it has no actor)."""
    return BankImport.objects.none()
