"""The demo's money after each bill run: cards, bank statements, dunning, payouts.

Every write is a verb, dated on the demo clock (``history.py``):

* each cloud configures its Stripe gateway with autopay and its dunning policy
  (reminders 3, 10 and 15 days after the due date, suspension after 18);
* each subscriber account pays one way, drawn from the seed when its first
  invoice is drafted: most by **card** (saved through the Stripe adapter's
  SetupIntent against a local fake Stripe; autopay charges it off-session the
  moment the invoice is issued), many by **bank transfer** a few days after
  the invoice, some **late** (after the first reminder);
* bank transfers arrive in each cloud's weekly **camt.053 statement**, imported
  by the cloud accountant: most lines carry the invoice number (matched at
  once), some only the payer's name (matched by amount and payer); an earlier
  statement had a payer nobody recognised, whose suggestion the accountant
  confirmed the next day; the latest statement leaves two suggestions to
  confirm and one line nobody can match;
* a few accounts stop paying: two per cloud are in dunning (their latest
  invoices unpaid, reminders in the outbox, not yet at the suspension day; in
  the second cloud, which confirms suspensions by hand, they stopped for good and
  wait in the collections page's suspension queue),
  one card starts declining (dunning retries it), one account of the first
  cloud never paid and dunning suspended it, and one account of the last
  cloud was suspended, paid its balance and dunning resumed it;
* the provider's accountant records each cloud's transfer for its wholesale
  invoice twelve days after issue;
* a cloud's accountant pays the commission statements of its agents ``agent1``
  and ``agent2`` (the tour's logins) for the month before the last closed one,
  mid-next month; the paid statement goes out by e-mail with its PDF.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from cambill.core.access import SYSTEM
from cambill.core.errors import DomainError
from cambill.core.money import round_money
from cambill_sandbox.fake_stripe import FakeStripe

from . import names as N
from .billing import _actor
from .camt import Transfer, camt053
from .plan import Plan

REMINDER_DAYS = [3, 10, 15]
SUSPEND_AFTER = 18
PAYMENT_TERMS = timedelta(days=15)
WHOLESALE_PAID_AFTER = timedelta(days=12, hours=3)
PAYOUT_DAY = 15  # agents' statements of a month are paid on the 15th of the month after
# (profile, weight) of the accounts not picked for a role below
PROFILES = (("card", 0.5), ("bank", 0.37), ("late", 0.13))
TOUR_AGENTS = ("agent1", "agent2")
# The second cloud confirms each suspension by hand: its accounts that stopped paying
# wait in the collections page's suspension queue.
CONFIRM_CLOUD = 1
STATEMENT_WEEKDAY = 4  # Friday: the week's statement


class DemoStripe(FakeStripe):
    """The fake Stripe of the demo's history: its ids follow the seed, and the
    cards of ``declining`` customers are refused (insufficient funds)."""

    def __init__(self, seed: int) -> None:
        super().__init__()
        self.tag = f"demo{seed}"
        self.declining: set[str] = set()

        def clock() -> float:
            from django.utils import timezone

            return timezone.now().timestamp()

        self.clock = clock

    def handle(self, path: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if path.split("?")[0].rstrip("/") == "/v1/payment_intents" and (
            p.get("customer") in self.declining
        ):
            self.decline = True
            try:
                return super().handle(path, p)
            finally:
                self.decline = False
        return super().handle(path, p)


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


class Collections:
    """Schedules and performs the demo's collections on the timeline."""

    def __init__(
        self, plan: Plan, builder: Any, timeline: Any, stripe: DemoStripe, write: Any
    ) -> None:
        self.plan = plan
        self.now = plan.now
        self.clouds: dict[str, Any] = builder.clouds
        self.accounts: dict[tuple[str, str], Any] = builder.accounts
        self.specs = {c.slug: c for c in plan.clouds}
        self.timeline = timeline
        self.stripe = stripe
        self.write = write
        self.rng = {c.slug: random.Random(f"{plan.seed}:collect:{c.slug}") for c in plan.clouds}
        self.logins = {
            (a.cloud, a.code): a.subscriber.username for a in plan.accounts if a.subscriber
        }
        self.profile: dict[int, str] = {}
        self.customer: dict[int, str] = {}
        self.picked: set[tuple[str, str]] = set()  # (cloud slug, role) already given
        self.resume_scheduled: set[int] = set()
        self.pending: dict[tuple[str, datetime], list[tuple[Transfer, int | None]]] = {}
        self.balance: dict[str, Decimal] = {}
        self.imports: dict[str, int] = {}
        self.runs_left: Counter[str] = Counter()  # bill runs still to issue, per cloud
        self.counted: set[tuple[str, datetime]] = set()
        self.counts: Counter[str] = Counter()
        self.chased: set[tuple[str, datetime]] = set()

    # --- the calendar --------------------------------------------------------------

    def schedule(self) -> None:
        for c in self.plan.clouds:
            if not c.closed_periods:
                continue
            first = c.closed_periods[0]
            self.timeline.at(first.start + timedelta(days=1, hours=9), self._set_up_for(c.slug))
            # The agents' statement of the month before the last closed one is paid
            # mid-month (it carries the earlier months' balance too).
            if len(c.closed_periods) >= 2:
                period = c.closed_periods[-2]
                nxt = period.next().first_day
                paid = date(nxt.year, nxt.month, PAYOUT_DAY)
                at = datetime.combine(paid, time(10), tzinfo=UTC)
                self.timeline.at(at, self._payouts_for(c.slug, period.key))
        starts = [c.closed_periods[0].start for c in self.plan.clouds if c.closed_periods]
        if starts:
            self.timeline.at(min(starts) + timedelta(days=1, hours=8), self.provider_set_up)

    def provider_set_up(self, at: datetime) -> None:
        """The provider admin connects the provider's own Stripe account (its gateway
        page), with which the clouds may pay its wholesale invoices by card."""
        from cambill.payments.gateways.config import provider_gateway_set

        provider_gateway_set(
            actor=_actor("admin"),
            secret_key="sk_test_demo_provider",
            publishable_key="pk_test_demo_provider",
            webhook_secret="whsec_demo_provider",
        )

    def _set_up_for(self, slug: str) -> Any:
        return lambda at: self.set_up(slug, at)

    def _dunning_for(self, slug: str) -> Any:
        return lambda at: self.dunning(slug, at)

    def _payouts_for(self, slug: str, period: str) -> Any:
        return lambda at: self.payouts(slug, period, at)

    def set_up(self, slug: str, at: datetime) -> None:
        """The cloud admin connects Stripe (autopay) and sets the dunning policy; the
        provider's accountant sends the cloud's wholesale invoices to its accountant
        and its billing address; the first account's invoices go to two addresses."""
        from cambill.notifications.services import billing_contacts_set
        from cambill.payments.dunning import dunning_policy_set
        from cambill.payments.gateways.config import gateway_config_set

        admin = _actor(f"{slug}-admin")
        cloud = self.clouds[slug]
        billing_contacts_set(
            actor=_actor("accountant"),
            cloud=cloud,
            emails=[f"{slug}-acct@{slug}.example", f"billing@{slug}.example"],
        )
        first = next((a for a in self.plan.accounts if a.cloud == slug), None)
        if first is not None:
            account = self.accounts[(slug, first.code)]
            billing_contacts_set(
                actor=admin,
                cloud=cloud,
                account=account,
                emails=[first.email, f"accounts-payable@{first.code}.example"],
            )
        gateway_config_set(
            actor=admin,
            cloud=cloud,
            kind="stripe",
            secret_key=f"sk_test_demo_{slug}",
            publishable_key=f"pk_test_demo_{slug}",
            webhook_secret=f"whsec_demo_{slug}",
            auto_charge=True,
        )
        dunning_policy_set(
            actor=admin,
            cloud=cloud,
            reminder_days=list(REMINDER_DAYS),
            suspend_after_days=SUSPEND_AFTER,
        )
        if self.specs[slug].index == CONFIRM_CLOUD:
            from cambill.clouds.services.billing_settings import cloud_billing_settings_update

            self.clouds[slug] = cloud_billing_settings_update(
                actor=admin, cloud=cloud, suspension_mode="confirm"
            )

    # --- before and after each issue -----------------------------------------------

    def _role_ok(self, inv: Any, due: datetime) -> bool:
        """An account a role may be given: no demo login, active, never suspended,
        something to pay on this invoice, and time left for dunning to suspend it."""
        from cambill.clouds.models import AccountSuspension

        acc = inv.account
        return (
            (acc.cloud.slug, acc.code) not in self.logins
            and acc.status == "active"
            and inv.total > 0
            and not AccountSuspension.objects.filter(account=acc).exists()
            and due + timedelta(days=SUSPEND_AFTER + 3) < self.now - timedelta(days=1)
        )

    def _assign(self, cloud: Any, drafts: list[Any], at: datetime) -> None:
        slug = cloud.slug
        rng = self.rng[slug]
        spec = self.specs[slug]
        due = at + timedelta(hours=2) + PAYMENT_TERMS
        retail = sorted(
            (d for d in drafts if d.account_id is not None), key=lambda d: d.account.code
        )
        new = [d for d in retail if d.account_id not in self.profile]
        for d in new:
            login = self.logins.get((slug, d.account.code), "")
            if login.endswith("-sub1"):
                self.profile[d.account_id] = "card"  # the portal shows a saved card
            elif login.endswith("-sub2"):
                self.profile[d.account_id] = "bank"
            else:
                r = rng.random()
                acc = 0.0
                for name, w in PROFILES:
                    acc += w
                    if r < acc:
                        self.profile[d.account_id] = name
                        break
                else:
                    self.profile[d.account_id] = PROFILES[-1][0]
        roles: list[tuple[str, bool]] = []
        last_index = len(self.plan.clouds) - 1
        if spec.index == 0:
            roles.append(("suspend", True))
        if spec.index == (2 if last_index >= 2 else 0):
            roles.append(("resume", True))
        roles.append(("stops", False))
        roles.append(("stops2", False))
        if spec.index == 0:
            roles.append(("declined", False))
        candidates = [d for d in new if d.total > 0]
        rng.shuffle(candidates)
        for role, needs_time in roles:
            if (slug, role) in self.picked:
                continue
            for d in candidates:
                current = self.profile[d.account_id]
                if current in ("suspend", "resume", "stops", "declined"):
                    continue
                if role == "declined" and current != "card":
                    continue
                if (slug, d.account.code) in self.logins:
                    continue
                if needs_time and not self._role_ok(d, due):
                    continue
                self.profile[d.account_id] = "stops" if role == "stops2" else role
                self.picked.add((slug, role))
                break

    def before_issue(self, cloud: Any, drafts: list[Any], at: datetime) -> None:
        """New accounts get their way of paying; those paying by card save it now."""
        from cambill.payments.gateways.stripe_adapter import card_setup_complete, card_setup_start

        self._assign(cloud, drafts, at)
        due = at + timedelta(hours=2) + PAYMENT_TERMS
        for d in sorted(
            (d for d in drafts if d.account_id is not None), key=lambda d: d.account.code
        ):
            pk = d.account_id
            if self.profile.get(pk) in ("card", "declined") and pk not in self.customer:
                login = self.logins.get((cloud.slug, d.account.code))
                actor = _actor(login) if login else SYSTEM
                try:
                    started = card_setup_start(actor=actor, account=d.account)
                    self.stripe.complete_setup(started["setup_intent"])
                    card_setup_complete(
                        actor=actor, account=d.account, setup_intent_id=started["setup_intent"]
                    )
                except DomainError as e:
                    self.write(f"Note: card of {d.account.code} not saved: {e.message}")
                    self.profile[pk] = "bank"
                    continue
                self.customer[pk] = started["customer"]
                self.counts["cards_saved"] += 1
            # The card starts to decline on the month whose dunning ends before "now"
            # without reaching the suspension day.
            if (
                self.profile.get(pk) == "declined"
                and pk in self.customer
                and due + timedelta(days=SUSPEND_AFTER) > self.now
            ):
                self.stripe.declining.add(self.customer[pk])

    def expect_run(self, slug: str, issue_at: datetime) -> None:
        """A bill run to be issued at ``issue_at``, counted when its transfers can
        arrive before "now" (the day after it, at the earliest)."""
        if _noon(issue_at.date() + timedelta(days=1)) < self.now - timedelta(days=1):
            self.runs_left[slug] += 1
            self.counted.add((slug, issue_at))

    def run_failed(self, slug: str, issue_at: datetime) -> None:
        if (slug, issue_at) in self.counted:
            self.counted.discard((slug, issue_at))
            self.runs_left[slug] -= 1

    def after_issue(self, cloud: Any, run: Any, invoices: list[Any], at: datetime) -> None:
        """Schedule how each issued invoice gets paid."""
        from cambill.payments.services import invoice_open_amount

        self.run_failed(cloud.slug, at)  # no longer to come

        rng = self.rng[cloud.slug]
        self._chase(cloud.slug, at + timedelta(hours=2) + PAYMENT_TERMS)
        for inv in invoices:
            if inv.kind == "wholesale":
                self.timeline.at(at + WHOLESALE_PAID_AFTER, self._wholesale_for(inv.pk))
                continue
            inv.refresh_from_db()
            if inv.status != "issued":
                continue  # paid by card at once, or nothing to pay
            amount = invoice_open_amount(inv)
            if amount <= 0 or inv.due_at is None:
                continue
            profile = self.profile.get(inv.account_id or 0, "bank")
            if profile == "suspend" or profile == "declined":
                continue
            if profile == "resume" and inv.account_id not in self.resume_scheduled:
                self.resume_scheduled.add(inv.account_id or 0)
                when = inv.due_at + timedelta(days=SUSPEND_AFTER + 2, hours=2)
                self.timeline.at(when, self._resume_for(inv.account_id or 0))
                continue
            if profile == "stops":
                if self.specs[cloud.slug].index == CONFIRM_CLOUD:
                    continue  # in the suspension queue, a person decides
                if inv.due_at + timedelta(days=SUSPEND_AFTER) > self.now:
                    continue
                profile = "late"
            if profile == "late":
                day = inv.due_at.date() + timedelta(days=rng.randint(2, 10))
            else:
                day = at.date() + timedelta(days=rng.randint(1, 10))
            r = rng.random()
            mode = "number" if r < 0.6 else "text" if r < 0.85 else "name"
            self._transfer(cloud, day, self._line(inv, amount, mode), inv.pk)

    def _chase(self, slug: str, due: datetime) -> None:
        """The schedule runs dunning hourly; it only acts on the days an invoice
        reaches a reminder or the suspension, so the history runs it on those."""
        for d in [*REMINDER_DAYS, SUSPEND_AFTER]:
            day = (due + timedelta(days=d)).date() + timedelta(days=1)
            at = datetime.combine(day, time(6, self.specs[slug].index), tzinfo=UTC)
            if (slug, at) not in self.chased:
                self.chased.add((slug, at))
                self.timeline.at(at, self._dunning_for(slug))

    def _wholesale_for(self, pk: int) -> Any:
        return lambda at: self.pay_wholesale(pk, at)

    def _resume_for(self, account_pk: int) -> Any:
        return lambda at: self.pay_balance(account_pk, at)

    # --- bank transfers and statements ---------------------------------------------

    def _line(self, inv: Any, amount: Decimal, mode: str) -> Transfer:
        acc = inv.account
        payer = acc.legal_name or acc.name
        words = "Factura" if acc.language == "es" else "Invoice"
        ref = f"{inv.number}"
        if mode == "number":
            return Transfer("", amount, payer, reference=ref)
        if mode == "text":
            return Transfer("", amount, payer, text=f"{words} {ref} {acc.name}")
        return Transfer("", amount, acc.name, text=f"{acc.name} {inv.period}")

    def _transfer(self, cloud: Any, day: date, t: Transfer, invoice_pk: int | None) -> None:
        """The transfer arrives on ``day``; the week's statement (Friday, or this
        morning's for the days just past) brings it. Not yet arrived: nothing."""
        if _noon(day) >= self.now - timedelta(days=1):
            return
        friday = day + timedelta(days=(STATEMENT_WEEKDAY - day.weekday()) % 7)
        import_at = datetime.combine(friday, time(17), tzinfo=UTC)
        import_at = min(import_at, self.now - timedelta(hours=2))
        key = (cloud.slug, import_at)
        if key not in self.pending:
            self.pending[key] = []
            slug = cloud.slug
            self.timeline.at(import_at, lambda at: self.import_statement(slug, at))
        self.pending[key].append((t, invoice_pk))

    def pay_balance(self, account_pk: int, at: datetime) -> None:
        """A suspended account pays all it owes by transfer (its account code as reference)."""
        from cambill.clouds.models import Account
        from cambill.payments.ledger import account_balance

        acc = Account.objects.select_related("cloud").get(pk=account_pk)
        owed = account_balance(acc)
        if owed <= 0:
            return
        self.counts["balance_paid"] += 1
        self._transfer(
            acc.cloud,
            at.date(),
            Transfer("", owed, acc.legal_name or acc.name, reference=acc.code),
            None,
        )

    def import_statement(self, slug: str, at: datetime) -> None:
        from cambill.invoicing.models import Invoice
        from cambill.payments.models import BankLine, BankSuggestion
        from cambill.payments.statements.services import bank_statement_import

        cloud = self.clouds[slug]
        rng = self.rng[slug]
        items = self.pending.pop((slug, at), [])
        # The cloud's latest statement: no other one waits, and no bill run to come
        # can bring another before "now".
        last = not self.runs_left[slug] and not any(k[0] == slug for k in self.pending)
        transfers: list[Transfer] = []
        open_ids = set(
            Invoice.objects.filter(
                pk__in=[pk for _, pk in items if pk is not None], status="issued"
            ).values_list("pk", flat=True)
        )
        anonymous = 0
        n = self.imports.get(slug, 0)
        # A payer nobody recognises (a relative, a new company name): a suggestion by
        # amount. Two wait in the latest statement; one earlier was confirmed.
        wanted = 2 if last else (1 if n == 1 else 0)
        for t, pk in items:
            if pk is not None and pk not in open_ids:
                continue  # paid meanwhile (a card retry): the customer did not send it
            if pk is not None and anonymous < wanted:
                first = rng.choice(N.FIRST_NAMES_ES)
                t = Transfer("", t.amount, f"{first[0]}. {rng.choice(N.SURNAMES_ES)}")
                anonymous += 1
            transfers.append(t)
        if last:
            transfers.append(Transfer("", Decimal("37.13"), "Hernandez Ruiz Asociados"))
        if not transfers:
            return
        day = min(at.date(), (self.now - timedelta(days=1)).date())
        numbered = []
        for i, t in enumerate(transfers, start=1):
            numbered.append(
                Transfer(
                    f"{day:%Y%m%d}-{i:04d}",
                    round_money(t.amount, cloud.currency),
                    t.payer,
                    t.payer_iban,
                    t.reference,
                    t.text,
                )
            )
        opening = self.balance.get(slug, Decimal("25000.00"))
        content = camt053(
            statement_id=f"{slug.upper()}-{day:%Y%m%d}",
            iban=_iban(self.specs[slug].index),
            currency=cloud.currency,
            day=day,
            opening=opening,
            transfers=numbered,
        )
        self.balance[slug] = opening + sum((t.amount for t in numbered), Decimal(0))
        imp = bank_statement_import(
            actor=_actor(f"{slug}-acct"),
            cloud=cloud,
            content=content,
            filename=f"camt053-{slug}-{day:%Y%m%d}.xml",
            now=at,
        )
        self.imports[slug] = n + 1
        self.counts["statements"] += 1
        self.counts["statement_lines"] += imp.lines_total
        self.counts["lines_matched"] += imp.lines_matched
        if wanted and not last:
            line = (
                BankLine.objects.filter(bank_import=imp, status="suggested").order_by("pk").first()
            )
            suggestion = (
                BankSuggestion.objects.filter(line=line).order_by("rank", "pk").first()
                if line is not None
                else None
            )
            if suggestion is not None:
                pk = suggestion.pk
                self.timeline.at(
                    at + timedelta(hours=16), lambda when: self.confirm(slug, pk, when)
                )

    def confirm(self, slug: str, suggestion_pk: int, at: datetime) -> None:
        from cambill.payments.models import BankSuggestion
        from cambill.payments.statements.services import bank_suggestion_confirm

        suggestion = BankSuggestion.objects.get(pk=suggestion_pk)
        try:
            bank_suggestion_confirm(actor=_actor(f"{slug}-acct"), suggestion=suggestion, now=at)
        except DomainError as e:
            self.write(f"Note: suggestion {suggestion_pk} of {slug} not confirmed: {e.message}")
            return
        self.counts["suggestions_confirmed"] += 1

    # --- dunning, wholesale, payouts -------------------------------------------------

    def dunning(self, slug: str, at: datetime) -> None:
        from cambill.payments.dunning import dunning_run

        for k, v in dunning_run(cloud=self.clouds[slug], now=at).items():
            self.counts[f"dunning_{k}"] += v

    def pay_wholesale(self, pk: int, at: datetime) -> None:
        """The provider's accountant records the cloud's transfer for its invoice."""
        from cambill.invoicing.models import Invoice
        from cambill.payments.models import PaymentMethod
        from cambill.payments.services import invoice_open_amount, payment_record

        inv = Invoice.objects.select_related("cloud").get(pk=pk)
        amount = invoice_open_amount(inv)
        if inv.status != "issued" or amount <= 0:
            return
        payment_record(
            actor=_actor("accountant"),
            cloud=inv.cloud,
            amount=amount,
            received_at=at - timedelta(hours=3),
            method=PaymentMethod.BANK_TRANSFER,
            reference=f"{inv.cloud.legal_name} {inv.number}"[:200],
            invoices=[inv],
            now=at,
        )
        self.counts["wholesale_paid"] += 1

    def payouts(self, slug: str, period: str, at: datetime) -> None:
        """The cloud's accountant pays the statement of ``period`` of the tour's agents."""
        from cambill.referrals.models import Agent
        from cambill.referrals.services import payout_record

        acct = _actor(f"{slug}-acct")
        # The demo's agent logins of the tour (each PDF takes WeasyPrint a moment).
        agents = Agent.objects.filter(
            cloud=self.clouds[slug], user__isnull=False, code__in=TOUR_AGENTS
        )
        for agent in agents.order_by("code"):
            try:
                payout_record(
                    actor=acct,
                    agent=agent,
                    period=period,
                    reference=f"TRF-{period}-{agent.code}".upper(),
                    paid_on=at.date(),
                    now=at,
                )
            except DomainError:
                continue  # nothing due on this statement
            self.counts["payouts"] += 1


def _iban(index: int) -> str:
    """The cloud's collection account (a made-up, well-formed-looking IBAN)."""
    return f"ES{76 + index:02d}21000418{index:02d}0200051332"
