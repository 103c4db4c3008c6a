"""Filters of the wholesale invoice list of a cloud: those of the invoice list,
but over rows that carry their own ``open_amount`` and ``due``
(:func:`cambill.payments.wholesale.wholesale_invoice_rows`), with no kind or
account (a wholesale invoice has none)."""

from __future__ import annotations

from typing import Any

import django_filters as df
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cambill.core import clock
from cambill.web.invoicing.filters import InvoiceFilter


def _open(qs: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
    if value is None:
        return qs
    return qs.filter(open_amount__gt=0) if value else qs.exclude(open_amount__gt=0)


def _overdue(qs: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
    if value is None:
        return qs
    late = Q(open_amount__gt=0, due__lt=clock.now())
    return qs.filter(late) if value else qs.exclude(late)


def _yes_no(label: Any, method: Any) -> df.BooleanFilter:
    return df.BooleanFilter(
        label=label,
        method=method,
        widget=forms.Select(choices=[("", _("Any")), ("true", _("yes")), ("false", _("no"))]),
    )


class WholesaleInvoiceFilter(InvoiceFilter):
    """ "Open": issued with something left to pay; "overdue": open and past due."""

    open = _yes_no(_("Open amount"), _open)
    overdue = _yes_no(_("Overdue"), _overdue)

    def setup(self) -> None:
        for name in ("kind", "account"):
            self.filters.pop(name, None)
