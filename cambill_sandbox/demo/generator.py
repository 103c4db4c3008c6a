"""Drawing the demo: operators, agents, accounts and camera histories.

Every method consumes one ``random.Random`` in a fixed order, so the same
seed and ``now`` always draw the same plan.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.text import slugify

from cambill.core.periods import Period, local_midnight

from . import catalogue as cat
from . import names as N
from .records import (
    PROVIDER_DOMAIN,
    AccountSpec,
    AgentSpec,
    CameraSpec,
    CloudSpec,
    TariffSpec,
    UserSpec,
)

# --- helpers -----------------------------------------------------------------


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _rand_time(rng: random.Random, lo: datetime, hi: datetime) -> datetime:
    """A random whole minute in ``[lo, hi)`` (``lo`` itself if the window is empty)."""
    minutes = int((hi - lo).total_seconds() // 60)
    if minutes <= 0:
        return lo
    return (lo + timedelta(minutes=rng.randrange(minutes))).replace(second=0, microsecond=0)


def _digits(rng: random.Random, pattern: str) -> str:
    return "".join(str(rng.randrange(10)) if ch == "#" else ch for ch in pattern)


TAX_ID_PATTERNS: dict[str, tuple[str, str]] = {
    # country: (company, person)
    "CO": ("NIT 9##.###.###-#", "CC 1.0##.###.###"),
    "ES": ("CIF B-########", "NIF ########-Z"),
    "AR": ("CUIT 30-########-#", "DNI ##.###.###"),
    "GB": ("GB ### #### ##", ""),
    "MX": ("RFC XAX######XX#", ""),
    "US": ("EIN ##-#######", ""),
    "CL": ("RUT 76.###.###-#", "RUT ##.###.###-#"),
    "PE": ("RUC 20##########", "DNI ########"),
    "LV": ("LV40########", ""),
    "CR": ("CJ 3-101-######", "CI #-####-####"),
    "MA": ("ICE ###############", ""),
}


def _operator(i: int) -> N.Operator:
    base = N.OPERATORS[i % len(N.OPERATORS)]
    rnd = i // len(N.OPERATORS)
    if rnd == 0:
        return base
    # Past the embedded list: the same operator's sister company in another round.
    return N.Operator(
        f"{base.slug}{rnd + 1}",
        f"{base.name} {rnd + 1}",
        f"{base.name} {rnd + 1} {base.legal_name.split()[-1]}",
        base.country,
        base.timezone,
        base.currency,
        base.tax_percent,
        base.language,
        base.tax_id,
        base.cities,
    )


class Generator:
    """Draws the plan. Every method consumes ``rng`` in a fixed order."""

    def __init__(self, rng: random.Random, now: datetime, months: int):
        self.rng = rng
        self.now = now
        self.months = months

    # people and companies

    def person(self, language: str) -> tuple[str, str]:
        r = self.rng
        if language == "es":
            first = r.choice(N.FIRST_NAMES_ES)
            last = r.choice(N.SURNAMES_ES)
            if r.random() < 0.5:
                last = f"{last} {r.choice(N.SURNAMES_ES)}"
        else:
            first, last = r.choice(N.FIRST_NAMES_EN), r.choice(N.SURNAMES_EN)
        return first, last

    def address(self, c: CloudSpec | N.Operator) -> str:
        r = self.rng
        city = r.choice(c.cities)
        if c.country == "CO":
            street = r.choice(N.STREETS_CO)
            return f"{street} {r.randint(1, 140)} # {r.randint(1, 99)}-{r.randint(1, 99)}, {city}"
        if c.language == "es":
            return f"{r.choice(N.STREET_TYPES_ES)} {r.choice(N.STREET_NAMES_ES)} {r.randint(1, 2400)}, {city}"
        return f"{r.randint(1, 240)} {r.choice(N.STREETS_EN)}, {city}"

    def user(self, username: str, role: str, language: str, domain: str, **kw: Any) -> UserSpec:
        first, last = self.person(language)
        return UserSpec(
            username=username,
            role=role,
            first_name=first,
            last_name=last,
            email=f"{username}@{domain}",
            language=language,
            **kw,
        )

    # provider

    def provider_users(self, clouds: int) -> list[UserSpec]:
        users = [
            self.user("admin", "provider_admin", "en", PROVIDER_DOMAIN),
            self.user("accountant", "provider_accountant", "en", PROVIDER_DOMAIN),
            self.user("manager", "provider_manager", "en", PROVIDER_DOMAIN),
        ]
        if clouds > 1:
            users.append(self.user("manager2", "provider_manager", "en", PROVIDER_DOMAIN))
        return users

    # clouds

    def cloud(self, i: int, total: int) -> CloudSpec:
        r = self.rng
        op = _operator(i)
        current = Period.containing(self.now, op.timezone)
        first = current
        for _ in range(self.months):
            first = first.previous()
        closed = []
        p = first
        while p != current:
            closed.append(p)
            p = p.next()
        range_start = first.start
        founded_at = _rand_time(
            r, range_start - timedelta(days=720), range_start - timedelta(days=150)
        )
        founded_at = founded_at.replace(hour=14, minute=r.randrange(60))
        # The first cloud keeps the worked example's terms (10 %, plain USD prices).
        discount = (
            Decimal("10")
            if i == 0
            else r.choice((Decimal(0), Decimal(5), Decimal("7.5"), Decimal("12.5"), Decimal(15)))
        )
        markup = Decimal(1) if i == 0 else Decimal(r.choice((90, 100, 110, 120, 130))) / 100
        # A cloud is a customer of a provider in Spain: domestic VAT for Spain,
        # reverse charge (0 %) across borders.
        wholesale_tax = Decimal("21") if op.country == "ES" else Decimal(0)
        # The third cloud is new to the platform: no wholesale during its trial
        # (it joins 20 days before the demo's months, see make_plan).
        trial_until = (
            local_midnight(
                range_start.astimezone(ZoneInfo(op.timezone)).date() + timedelta(days=45),
                ZoneInfo(op.timezone),
            )
            if i == 2
            else None
        )
        manager = "manager" if (i < max(1, (total + 1) // 2) or total == 1) else "manager2"

        optional = [t for t in cat.CLOUD_TARIFFS if t.code not in cat.CORE_TARIFFS]
        keep = set(cat.CORE_TARIFFS)
        if i == 0:
            keep |= {t.code for t in optional}
        else:
            keep |= {t.code for t in optional if r.random() < 0.7}
        tariffs = []
        for t in cat.CLOUD_TARIFFS:
            if t.code in keep:
                price = cat.nice_price(t.usd * N.FX[op.currency] * markup, op.currency)
                tariffs.append(
                    TariffSpec(t.code, t.name, price, op.currency, list(t.components), t.code)
                )
        allowed = [cat.provider_code("STD7", op.currency)]
        if i % 2 == 0:
            allowed.append(cat.provider_code("PLATES14", op.currency))
        # Individual wholesale prices: a volume deal on recording, and for the
        # first cloud a face-recognition deal (keeps the worked example's REC_DAY).
        svc_usd = {s.code: s.usd for s in cat.SERVICES}
        deals = [("FACE", Decimal("0.80"))] if i == 0 else [("REC_DAY", Decimal("0.90"))]
        if i > 0 and r.random() < 0.5:
            deals.append(("LPR", Decimal("0.85")))
        service_prices = [
            (code, cat.nice_price(svc_usd[code] * N.FX[op.currency] * f, op.currency))
            for code, f in deals
        ]
        domain = f"{op.slug}.example"
        staff = [
            self.user(f"{op.slug}-admin", "cloud_admin", op.language, domain, cloud=op.slug),
            self.user(f"{op.slug}-am1", "account_manager", op.language, domain, cloud=op.slug),
            self.user(f"{op.slug}-am2", "account_manager", op.language, domain, cloud=op.slug),
            self.user(f"{op.slug}-acct", "cloud_accountant", op.language, domain, cloud=op.slug),
        ]
        return CloudSpec(
            index=i,
            slug=op.slug,
            name=op.name,
            legal_name=op.legal_name,
            country=op.country,
            tz=op.timezone,
            currency=op.currency,
            language=op.language,
            tax_percent=op.tax_percent,
            wholesale_tax_percent=wholesale_tax,
            discount_percent=discount,
            trial_until=trial_until,
            manager=manager,
            tax_id=op.tax_id,
            address=self.address(op),
            founded_at=founded_at,
            range_start=range_start,
            closed_periods=closed,
            tariffs=tariffs,
            allowed=allowed,
            service_prices=service_prices,
            staff=staff,
            cities=op.cities,
        )

    # agents

    def agents(self, c: CloudSpec, n_accounts: int) -> list[AgentSpec]:
        r = self.rng
        if n_accounts == 0:
            return []
        n = max(2, min(12, n_accounts // 15))
        out: list[AgentSpec] = []
        span = (c.range_start - c.founded_at) / 2
        times = sorted(
            _rand_time(r, c.founded_at + timedelta(days=2), c.founded_at + span) for _ in range(n)
        )
        times[0] = c.founded_at + timedelta(days=1)
        for k in range(1, n + 1):
            # agent1 -> agent2 -> agent3 is a full three-level line so the
            # demo's agent logins show a downline; the rest attach at random.
            if k == 1:
                parent = None
            elif k in (2, 3):
                parent = out[k - 2]
            else:
                candidates = [a for a in out if a.level < 3]
                parent = None if r.random() < 0.3 else r.choice(candidates)
            level = 1 if parent is None else parent.level + 1
            if r.random() < 0.5:
                first, last = self.person(c.language)
                name = f"{first} {last}"
            else:
                words = N.AGENCY_WORDS_ES if c.language == "es" else N.AGENCY_WORDS_EN
                tails = N.BUSINESS_TAILS_ES if c.language == "es" else N.BUSINESS_TAILS_EN
                name = f"{r.choice(words)} {r.choice(tails)}"
            code = f"agent{k}"
            rate = Decimal(10) if level == 1 and r.random() < 0.5 else None
            agent = AgentSpec(
                cloud=c.slug,
                code=code,
                name=name,
                email=f"{code}@{slugify(_ascii(name))}.example",
                parent=parent.code if parent else None,
                level=level,
                rate_percent=rate,
                created_at=times[k - 1],
            )
            if k <= 2 or r.random() < 0.3:
                agent.user = self.user(
                    f"{c.slug}-agent{k}",
                    "agent",
                    c.language,
                    f"{c.slug}.example",
                    cloud=c.slug,
                    agent=code,
                )
            out.append(agent)
        return out

    # accounts

    def accounts(self, c: CloudSpec, n: int, agents: list[AgentSpec]) -> list[AccountSpec]:
        r = self.rng
        out: list[AccountSpec] = []
        codes: set[str] = set()
        kinds = [k for k, _ in N.KIND_WEIGHTS]
        kind_w = [w for _, w in N.KIND_WEIGHTS]
        legal_forms = N.LEGAL_FORMS.get(c.country, ("Ltd",))
        patterns = TAX_ID_PATTERNS.get(c.country, ("##########", ""))
        last_new = self.now - timedelta(days=1)
        for idx in range(n):
            # The first account of each cloud is an established business with
            # many cameras, managed by am1 and brought by agent1: the one the
            # demo logins <slug>-sub1, -am1 and -agent1 all see.
            kind = "logistics" if idx == 0 else r.choices(kinds, kind_w)[0]
            language = c.language if r.random() < 0.9 else ("en" if c.language == "es" else "es")
            if kind == "home":
                first, last = self.person(language)
                name = f"{first} {last}"
                legal = name
                email = f"{slugify(_ascii(first))}.{slugify(_ascii(last.split()[0]))}@mail.example"
                tax_id = _digits(r, patterns[1]) if patterns[1] else ""
            else:
                words = N.KINDS[kind]["words_es" if language == "es" else "words_en"]
                tails = N.BUSINESS_TAILS_ES if language == "es" else N.BUSINESS_TAILS_EN
                surnames = N.SURNAMES_ES if language == "es" else N.SURNAMES_EN
                tail = r.choice(tails) if r.random() < 0.5 else r.choice(surnames)
                name = f"{r.choice(words)} {tail}"
                legal = f"{name} {r.choice(legal_forms)}"
                email = ""
                tax_id = _digits(r, patterns[0])
            code = slugify(_ascii(name))[:48].strip("-") or "account"
            base, k = code, 2
            while code in codes:
                code = f"{base}-{k}"
                k += 1
            codes.add(code)
            if not email:
                email = f"billing@{code}.example"
            pre_existing = idx == 0 or r.random() < 0.55
            if pre_existing:
                created = _rand_time(r, c.founded_at + timedelta(days=7), c.range_start)
            else:
                created = _rand_time(r, c.range_start, last_new)
            acc = AccountSpec(
                cloud=c.slug,
                index=idx,
                code=code,
                name=name,
                kind=kind,
                language=language,
                email=email,
                legal_name=legal,
                tax_id=tax_id,
                address=self.address(c),
                created_at=created,
            )
            roll = r.random()
            acc.account_manager = (
                f"{c.slug}-am1"
                if idx == 0 or roll < 0.45
                else f"{c.slug}-am2"
                if roll < 0.85
                else None
            )
            eligible = [a for a in agents if a.created_at < created]
            if idx == 0 and agents:
                acc.agent = agents[0].code
            elif eligible and r.random() < 0.3:
                acc.agent = r.choice(eligible).code
            if not pre_existing and r.random() < 0.4:
                days = r.choice((14, 30))
                acc.trial_until = local_midnight(
                    created.astimezone(ZoneInfo(c.tz)).date() + timedelta(days=days), ZoneInfo(c.tz)
                )
            base_w = {"home": 1.0, "retail": 2.5, "logistics": 5.0, "parking": 3.5, "office": 3.5}[
                kind
            ]
            acc.weight = base_w * min(r.paretovariate(1.6), 8.0) * (4.0 if idx == 0 else 1.0)
            if idx > 0 and r.random() < 0.06:
                lo = max(created, c.range_start) + timedelta(hours=2)
                if lo < self.now - timedelta(hours=2):
                    at = _rand_time(r, lo, self.now - timedelta(hours=2))
                    acc.discount = (at, Decimal(r.choice((5, 10, 15))), "Loyalty discount")
            out.append(acc)
        # Subscriber logins: account 0 first, then a few other accounts.
        n_subs = max(1, min(5, n // 10)) if n else 0
        subs = [out[0]] if out else []
        others = list(out[1:])
        r.shuffle(others)
        subs += others[: n_subs - 1]
        for k, acc in enumerate(subs, start=1):
            first, last = self.person(acc.language)
            username = f"{c.slug}-sub{k}"
            acc.subscriber = UserSpec(
                username=username,
                role="subscriber",
                first_name=first,
                last_name=last,
                email=f"{username}@mail.example",
                cloud=c.slug,
                account=acc.code,
                language=acc.language,
            )
        # A few accounts are suspended (not the ones with demo logins).
        for acc in out:
            if acc.subscriber is None and r.random() < 0.04:
                lo = max(acc.created_at, c.range_start) + timedelta(days=14)
                hi = self.now - timedelta(days=1)
                if lo < hi:
                    acc.suspended_at = _rand_time(r, lo, hi)
        return out

    # cameras

    def cameras(
        self, clouds: list[CloudSpec], accounts: list[AccountSpec], total: int
    ) -> list[CameraSpec]:
        r = self.rng
        if not accounts or total == 0:
            return []
        counts = [0] * len(accounts)
        rest = total
        if total >= len(accounts):
            counts = [1] * len(accounts)
            rest = total - len(accounts)
        weights = [a.weight for a in accounts]
        for i in r.choices(range(len(accounts)), weights, k=rest):
            counts[i] += 1
        by_cloud = {c.slug: c for c in clouds}
        by_cloud_accounts: dict[str, list[AccountSpec]] = {}
        for a in accounts:
            by_cloud_accounts.setdefault(a.cloud, []).append(a)
        serial: dict[str, int] = {}
        used_codes: dict[str, set[str]] = {}
        out: list[CameraSpec] = []
        hi_all = self.now - timedelta(hours=1)
        for acc, count in zip(accounts, counts, strict=True):
            c = by_cloud[acc.cloud]
            sellable = c.sellable()
            codes = used_codes.setdefault(c.slug, {a.code for a in by_cloud_accounts[c.slug]})
            for _ in range(count):
                place = r.choice(N.KINDS[acc.kind]["places"])
                n = acc.place_counts.get(place, 0) + 1
                acc.place_counts[place] = n
                en, es = N.PLACE_TITLES[place]
                title = es if acc.language == "es" else en
                if n > 1 or place == "level":
                    title = f"{title} {n}"
                if acc.kind == "home":
                    # Home cameras keep the stream names Watcher generated.
                    serial[c.slug] = serial.get(c.slug, 0) + 1
                    code = f"cam-{c.slug}-{serial[c.slug]:06d}"
                else:
                    code = f"{acc.code}-{place}-{n}"
                base, k = code, 2
                while code in codes:
                    code = f"{base}-{k}"
                    k += 1
                codes.add(code)
                family = self._pick_tariff(acc.kind, sellable)
                lo = acc.created_at + timedelta(minutes=10)
                # A suspended account's cameras were all installed well before it.
                hi = hi_all if acc.suspended_at is None else acc.suspended_at - timedelta(days=1)
                if acc.created_at < c.range_start and r.random() < 0.75:
                    start = _rand_time(r, lo, c.range_start)  # installed before the demo's months
                elif r.random() < 0.5:
                    start = _rand_time(
                        r, max(lo, c.range_start), max(lo, c.range_start) + timedelta(days=1)
                    )
                else:
                    start = _rand_time(r, max(lo, c.range_start), hi)
                start = max(lo, min(start, hi - timedelta(hours=1)))
                cam = CameraSpec(
                    cloud=c.slug,
                    code=code,
                    title=title,
                    account=acc.code,
                    tariff=sellable[family],
                    start=start,
                    # an operator that just joined imports all its running cameras
                    imported=start < c.range_start
                    and (c.trial_until is not None or r.random() < 0.3),
                )
                self._history(
                    cam, acc, family, sellable, by_cloud_accounts[c.slug], hi_all, c.range_start
                )
                out.append(cam)
        return out

    def _pick_tariff(self, kind: str, sellable: dict[str, str], exclude: str | None = None) -> str:
        options = [t for t in N.KINDS[kind]["tariffs"] if t in sellable and t != exclude]
        if not options:
            options = [t for t in sellable if t != exclude] or list(sellable)
        weights = [len(options) - i for i in range(len(options))]
        return self.rng.choices(options, weights)[0]

    def _history(
        self,
        cam: CameraSpec,
        acc: AccountSpec,
        family: str,
        sellable: dict[str, str],
        cloud_accounts: list[AccountSpec],
        hi: datetime,
        range_start: datetime,
    ) -> None:
        """Tariff changes, a move and a removal at increasing random times."""
        r = self.rng
        roll = r.random()
        n_changes = 1 if roll < 0.22 else 2 if roll < 0.30 else 0
        move = acc.suspended_at is None and r.random() < 0.03
        remove = r.random() < 0.09
        end = acc.suspended_at or hi
        k = n_changes + int(move) + int(remove)
        # Changes happen inside the demo's months, where invoices show them.
        lo = max(cam.start, range_start) + timedelta(hours=1)
        times: list[datetime] = []
        if k and end - lo > timedelta(hours=2 * k):
            times = sorted(_rand_time(r, lo, end) for _ in range(k))
            # at least an hour apart: two changes of one camera never share an instant
            for j in range(1, len(times)):
                if times[j] < times[j - 1] + timedelta(hours=1):
                    times[j] = times[j - 1] + timedelta(hours=1)
            if times[-1] >= end:
                times = []
        if not times:
            n_changes, move, remove = 0, False, False
        kinds = ["change"] * n_changes
        if move:
            kinds.insert(r.randrange(len(kinds) + 1), "move")
        if remove:
            kinds.append("remove")
        current, owner, moved_to_live = family, acc, True
        for at, kind in zip(times, kinds, strict=True):
            if kind == "change":
                new = self._pick_tariff(acc.kind, sellable, exclude=current)
                if new == current:
                    continue
                current = new
                cam.events.append((at, "change", sellable[new]))
            elif kind == "move":
                # A camera changes hands between businesses (a branch sold, a
                # sister company) or between households, not across.
                targets = [
                    a
                    for a in cloud_accounts
                    if a is not owner
                    and a.suspended_at is None
                    and a.created_at < at
                    and (a.kind == "home") == (acc.kind == "home")
                ]
                if not targets:
                    continue
                owner = r.choice(targets)
                cam.events.append((at, "move", owner.code))
            else:
                cam.events.append((at, "remove", None))
                moved_to_live = False
        if moved_to_live and owner is acc and acc.suspended_at is not None:
            # Suspension switches the recording off: the tariff period ends.
            cam.events.append((acc.suspended_at, "disable", None))
