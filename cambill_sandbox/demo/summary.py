"""What the demo made: counts per cloud and the table of logins."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, Q

from .plan import PASSWORD, Plan


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(), line]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return out


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def cloud_counts(plan: Plan, now: datetime) -> list[str]:
    from cambill.clouds.models import Account, Camera, CameraTariffPeriod, Cloud
    from cambill.invoicing.models import Invoice
    from cambill.referrals.models import Agent

    rows = []
    for c in (Cloud.objects.get(slug=spec.slug) for spec in plan.clouds):
        acc = Account.objects.filter(cloud=c).aggregate(
            total=Count("pk"),
            trial=Count("pk", filter=Q(trial_until__gt=now)),
            suspended=Count("pk", filter=Q(status="suspended")),
        )
        cam = Camera.objects.filter(cloud=c).aggregate(
            total=Count("pk"),
            active=Count("pk", filter=Q(status="active")),
            gone=Count("pk", filter=~Q(status="active")),
        )
        periods = CameraTariffPeriod.objects.filter(cloud=c).count()
        inv = Invoice.objects.filter(cloud=c).aggregate(
            issued=Count("pk", filter=~Q(status="draft")),
            draft=Count("pk", filter=Q(status="draft")),
        )
        rows.append(
            [
                c.slug,
                c.name,
                f"{c.currency} {c.timezone}",
                str(acc["total"]),
                str(acc["trial"]),
                str(acc["suspended"]),
                str(cam["total"]),
                str(cam["active"]),
                str(cam["gone"]),
                str(periods),
                str(Agent.objects.filter(cloud=c).count()),
                str(inv["issued"]),
                str(inv["draft"]),
            ]
        )
    headers = [
        "cloud",
        "name",
        "currency/zone",
        "accounts",
        "trial",
        "suspended",
        "cameras",
        "active",
        "removed",
        "periods",
        "agents",
        "issued inv.",
        "draft inv.",
    ]
    return _table(headers, rows)


def login_rows(plan: Plan) -> list[list[str]]:
    """(username, role, cloud, language, what they see) for every demo login."""
    from cambill.accounts.models import User
    from cambill.clouds.models import Account, Camera, Cloud
    from cambill.referrals.models import Agent
    from cambill.referrals.selectors import downline_ids

    n_clouds = len(plan.clouds)
    rows: list[list[str]] = []
    users = {
        u.username: u
        for u in User.objects.select_related("membership__cloud", "membership__account")
    }
    for spec in plan.provider_users:
        u = users[spec.username]
        if u.role == "provider_admin":
            what = f"everything: catalogue, {_n(n_clouds, 'cloud')}, staff, audit log"
        elif u.role == "provider_accountant":
            what = f"invoices, bill runs and reports of {_n(n_clouds, 'cloud')}"
        else:
            slugs = list(
                Cloud.objects.filter(manager=u).order_by("pk").values_list("slug", flat=True)
            )
            what = f"the clouds it is responsible for: {', '.join(slugs) or 'none'}"
        rows.append([u.username, u.role, "-", u.language, what])
    for c in plan.clouds:
        cloud = Cloud.objects.get(slug=c.slug)
        n_acc = Account.objects.filter(cloud=cloud).count()
        n_cam = Camera.objects.filter(cloud=cloud).count()
        specs = list(c.staff)
        specs += [a.user for a in plan.agents if a.cloud == c.slug and a.user is not None]
        subs = [
            a.subscriber for a in plan.accounts if a.cloud == c.slug and a.subscriber is not None
        ]
        specs += sorted(subs, key=lambda s: int(s.username.rsplit("sub", 1)[1]))
        for spec in specs:
            u = users[spec.username]
            if u.role == "cloud_admin":
                what = f"all of {c.name}: {_n(n_acc, 'account')}, {_n(n_cam, 'camera')}, tariffs, agents, users"
            elif u.role == "account_manager":
                mine = Account.objects.filter(cloud=cloud, account_manager=u)
                cams = Camera.objects.filter(account__in=mine).count()
                what = f"{_n(mine.count(), 'account')} assigned to it ({_n(cams, 'camera')})"
            elif u.role == "cloud_accountant":
                what = f"invoices and bill runs of {c.name}, all {n_acc} accounts read-only"
            elif u.role == "agent":
                agent = Agent.objects.get(user=u)
                brought = Account.objects.filter(referral_agent=agent).count()
                down = sorted(
                    Agent.objects.filter(
                        pk__in=downline_ids(agent.pk, cloud.pk) - {agent.pk}
                    ).values_list("code", flat=True)
                )
                what = f"agent {agent.code}: {_n(brought, 'account')} it brought; downline: {', '.join(down) or 'none'}"
            else:
                acc = u.membership.account
                assert acc is not None
                cams = Camera.objects.filter(account=acc).count()
                what = f"account {acc.code} ({acc.name}): {_n(cams, 'camera')} and its invoices"
            rows.append([u.username, u.role, c.slug, u.language, what])
    return rows


def money_lines() -> list[str]:
    """What the demo's months collected, chased, mailed and paid out."""
    from cambill.notifications.models import Message
    from cambill.payments.models import BankImport, BankLine, DunningEvent, Payment
    from cambill.referrals.models import Payout

    pay = Payment.objects.aggregate(
        card=Count("pk", filter=Q(kind="retail", method="card")),
        bank=Count("pk", filter=Q(kind="retail", method="bank_transfer")),
        wholesale=Count("pk", filter=Q(kind="wholesale")),
    )
    lines = BankLine.objects.aggregate(
        matched=Count("pk", filter=Q(status="matched")),
        suggested=Count("pk", filter=Q(status="suggested")),
        unmatched=Count("pk", filter=Q(status="unmatched")),
    )
    mail = Message.objects.aggregate(
        sent=Count("pk", filter=Q(status="sent")), queued=Count("pk", filter=Q(status="queued"))
    )
    dun = DunningEvent.objects.aggregate(
        reminded=Count("account", filter=Q(kind="reminder"), distinct=True),
        suspended=Count("pk", filter=Q(kind="suspended")),
        resumed=Count("pk", filter=Q(kind="resumed")),
    )
    return [
        f"Payments: {pay['card']} by card (autopay through the Stripe adapter), {pay['bank']} by "
        f"bank transfer, {pay['wholesale']} wholesale; {BankImport.objects.count()} camt.053 "
        f"statements imported ({lines['matched']} lines matched, {lines['suggested']} waiting "
        f"for a suggestion to be confirmed, {lines['unmatched']} unmatched).",
        f"Dunning: {_n(dun['reminded'], 'account')} reminded, {dun['suspended']} suspended, "
        f"{dun['resumed']} resumed once paid; {Payout.objects.count()} agents' statements paid.",
        f"E-mail outbox: {mail['sent']} sent during the demo's months, {mail['queued']} queued "
        "today (`cambill demo-serve` delivers them to its SMTP sink).",
    ]


def summary_lines(
    plan: Plan, elapsed: float, fast: bool, bills: dict[str, Any] | None
) -> list[str]:
    from cambill.core.models import AuditEntry

    out = [
        f"Demo data: seed {plan.seed}, now {plan.now.isoformat()}, {_n(plan.months, 'month')} of history"
        f"{' (fast bulk path: no per-row audit entries for cameras and accounts)' if fast else ''}, "
        f"built in {elapsed:.1f} s.",
        "",
        *cloud_counts(plan, plan.now),
        "",
        f"Audit entries: {AuditEntry.objects.count()}",
    ]
    if bills is not None:
        out.append(
            f"Bill runs: {bills['runs']} completed, {bills['issued']} invoices issued in bulk, "
            f"{bills['drafts']} left in draft, {bills['failed']} problems."
        )
        out += money_lines()
        from .einvoice import summary_line as einvoice_line

        einvoice = einvoice_line()
        if einvoice:
            out.append(einvoice)
    out += ["", f"Logins (password for every one of them: {PASSWORD})", ""]
    out += _table(["username", "role", "cloud", "language", "what they see"], login_rows(plan))
    from .watcher import summary_lines as watcher_lines

    watcher = watcher_lines()
    if watcher:
        out += ["", *watcher]
    return out
