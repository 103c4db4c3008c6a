"""Writes of the sales domain: products, one-off charges, coupons and their
redemptions. One verb, one transaction, one audit row."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from cambill.clouds.models import Account, Camera, Cloud
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.audit import audit, snapshot
from cambill.core.errors import DomainError, ErrorCode, NotFound, validation
from cambill.core.periods import Period
from cambill.core.permissions import require
from cambill.core.validation import (
    check_amount,
    check_code,
    check_percent,
    check_text,
    duplicate,
    to_decimal,
    validate_model,
)

from .models import (
    Charge,
    Coupon,
    CouponDuration,
    CouponRedemption,
    CouponTariff,
    Product,
    RedemptionSource,
)

PRODUCT_FIELDS = ["code", "name", "description", "price", "active"]
COUPON_FIELDS = [
    "code",
    "description",
    "percent",
    "amount",
    "duration",
    "months",
    "max_redemptions",
    "valid_until",
    "active",
]


def local_today(cloud: Cloud, now: datetime) -> date:
    return now.astimezone(Period.containing(now, cloud.timezone).tz).date()


def _check_date(value: Any, field: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        raise validation(field, _("Give a date (YYYY-MM-DD)."))
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise validation(field, _("Give a date (YYYY-MM-DD).")) from None


def _check_positive_int(value: Any, field: str, *, maximum: int = 1_000_000) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise validation(field, _("Must be a whole number."))
    try:
        n = int(str(value))
    except ValueError:
        raise validation(field, _("Must be a whole number.")) from None
    if not 1 <= n <= maximum:
        raise validation(field, _("Must be between 1 and %(max)s.") % {"max": maximum})
    return n


# --- products ---------------------------------------------------------------------


@transaction.atomic
def product_create(
    *,
    actor: Actor,
    cloud: Cloud,
    code: str,
    name: str,
    price: Any,
    description: str = "",
    active: bool = True,
    now: datetime | None = None,
) -> Product:
    """Add a product to the cloud's catalogue (price per unit, tax excluded)."""
    require(actor, "product.manage", cloud)
    now = clock.given(now)
    code = check_code(code, "code")
    p = Product(
        cloud=cloud,
        code=code,
        name=check_text(name, "name"),
        description=check_text(description, "description", required=False),
        price=check_amount(price, "price"),
        active=bool(active),
        created_at=now,
        updated_at=now,
    )
    validate_model(p, fields=["code", "name", "description"])
    try:
        with transaction.atomic():
            p.save(force_insert=True)
    except IntegrityError:
        raise duplicate("code", "product", code) from None
    audit(actor=actor, verb="product_create", obj=p, after=snapshot(p, PRODUCT_FIELDS), now=now)
    return p


@transaction.atomic
def product_update(
    *, actor: Actor, product: Product, now: datetime | None = None, **fields: Any
) -> Product:
    """Change a product's name, description, price or ``active``; charges already
    made keep their own unit price."""
    require(actor, "product.manage", product)
    now = clock.given(now)
    unknown = set(fields) - {"name", "description", "price", "active"}
    if unknown:
        raise validation(sorted(unknown)[0], _("This field cannot be changed."))
    p = Product.objects.select_for_update().get(pk=product.pk)
    before = snapshot(p, PRODUCT_FIELDS)
    if "name" in fields:
        p.name = check_text(fields["name"], "name")
    if "description" in fields:
        p.description = check_text(fields["description"], "description", required=False)
    if "price" in fields:
        p.price = check_amount(fields["price"], "price")
    if "active" in fields:
        p.active = bool(fields["active"])
    p.updated_at = now
    validate_model(p, fields=["name", "description"])
    p.save()
    audit(
        actor=actor,
        verb="product_update",
        obj=p,
        before=before,
        after=snapshot(p, PRODUCT_FIELDS),
        now=now,
    )
    return p


@transaction.atomic
def product_delete(*, actor: Actor, product: Product, now: datetime | None = None) -> None:
    """Remove a product nobody was charged for; a sold one is deactivated instead."""
    require(actor, "product.manage", product)
    now = clock.given(now)
    p = Product.objects.select_for_update().get(pk=product.pk)
    if Charge.objects.filter(product=p).exists():
        raise DomainError(
            ErrorCode.INVALID_STATE,
            _("Product %(code)s was charged to accounts; deactivate it instead.")
            % {"code": p.code},
        )
    audit(actor=actor, verb="product_delete", obj=p, before=snapshot(p, PRODUCT_FIELDS), now=now)
    p.delete()


# --- one-off charges ----------------------------------------------------------------


def _product_of(cloud: Cloud, product: Any) -> Product | None:
    if product is None or product == "":
        return None
    if isinstance(product, Product):
        if product.cloud_id != cloud.pk:
            raise validation("product", _("No such product in this cloud."))
        return product
    found = Product.objects.filter(cloud=cloud, code=str(product)).first()
    if found is None:
        raise validation("product", _("No such product in this cloud."))
    return found


def _camera_of(account: Account, camera: Any) -> Camera | None:
    if camera is None or camera == "":
        return None
    if isinstance(camera, Camera):
        found: Camera | None = camera if camera.cloud_id == account.cloud_id else None
    else:
        found = Camera.objects.filter(cloud_id=account.cloud_id, code=str(camera)).first()
    if found is None or found.account_id != account.pk:
        raise validation("camera", _("No such camera on this account."))
    return found


@transaction.atomic
def charge_create(
    *,
    actor: Actor,
    account: Account,
    description: str = "",
    product: Any = None,
    quantity: Any = 1,
    unit_price: Any = None,
    date: Any = None,
    camera: Any = None,
    now: datetime | None = None,
) -> Charge:
    """Charge an account once (a camera sold, an installation).

    ``date`` is a local date of the cloud (default: today there); the charge
    lands on the invoice of the period holding it, or on the next invoice when
    that one is already issued. ``unit_price`` and ``description`` default to
    the product's price and name.
    """
    require(actor, "charge.manage", account)
    now = clock.given(now)
    cloud = Cloud.objects.get(pk=account.cloud_id)
    prod = _product_of(cloud, product)
    if prod is not None and not prod.active:
        raise validation("product", _("This product is no longer sold."))
    desc = check_text(description, "description", required=False)
    if not desc:
        if prod is None:
            raise validation("description", _("Give a description or a product."))
        desc = prod.name
    qty = to_decimal(quantity, "quantity")
    if qty <= 0:
        raise validation("quantity", _("Must be above zero."))
    qty = check_amount(qty, "quantity")
    if unit_price is None or unit_price == "":
        if prod is None:
            raise validation("unit_price", _("Give a unit price or a product."))
        price = prod.price
    else:
        price = check_amount(unit_price, "unit_price")
    day = _check_date(date, "date") or local_today(cloud, now)
    c = Charge(
        cloud=cloud,
        account=account,
        product=prod,
        camera=_camera_of(account, camera),
        description=desc,
        quantity=qty,
        unit_price=price,
        date=day,
        created_by=actor.user,
        created_at=now,
    )
    validate_model(c, fields=["description"])
    c.save(force_insert=True)
    audit(actor=actor, verb="charge_create", obj=c, after=charge_state(c), now=now)
    return c


def charge_state(c: Charge) -> dict[str, Any]:
    return {
        "account": c.account.code,
        "product": c.product.code if c.product is not None else None,
        "camera": c.camera.code if c.camera is not None else None,
        "description": c.description,
        "quantity": str(c.quantity),
        "unit_price": str(c.unit_price),
        "date": c.date.isoformat(),
    }


@transaction.atomic
def charge_delete(*, actor: Actor, charge: Charge, now: datetime | None = None) -> None:
    """Delete a charge not yet invoiced. One already on a draft invoice leaves it
    too: the draft is regenerated without it."""
    from cambill.core.access import SYSTEM
    from cambill.invoicing.models import Invoice, InvoiceStatus
    from cambill.invoicing.services import invoice_regenerate

    require(actor, "charge.manage", charge.account)
    now = clock.given(now)
    c = Charge.objects.select_for_update().filter(pk=charge.pk).first()
    if c is None:
        raise NotFound("charge")
    draft = None
    if c.invoice_id is not None:
        inv = Invoice.objects.select_for_update().get(pk=c.invoice_id)
        if inv.status != InvoiceStatus.DRAFT:
            raise DomainError(
                ErrorCode.INVOICE_IMMUTABLE,
                _("This charge is on invoice %(number)s; correct it with a credit note.")
                % {"number": inv.number or inv.pk},
            )
        draft = inv
    audit(actor=actor, verb="charge_delete", obj=c, before=charge_state(c), now=now)
    c.delete()
    if draft is not None:
        invoice_regenerate(actor=SYSTEM, invoice=draft, now=now)


# --- coupons ------------------------------------------------------------------------


def _tariffs_of(cloud: Cloud, tariffs: Any) -> list[Any]:
    from cambill.catalog.models import TariffPlan
    from cambill.catalog.selectors import tariffs_for_cloud

    if tariffs is None:
        return []
    if isinstance(tariffs, str) or not isinstance(tariffs, list | tuple | set | frozenset):
        raise validation("tariffs", _("Give a list of tariff codes."))
    out: list[Any] = []
    available = tariffs_for_cloud(cloud)
    for t in tariffs:
        if isinstance(t, TariffPlan):
            found = available.filter(pk=t.pk).first()
        else:
            found = available.filter(code=str(t)).order_by("-cloud_id").first()
        if found is None:
            raise validation("tariffs", _("No such tariff in this cloud: %(code)s.") % {"code": t})
        if found not in out:
            out.append(found)
    return out


@transaction.atomic
def coupon_create(
    *,
    actor: Actor,
    cloud: Cloud,
    code: str,
    duration: str,
    percent: Any = None,
    amount: Any = None,
    months: Any = None,
    max_redemptions: Any = None,
    valid_until: Any = None,
    tariffs: Any = None,
    description: str = "",
    now: datetime | None = None,
) -> Coupon:
    """A promotion: ``percent`` off or ``amount`` off each invoice it applies to,
    ``once``, ``repeating`` for ``months`` periods, or ``forever``."""
    require(actor, "coupon.manage", cloud)
    now = clock.given(now)
    code = check_code(code, "code")
    has_p = percent is not None and percent != ""
    has_a = amount is not None and amount != ""
    if has_p == has_a:
        raise validation("percent", _("Give either a percent or an amount."))
    pct = amt = None
    if has_p:
        pct = check_percent(percent, "percent")
        if pct <= 0:
            raise validation("percent", _("Must be above zero."))
    else:
        amt = check_amount(amount, "amount")
        if amt <= 0:
            raise validation("amount", _("Must be above zero."))
        from cambill.core.money import quantum

        if amt != amt.quantize(quantum(cloud.currency)):
            raise validation(
                "amount", _("At most the places of %(currency)s.") % {"currency": cloud.currency}
            )
    if duration not in CouponDuration.values:
        raise validation("duration", _("Use 'once', 'repeating' or 'forever'."))
    n_months = _check_positive_int(months, "months", maximum=1200)
    if duration == CouponDuration.REPEATING and n_months is None:
        raise validation("months", _("A repeating coupon needs its number of months."))
    if duration != CouponDuration.REPEATING and n_months is not None:
        raise validation("months", _("Only a repeating coupon has months."))
    c = Coupon(
        cloud=cloud,
        code=code,
        description=check_text(description, "description", required=False),
        percent=pct,
        amount=amt,
        duration=duration,
        months=n_months,
        max_redemptions=_check_positive_int(max_redemptions, "max_redemptions"),
        valid_until=_check_date(valid_until, "valid_until"),
        created_at=now,
        updated_at=now,
    )
    plans = _tariffs_of(cloud, tariffs)
    validate_model(c, fields=["code", "description"])
    try:
        with transaction.atomic():
            c.save(force_insert=True)
    except IntegrityError:
        raise duplicate("code", "coupon", code) from None
    CouponTariff.objects.bulk_create(CouponTariff(cloud=cloud, coupon=c, tariff=t) for t in plans)
    audit(actor=actor, verb="coupon_create", obj=c, after=coupon_state(c), now=now)
    return c


def coupon_state(c: Coupon) -> dict[str, Any]:
    state = snapshot(c, COUPON_FIELDS)
    state["tariffs"] = sorted(c.tariff_links.values_list("tariff__code", flat=True))
    return state


@transaction.atomic
def coupon_deactivate(*, actor: Actor, coupon: Coupon, now: datetime | None = None) -> Coupon:
    """No new redemptions; accounts that redeemed it keep it for its duration."""
    require(actor, "coupon.manage", coupon)
    now = clock.given(now)
    c = Coupon.objects.select_for_update().get(pk=coupon.pk)
    before = snapshot(c, ["active"])
    c.active = False
    c.updated_at = now
    c.save(update_fields=["active", "updated_at"])
    audit(
        actor=actor,
        verb="coupon_deactivate",
        obj=c,
        before=before,
        after={"active": False},
        now=now,
    )
    return c


def _first_open_period(account: Account, start: Period) -> Period:
    """The first period from ``start`` whose invoice of the account is not yet
    issued: an issued invoice never changes, so a coupon is never lost on one."""
    from cambill.invoicing.models import Invoice, InvoiceKind, InvoiceStatus

    closed = set(
        Invoice.objects.filter(account=account, kind=InvoiceKind.RETAIL, period__gte=start.key)
        .exclude(status=InvoiceStatus.DRAFT)
        .values_list("period", flat=True)
    )
    p = start
    while p.key in closed:
        p = p.next()
    return p


def _already(code: str) -> DomainError:
    return DomainError(
        ErrorCode.DUPLICATE,
        _("This account already redeemed coupon %(code)s.") % {"code": code},
        {"coupon": [_("Already redeemed.")]},
    )


@transaction.atomic
def coupon_redeem(
    *,
    actor: Actor,
    account: Account,
    coupon: Any,
    at: datetime | None = None,
    source: str = RedemptionSource.STAFF,
    now: datetime | None = None,
) -> CouponRedemption:
    """Redeem a coupon on an account at ``at`` (default now): it applies to the
    invoices of the periods ending after ``at`` (``once``: the first of them;
    ``repeating``: the first ``months``) whose invoice is not already issued."""
    require(actor, "coupon.redeem", account)
    now = clock.given(now)
    at = now if at is None else at
    if not isinstance(at, datetime) or at.tzinfo is None:
        raise validation("at", _("Give a time with its UTC offset (ISO 8601)."))
    cloud = Cloud.objects.get(pk=account.cloud_id)
    if isinstance(coupon, Coupon):
        code = coupon.code
        found = Coupon.objects.select_for_update().filter(cloud=cloud, pk=coupon.pk).first()
    else:
        code = str(coupon or "").strip()
        found = Coupon.objects.select_for_update().filter(cloud=cloud, code=code).first()
    if found is None:
        raise validation("coupon", _("No such coupon."))
    c = found
    if not c.active:
        raise validation("coupon", _("This coupon is no longer offered."))
    if c.valid_until is not None and local_today(cloud, at) > c.valid_until:
        raise validation("coupon", _("This coupon expired on %(date)s.") % {"date": c.valid_until})
    if CouponRedemption.objects.filter(coupon=c, account=account).exists():
        raise _already(code)
    if c.max_redemptions is not None and c.times_redeemed >= c.max_redemptions:
        raise DomainError(
            ErrorCode.CONFLICT,
            _("This coupon has been redeemed as many times as it may be."),
            {"coupon": [_("No redemptions left.")]},
        )
    first = _first_open_period(account, Period.containing(at, cloud.timezone))
    last = ""
    if c.duration == CouponDuration.ONCE:
        last = first.key
    elif c.duration == CouponDuration.REPEATING:
        p = first
        for _i in range(int(c.months or 1) - 1):
            p = p.next()
        last = p.key
    r = CouponRedemption(
        cloud=cloud,
        coupon=c,
        account=account,
        redeemed_at=at,
        first_period=first.key,
        last_period=last,
        source=source if source in RedemptionSource.values else RedemptionSource.STAFF,
        created_by=actor.user,
        created_at=now,
    )
    try:
        with transaction.atomic():
            r.save(force_insert=True)
    except IntegrityError:
        raise _already(code) from None
    # The lock above serialises redeemers; the check constraint is the last word.
    Coupon.objects.filter(pk=c.pk).update(times_redeemed=F("times_redeemed") + 1, updated_at=now)
    audit(
        actor=actor,
        verb="coupon_redeem",
        obj=r,
        after={
            "coupon": c.code,
            "account": account.code,
            "at": at.isoformat(),
            "first_period": r.first_period,
            "last_period": r.last_period or None,
            "source": r.source,
        },
        now=now,
    )
    return r
