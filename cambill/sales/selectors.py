"""Reads of the sales domain, scoped to the actor."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cambill.clouds.models import Account, Cloud
from cambill.core.access import Actor
from cambill.core.errors import NotFound
from cambill.core.permissions import require
from cambill.core.predicates import in_cloud

from .models import Charge, Coupon, CouponRedemption, Product


def _in_reach(actor: Actor, cloud: Cloud) -> None:
    if not actor.is_system and not in_cloud(actor, cloud.pk):
        raise NotFound("cloud")


def product_list(*, actor: Actor, cloud: Cloud, active: bool | None = None) -> QuerySet[Product]:
    require(actor, "product.view")
    _in_reach(actor, cloud)
    qs = Product.objects.filter(cloud=cloud).select_related("cloud")
    if active is not None:
        qs = qs.filter(active=active)
    return qs.order_by("code")


def product_get(*, actor: Actor, cloud: Cloud, code: str) -> Product:
    p = product_list(actor=actor, cloud=cloud).filter(code=code).first()
    if p is None:
        raise NotFound("product")
    return p


def product_choices(cloud: Cloud) -> list[tuple[str, str]]:
    """Active products of a cloud for a form's select (code, "name (price)")."""
    return [
        (code, f"{name} ({price.normalize():f})")
        for code, name, price in Product.objects.filter(cloud=cloud, active=True)
        .order_by("code")
        .values_list("code", "name", "price")
    ]


def charge_list(*, actor: Actor, account: Account) -> QuerySet[Charge]:
    require(actor, "charge.view", account)
    return (
        Charge.objects.filter(account=account)
        .select_related("product", "camera", "invoice", "account", "cloud")
        .order_by("-date", "-id")
    )


def charge_get(*, actor: Actor, account: Account, pk: Any) -> Charge:
    try:
        n = int(pk)
    except (TypeError, ValueError):
        raise NotFound("charge") from None
    c = charge_list(actor=actor, account=account).filter(pk=n).first()
    if c is None:
        raise NotFound("charge")
    return c


def charge_status(charge: Charge) -> str:
    """``pending`` (on no invoice yet), ``draft`` (on a draft) or ``invoiced``."""
    if charge.invoice is None:
        return "pending"
    return "draft" if charge.invoice.status == "draft" else "invoiced"


def coupon_list(*, actor: Actor, cloud: Cloud, active: bool | None = None) -> QuerySet[Coupon]:
    require(actor, "coupon.view")
    _in_reach(actor, cloud)
    qs = (
        Coupon.objects.filter(cloud=cloud)
        .select_related("cloud")
        .prefetch_related("tariff_links__tariff")
    )
    if active is not None:
        qs = qs.filter(active=active)
    return qs.order_by("code")


def coupon_get(*, actor: Actor, cloud: Cloud, code: str) -> Coupon:
    c = coupon_list(actor=actor, cloud=cloud).filter(code=code).first()
    if c is None:
        raise NotFound("coupon")
    return c


def coupon_tariff_codes(coupon: Coupon) -> list[str]:
    return sorted(link.tariff.code for link in coupon.tariff_links.all())


def redemption_list(*, actor: Actor, account: Account) -> QuerySet[CouponRedemption]:
    # who sees an account's charges sees its coupons
    require(actor, "charge.view", account)
    return (
        CouponRedemption.objects.filter(account=account)
        .select_related("coupon", "cloud")
        .order_by("redeemed_at", "id")
    )


def product_none() -> QuerySet[Product]:
    """The schema generator's stand-in for ``product_list``."""
    return Product.objects.none()


def charge_none() -> QuerySet[Charge]:
    return Charge.objects.none()


def coupon_none() -> QuerySet[Coupon]:
    return Coupon.objects.none()


def redemption_none() -> QuerySet[CouponRedemption]:
    return CouponRedemption.objects.none()


def charge_amount(charge: Charge) -> Any:
    """What the charge's invoice line comes to: ``round(quantity x unit price)``."""
    from cambill.core.money import round_money

    return round_money(charge.quantity * charge.unit_price, charge.cloud.currency)


def field_max_length(model: str, field: str) -> int:
    """The ``max_length`` of a text field of this domain's models, for the layers above."""
    from cambill.core.validation import model_max_length

    from . import models as domain_models

    return model_max_length(getattr(domain_models, model), field)
