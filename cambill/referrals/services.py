"""Writes on referral agents."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from cambill.clouds.scope import require_cloud_write
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.audit import audit, snapshot
from cambill.core.errors import DomainError, ErrorCode, validation
from cambill.core.permissions import require
from cambill.core.validation import (
    check_code,
    check_percent,
    check_text,
    duplicate,
    validate_model,
)

# The commission hooks are re-exported here for the invoicing verbs.
from .commission import (
    commission_on_credit_note,
    commission_on_invoice,
    commission_on_void,
    ledger_catch_up,
    recompute_period,
)
from .models import (
    Agent,
    CommissionBase,
    CommissionEntry,
    Payout,
    ReferralProgramme,
    new_referral_code,
)
from .signup import referral_signup


def _resolve_parent(cloud: Any, parent: Any) -> Agent | None:
    if parent is None or parent == "":
        return None
    found = (
        parent
        if isinstance(parent, Agent)
        else Agent.objects.filter(cloud=cloud, code=str(parent)).first()
    )
    if found is None or found.cloud_id != cloud.pk:
        raise validation(
            "parent", gettext("'%(parent)s' is not an agent of this cloud.") % {"parent": parent}
        )
    return found


def _check_no_cycle(agent: Agent, parent: Agent | None) -> None:
    seen = set()
    node = parent
    while node is not None:
        if node.pk == agent.pk:
            raise DomainError(
                ErrorCode.CYCLE,
                gettext("That parent would make a cycle in the agent tree."),
                {"parent": [gettext("Cycle.")]},
            )
        if node.pk in seen:
            break
        seen.add(node.pk)
        node = node.parent


def _clean(cloud: Any, data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "name":
            out[key] = check_text(value, key)
        elif key == "email":
            out[key] = check_text(value, key, required=False)
        elif key == "rate_percent":
            out[key] = None if value in (None, "") else check_percent(value, key)
        elif key == "parent":
            out[key] = _resolve_parent(cloud, value)
        elif key == "active":
            out[key] = bool(value)
        elif key == "user":
            out[key] = value
        else:
            raise validation(key, gettext("'%(key)s' cannot be set here.") % {"key": key})
    return out


@transaction.atomic
def agent_create(*, actor: Actor, cloud: Any, code: str, name: str, **fields: Any) -> Agent:
    require_cloud_write(actor, cloud, "agent.manage")
    code = check_code(code, max_length=None)
    data = _clean(cloud, {"name": name, **fields})
    agent = Agent(cloud=cloud, code=code, created_at=clock.now(), **data)
    validate_model(agent, fields=["code", *data])
    if Agent.objects.filter(cloud=cloud, code=code).exists():
        raise duplicate("code", "agent", code)
    try:
        with transaction.atomic():
            agent.save(force_insert=True)
    except IntegrityError:
        raise duplicate("code", "agent", code) from None
    audit(actor=actor, verb="agent_create", obj=agent, after=snapshot(agent), now=agent.created_at)
    return agent


@transaction.atomic
def agent_update(*, actor: Actor, agent: Agent, **fields: Any) -> Agent:
    require_cloud_write(actor, agent.cloud, "agent.manage")
    agent = Agent.objects.select_for_update().get(pk=agent.pk)
    data = _clean(agent.cloud, fields)
    if "parent" in data:
        _check_no_cycle(agent, data["parent"])
    before = snapshot(agent)
    for k, v in data.items():
        setattr(agent, k, v)
    validate_model(agent, fields=data)
    agent.save()
    audit(actor=actor, verb="agent_update", obj=agent, before=before, after=snapshot(agent))
    return agent


# --- programme, deactivation, attribution ----------------------------------------


__all__ = [
    "account_change_agent",
    "agent_create",
    "agent_deactivate",
    "agent_referral_code_rotate",
    "agent_update",
    "commission_on_credit_note",
    "commission_on_invoice",
    "commission_on_void",
    "commission_recompute",
    "payout_record",
    "referral_programme_set",
    "referral_signup",
]

MAX_LEVELS = 10


def _check_levels(levels: Any) -> dict[str, str]:
    if not isinstance(levels, dict) or not levels:
        raise validation("levels", gettext('Give the rate per level, e.g. {"1": 10, "2": 3}.'))
    out: dict[int, Decimal] = {}
    for key, value in levels.items():
        try:
            level = int(str(key))
        except ValueError:
            raise validation(
                "levels", gettext("'%(key)s' is not a level (1, 2, 3...).") % {"key": key}
            ) from None
        if level < 1 or level > MAX_LEVELS:
            raise validation(
                "levels",
                gettext("Levels run from 1 to %(MAX_LEVELS)s.") % {"MAX_LEVELS": MAX_LEVELS},
            )
        out[level] = check_percent(value, "levels")
    if sorted(out) != list(range(1, len(out) + 1)):
        raise validation("levels", gettext("Levels must run 1, 2, 3... without gaps."))
    return {str(k): str(v) for k, v in sorted(out.items())}


def _check_date(value: Any, field: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        raise validation(field, gettext("Give a date (YYYY-MM-DD), not a time."))
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise validation(
            field, gettext("'%(value)s' is not a date (YYYY-MM-DD).") % {"value": value}
        ) from None


@transaction.atomic
def referral_programme_set(
    *,
    actor: Actor,
    cloud: Any,
    levels: dict[Any, Any],
    base: str = CommissionBase.PAID,
    limit_months: int | None = None,
    valid_from: date | str | None = None,
    valid_to: date | str | None = None,
) -> ReferralProgramme:
    """Create or replace a cloud's programme. Entries already made keep the
    rate they were made with; the new rules apply to later events."""
    require_cloud_write(actor, cloud, "agent.manage")
    clean_levels = _check_levels(levels)
    if base not in CommissionBase.values:
        raise validation(
            "base", gettext("Use one of %(value)s.") % {"value": ", ".join(CommissionBase.values)}
        )
    if limit_months in ("", None):
        limit_months = None
    else:
        try:
            limit_months = int(str(limit_months))
        except ValueError:
            raise validation("limit_months", gettext("Give a whole number of months.")) from None
        if not 1 <= limit_months <= 1200:
            raise validation("limit_months", gettext("Between 1 and 1200 months."))
    vf, vt = _check_date(valid_from, "valid_from"), _check_date(valid_to, "valid_to")
    if vf is not None and vt is not None and vt <= vf:
        raise validation("valid_to", gettext("Must be after valid_from."))
    # Lock the cloud row: two first-time saves at once then queue instead of
    # colliding on the one-programme-per-cloud constraint.
    list(type(cloud).objects.select_for_update().filter(pk=cloud.pk).values_list("pk", flat=True))
    prog = ReferralProgramme.objects.filter(cloud=cloud).first()
    before = snapshot(prog) if prog is not None else None
    if prog is None:
        prog = ReferralProgramme(cloud=cloud)
    prog.levels = clean_levels
    prog.base = base
    prog.limit_months = limit_months
    prog.valid_from, prog.valid_to = vf, vt
    prog.updated_at = clock.now()
    prog.save()
    audit(
        actor=actor,
        verb="referral_programme_set",
        obj=prog,
        before=before,
        after=snapshot(prog),
        now=prog.updated_at,
    )
    return prog


@transaction.atomic
def agent_deactivate(*, actor: Actor, agent: Agent) -> Agent:
    """Stop new commission for an agent. Its accounts stay attributed to it and
    entries already made stay; its upline keeps earning its own levels."""
    require_cloud_write(actor, agent.cloud, "agent.manage")
    agent = Agent.objects.select_for_update().get(pk=agent.pk)
    if not agent.active:
        raise DomainError(ErrorCode.INVALID_STATE, gettext("This agent is already deactivated."))
    before = snapshot(agent)
    agent.active = False
    agent.save(update_fields=["active"])
    audit(actor=actor, verb="agent_deactivate", obj=agent, before=before, after=snapshot(agent))
    return agent


@transaction.atomic
def agent_referral_code_rotate(*, actor: Actor, agent: Agent) -> Agent:
    """Give an agent a new referral code: its old sign-up link stops working
    (a link passed around where it should not be). Staff who manage agents, or
    the agent itself."""
    if not (actor.agent_id is not None and actor.agent_id == agent.pk):
        require_cloud_write(actor, agent.cloud, "agent.manage")
    agent = Agent.objects.select_for_update().get(pk=agent.pk)
    old = agent.referral_code
    agent.referral_code = new_referral_code()
    agent.save(update_fields=["referral_code"])
    # The codes themselves stay out of the log: the old one is dead, the new
    # one is the agent's to share.
    audit(
        actor=actor,
        verb="agent_referral_code_rotate",
        obj=agent,
        before={"referral_code": old[:3] + "..."},
        after={"referral_code": agent.referral_code[:3] + "..."},
    )
    return agent


@transaction.atomic
def account_change_agent(
    *, actor: Actor, account: Any, agent: Agent | str | None, reason: str = ""
) -> Any:
    """Staff move an account to another agent (or to none). Only later
    commission follows: entries already made name the agent of their event."""
    from cambill.clouds.models import Account

    require_cloud_write(actor, account.cloud, "agent.manage")
    reason = check_text(reason, "reason", max_length=300, required=False)
    new = None if agent is None or agent == "" else _resolve_agent(account.cloud, agent)
    account = Account.objects.select_for_update().get(pk=account.pk)
    old = account.referral_agent
    if (old.pk if old else None) == (new.pk if new else None):
        raise DomainError(ErrorCode.INVALID_STATE, gettext("The account already has this agent."))
    account.referral_agent = new
    account.save(update_fields=["referral_agent"])
    audit(
        actor=actor,
        verb="account_change_agent",
        obj=account,
        before={"referral_agent": old.code if old else None},
        after={"referral_agent": new.code if new else None, "reason": reason},
    )
    return account


def _resolve_agent(cloud: Any, agent: Agent | str) -> Agent:
    found = (
        agent
        if isinstance(agent, Agent)
        else Agent.objects.filter(cloud=cloud, code=str(agent)).first()
    )
    if found is None or found.cloud_id != cloud.pk:
        raise validation("agent", gettext("Not an agent of this cloud."))
    return found


@transaction.atomic
def commission_recompute(
    *, actor: Actor, cloud: Any, period: str, now: datetime | None = None
) -> list[CommissionEntry]:
    """Bring a period's commission up to date from its invoices (idempotent:
    what exists stays, what is missing is added; a second call adds nothing)."""
    from cambill.core.periods import BadPeriod, Period

    require_cloud_write(actor, cloud, "agent.manage")
    try:
        Period.parse(period, cloud.timezone)
    except BadPeriod as e:
        raise validation("period", str(e), ErrorCode.BAD_PERIOD) from None
    now = clock.given(now)
    before = CommissionEntry.objects.filter(cloud=cloud, period=period).count()
    entries = recompute_period(cloud=cloud, period=period, now=now)
    journals = ledger_catch_up(cloud=cloud, period=period)
    audit(
        actor=actor,
        verb="commission_recompute",
        obj=cloud,
        after={
            "period": period,
            "entries_before": before,
            "entries_after": len(entries),
            "journals_posted": journals,
        },
        now=now,
    )
    return entries


# --- payouts ------------------------------------------------------------------------


@transaction.atomic
def payout_record(
    *,
    actor: Actor,
    agent: Agent,
    period: str,
    reference: str,
    paid_on: date | str,
    now: datetime | None = None,
) -> Payout:
    """Staff pay an agent's statement of a closed period: the balance of all its
    entries up to that period, less earlier payouts, moves to paid.

    Periods are paid in order (paying March after April would pay March twice,
    since April's balance already carried it) and only once each.
    """
    from cambill.core.periods import BadPeriod, Period

    from .selectors import balance_through

    require(actor, "payout.manage", agent.cloud)
    cloud = agent.cloud
    try:
        p = Period.parse(period, cloud.timezone)
    except BadPeriod as e:
        raise validation("period", str(e), ErrorCode.BAD_PERIOD) from None
    now = clock.given(now)
    if p.end > now:
        raise validation(
            "period",
            gettext("%(key)s is not over yet; pay it after it closes.") % {"key": p.key},
            ErrorCode.PERIOD_NOT_CLOSED,
        )
    reference = check_text(reference, "reference")
    validate_model(Payout(reference=reference), fields=["reference"])
    day = _check_date(paid_on, "paid_on")
    if day is None:
        raise validation("paid_on", gettext("This field is required."))
    agent = Agent.objects.select_for_update().get(pk=agent.pk)
    if Payout.objects.filter(agent=agent, period=p.key).exists():
        raise DomainError(
            ErrorCode.CONFLICT, gettext("The %(key)s statement is already paid.") % {"key": p.key}
        )
    later = Payout.objects.filter(agent=agent, period__gt=p.key).order_by("period").first()
    if later is not None:
        raise DomainError(
            ErrorCode.INVALID_STATE,
            gettext("%(period)s is already paid and carried %(key)s's balance.")
            % {"period": later.period, "key": p.key},
        )
    amount = balance_through(agent, p.key)
    if amount <= 0:
        raise DomainError(ErrorCode.INVALID_STATE, gettext("Nothing is due on this statement."))
    try:
        with transaction.atomic():
            payout = Payout.objects.create(
                cloud=cloud,
                agent=agent,
                period=p.key,
                currency=cloud.currency,
                amount=amount,
                reference=reference,
                paid_on=day,
                created_by=actor.user,
                created_at=now,
            )
    except IntegrityError:
        raise DomainError(
            ErrorCode.CONFLICT, gettext("The %(key)s statement is already paid.") % {"key": p.key}
        ) from None
    from cambill.payments.commission_ledger import ledger_post_commission_payout

    # The amount leaves the agent's payable for the bank, in the same transaction.
    ledger_post_commission_payout(
        cloud=cloud,
        key=str(payout.pk),
        amount=payout.amount,
        currency=payout.currency,
        description=f"payout to {agent.code} for {p.key}, ref {reference}",
        agent_id=agent.pk,
        now=now,
    )
    audit(actor=actor, verb="payout_record", obj=payout, after=snapshot(payout), now=now)
    _mail_statement(agent, p.key, now)
    return payout


def _mail_statement(agent: Agent, period: str, now: datetime) -> None:
    """The paid statement goes to the agent through the outbox, its PDF attached."""
    from cambill.notifications import notify

    from .exports import statement_filename, statement_pdf
    from .selectors import statement_for

    if not (agent.email or getattr(agent.user, "email", "")):
        return
    lang = getattr(agent.user, "language", "") or "en"
    st = statement_for(agent, period)
    notify.agent_statement(
        agent,
        period=period,
        total=st.total_due,
        currency=st.currency,
        pdf=statement_pdf(st, lang),
        filename=statement_filename(st, "pdf"),
        language=lang,
        now=now,
    )
