"""Ledger accounts by what they are: "Receivable - Transportes Martinez",
"Commission payable - Agent Ana Ruiz", "Cash", instead of their codes
(``receivable:account:111``, ``commission:payable:agent:11``).

Codes stay what the ledger stores and the API returns; every page, PDF, e-mail
and export shows the name (issue #14, point 4).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import ledger as L

FIXED: dict[str, Promise] = {
    L.CASH: _("Cash"),
    L.REVENUE_RETAIL: _("Retail revenue"),
    L.TAX_RETAIL: _("Retail tax collected"),
    L.PAYABLE_PROVIDER: _("Payable to the provider"),
    L.PREPAID_PROVIDER: _("Prepaid to the provider"),
    L.COST_WHOLESALE: _("Wholesale cost"),
    L.TAX_WHOLESALE: _("Wholesale input tax"),
    L.COMMISSION_EXPENSE: _("Commission expense"),
    L.COMMISSION_PAYABLE: _("Commission payable"),
}

_PER_ACCOUNT = re.compile(r"^(receivable|credit):account:(\d+)$")
_PER_AGENT = re.compile(r"^commission:payable:agent:(\d+)$")


def _names(model: str, ids: set[int], cloud_id: int | None) -> dict[int, str]:
    if not ids:
        return {}
    rows = apps.get_model(model).objects.filter(pk__in=ids)
    if cloud_id is not None:
        rows = rows.filter(cloud_id=cloud_id)  # never another cloud's names
    return {pk: name for pk, name in rows.values_list("pk", "name")}


def ledger_account_names(codes: Iterable[str], *, cloud_id: int | None) -> dict[str, str]:
    """``{code: name}`` for ledger account codes of one cloud, in the active language,
    with two queries at most (the accounts' and the agents' names)."""
    codes = list(dict.fromkeys(codes))
    account_ids = {int(m.group(2)) for c in codes if (m := _PER_ACCOUNT.match(c))}
    agent_ids = {int(m.group(1)) for c in codes if (m := _PER_AGENT.match(c))}
    accounts = _names("clouds.Account", account_ids, cloud_id)
    agents = _names("referrals.Agent", agent_ids, cloud_id)
    out: dict[str, str] = {}
    for code in codes:
        if code in FIXED:
            out[code] = str(FIXED[code])
        elif m := _PER_ACCOUNT.match(code):
            who = accounts.get(int(m.group(2)), gettext("account #%(id)s") % {"id": m.group(2)})
            if m.group(1) == "receivable":
                out[code] = gettext("Receivable - %(account)s") % {"account": who}
            else:
                out[code] = gettext("Unapplied credit - %(account)s") % {"account": who}
        elif m := _PER_AGENT.match(code):
            who = agents.get(int(m.group(1)), gettext("agent #%(id)s") % {"id": m.group(1)})
            out[code] = gettext("Commission payable - Agent %(agent)s") % {"agent": who}
        else:
            out[code] = code  # a code this list does not know yet reads as itself
    return out


def ledger_account_name(code: str, *, cloud_id: int | None) -> str:
    """One ledger account's name (see :func:`ledger_account_names`)."""
    return ledger_account_names([code], cloud_id=cloud_id)[code]
