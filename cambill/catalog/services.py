"""Writes on the catalogue: services, prices, tariffs, cloud terms, discounts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from cambill.accounts.roles import Role
from cambill.clouds.scope import require_account_scope, require_cloud_write
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.audit import audit, snapshot
from cambill.core.errors import ErrorCode, Forbidden, validation
from cambill.core.field_errors import FieldErrors
from cambill.core.permissions import require
from cambill.core.validation import (
    check_amount,
    check_code,
    check_currency,
    check_text,
    duplicate,
    to_decimal,
    validate_model,
)

from .models import (
    AccountDiscount,
    CloudAllowedTariff,
    CloudServicePrice,
    DiscountKind,
    Service,
    ServiceKind,
    ServicePrice,
    TariffComponent,
    TariffPlan,
    TariffPrice,
)

# The first price of a tariff is valid from the beginning of time.
EPOCH = date(1970, 1, 1)


def _check_preset_settings(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise validation("preset_settings", gettext('Must be an object, e.g. {"dvr_days": 1}.'))
    allowed = {"dvr_days": int, "vision_alg": str, "storage_limit_gb": (int, float)}
    for k, v in value.items():
        if k not in allowed:
            raise validation(
                "preset_settings",
                gettext("Unknown preset setting '%(k)s'; use %(value)s.")
                % {"k": k, "value": ", ".join(allowed)},
            )
        if not isinstance(v, allowed[k]) or isinstance(v, bool):  # type: ignore[arg-type]
            raise validation("preset_settings", gettext("'%(k)s' has the wrong type.") % {"k": k})
    return value


def _clean_prices(prices: Any) -> list[dict[str, Any]]:
    out = []
    seen = set()
    for i, p in enumerate(prices or []):
        if not isinstance(p, dict):
            raise validation("prices", gettext("Price %(i)s must be an object.") % {"i": i})
        cur = check_currency(str(p.get("currency") or ""), "prices")
        amount = check_amount(p.get("amount"), "prices")
        vf = p.get("valid_from") or date(2000, 1, 1)
        if not isinstance(vf, date):
            try:
                vf = date.fromisoformat(str(vf))
            except ValueError:
                raise validation(
                    "prices",
                    gettext("Price %(i)s: valid_from must be a date (YYYY-MM-DD).") % {"i": i},
                ) from None
        if (cur, vf) in seen:
            raise validation(
                "prices", gettext("Two prices in %(cur)s from %(vf)s.") % {"cur": cur, "vf": vf}
            )
        seen.add((cur, vf))
        out.append({"currency": cur, "amount": amount, "valid_from": vf})
    return out


def _check_bool(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise validation(field, _("Use true or false."))
    return value


@transaction.atomic
def _sat_codes(**codes: str | None) -> dict[str, str]:
    """SAT's product and unit codes of a service (Mexico's CFDI), checked against SAT's
    catalogues; a code left out keeps the model's default."""
    from cambill.einvoice.legal import check_sat_code

    catalogs = {"sat_product_code": "c_ClaveProdServ", "sat_unit_code": "c_ClaveUnidad"}
    out: dict[str, str] = {}
    for key, value in codes.items():
        if value is None:
            continue
        try:
            out[key] = check_sat_code(catalogs[key], value)
        except ValueError as e:
            raise validation(key, str(e)) from None
    return out


def service_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    kind: str = ServiceKind.FIXED,
    unit: str = "camera-month",
    preset_settings: dict[str, Any] | None = None,
    prices: list[dict[str, Any]] | None = None,
    billed_while_suspended: bool = False,
    sat_product_code: str | None = None,
    sat_unit_code: str | None = None,
) -> Service:
    require(actor, "service.manage")
    errors = FieldErrors()
    code = errors.check(check_code, code, max_length=None) or code
    name = errors.check(check_text, name, "name") or name
    if kind not in ServiceKind.values:
        raise validation("kind", gettext("Use 'fixed' or 'metered'."))
    unit = errors.check(check_text, unit, "unit") or unit
    settings_ = errors.check(_check_preset_settings, preset_settings) or {}
    clean = errors.check(_clean_prices, prices) or []
    errors.raise_if_any()  # every bad field of the request at once
    svc = Service(
        code=code,
        name=name,
        kind=kind,
        unit=unit,
        preset_settings=settings_,
        billed_while_suspended=_check_bool(billed_while_suspended, "billed_while_suspended"),
        **_sat_codes(sat_product_code=sat_product_code, sat_unit_code=sat_unit_code),
    )
    errors.check(validate_model, svc)
    if Service.objects.filter(code=code).exists():
        errors.add_error(duplicate("code", "service", code))
    errors.raise_if_any()
    try:
        with transaction.atomic():
            svc.save(force_insert=True)
    except IntegrityError:
        raise duplicate("code", "service", code) from None
    for p in clean:
        ServicePrice.objects.create(service=svc, **p)
    audit(actor=actor, verb="service_create", obj=svc, after={**snapshot(svc), "prices": clean})
    return svc


@transaction.atomic
def service_update(*, actor: Actor, service: Service, **fields: Any) -> Service:
    require(actor, "service.manage")
    service = Service.objects.select_for_update().get(pk=service.pk)
    before = snapshot(service)
    for key, value in fields.items():
        if key == "name":
            service.name = check_text(value, key)
        elif key == "unit":
            service.unit = check_text(value, key)
        elif key == "preset_settings":
            service.preset_settings = _check_preset_settings(value)
        elif key == "active":
            service.active = bool(value)
        elif key == "billed_while_suspended":
            # Charged to the cloud while the camera's account is suspended.
            service.billed_while_suspended = _check_bool(value, key)
        elif key == "kind":
            if value not in ServiceKind.values:
                raise validation("kind", gettext("Use 'fixed' or 'metered'."))
            service.kind = value
        elif key in ("sat_product_code", "sat_unit_code"):
            setattr(service, key, _sat_codes(**{key: value})[key])
        else:
            raise validation(key, gettext("'%(key)s' cannot be changed here.") % {"key": key})
    validate_model(service, fields=fields)
    service.save()
    audit(actor=actor, verb="service_update", obj=service, before=before, after=snapshot(service))
    return service


@transaction.atomic
def service_price_set(
    *, actor: Actor, service: Service, currency: str, amount: Any, valid_from: date
) -> ServicePrice:
    """Set the list price of a service in a currency from a date (replacing one
    set for the same date; earlier prices stay for history)."""
    require(actor, "service.manage")
    (p,) = _clean_prices([{"currency": currency, "amount": amount, "valid_from": valid_from}])
    price, _ = ServicePrice.objects.update_or_create(
        service=service,
        currency=p["currency"],
        valid_from=p["valid_from"],
        defaults={"amount": p["amount"]},
    )
    audit(actor=actor, verb="service_price_set", obj=service, after=p)
    return price


# --- tariffs --------------------------------------------------------------


def _clean_components(components: Any) -> list[tuple[Service, Decimal]]:
    if not isinstance(components, list) or not components:
        raise validation("components", gettext("A tariff needs at least one component."))
    out: list[tuple[Service, Decimal]] = []
    seen: set[str] = set()
    for i, c in enumerate(components):
        if not isinstance(c, dict):
            raise validation("components", gettext("Component %(i)s must be an object.") % {"i": i})
        code = c.get("service")
        svc = code if isinstance(code, Service) else Service.objects.filter(code=str(code)).first()
        if svc is None:
            raise validation(
                "components",
                gettext("Component %(i)s: unknown service '%(code)s'.") % {"i": i, "code": code},
            )
        if svc.code in seen:
            raise validation(
                "components", gettext("Service '%(code)s' appears twice.") % {"code": svc.code}
            )
        seen.add(svc.code)
        qty = to_decimal(c.get("quantity", 1), "components")
        if qty <= 0 or qty.as_tuple().exponent < -4 or qty > 100000:  # type: ignore[operator]
            raise validation(
                "components",
                gettext("Component %(i)s: quantity must be positive, at most 4 decimals.")
                % {"i": i},
            )
        out.append((svc, qty))
    return out


def _require_tariff_owner(actor: Actor, cloud: Any) -> None:
    require(actor, "tariff.manage")
    if cloud is None:
        if actor.role not in (Role.PROVIDER_ADMIN, None):
            raise Forbidden(gettext("Only provider admins manage provider tariffs."))
    elif not actor.is_provider and actor.cloud_id != cloud.pk:
        raise Forbidden(gettext("Not your cloud."))
    elif actor.role == Role.PROVIDER_MANAGER:
        raise Forbidden()


@transaction.atomic
def tariff_create(
    *,
    actor: Actor,
    cloud: Any,
    code: str,
    name: str,
    price: Any,
    components: list[dict[str, Any]],
    currency: str | None = None,
    self_service: bool = False,
) -> TariffPlan:
    """Create a tariff plan for a cloud (or, with ``cloud=None``, a provider
    tariff to offer to clouds)."""
    _require_tariff_owner(actor, cloud)
    code = check_code(code, max_length=None)
    name = check_text(name, "name")
    amount = check_amount(price, "price")
    if cloud is not None:
        if currency and currency != cloud.currency:
            raise validation("currency", gettext("A cloud's tariffs are in the cloud's currency."))
        currency = cloud.currency
    currency = check_currency(currency or "")
    comps = _clean_components(components)
    plan = TariffPlan(
        cloud=cloud,
        code=code,
        name=name,
        price=amount,
        currency=currency,
        self_service=_check_bool(self_service, "self_service"),
        created_at=clock.now(),
    )
    validate_model(plan, fields=["code", "name", "currency"])
    qs = TariffPlan.objects.filter(code=code)
    if (qs.filter(cloud=cloud) if cloud is not None else qs.filter(cloud__isnull=True)).exists():
        raise duplicate("code", "tariff", code)
    try:
        with transaction.atomic():
            plan.save(force_insert=True)
    except IntegrityError:
        raise duplicate("code", "tariff", code) from None
    TariffPrice.objects.create(tariff=plan, amount=amount, valid_from=EPOCH)
    TariffComponent.objects.bulk_create(
        TariffComponent(tariff=plan, service=s, quantity=q) for s, q in comps
    )
    audit(
        actor=actor,
        verb="tariff_create",
        obj=plan,
        after={**snapshot(plan), "components": [(s.code, q) for s, q in comps]},
        cloud_id=cloud.pk if cloud else None,
        now=plan.created_at,
    )
    return plan


def _local_today(tariff: TariffPlan) -> date:
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(tariff.cloud.timezone) if tariff.cloud is not None else ZoneInfo("UTC")
    return clock.now().astimezone(tz).date()


def _tariff_state(tariff: TariffPlan) -> dict[str, Any]:
    return {
        **snapshot(tariff),
        "components": list(tariff.components.values_list("service__code", "quantity")),
        "prices": list(tariff.prices.values_list("valid_from", "amount")),
    }


@transaction.atomic
def tariff_update(
    *, actor: Actor, tariff: TariffPlan, price_valid_from: date | None = None, **fields: Any
) -> TariffPlan:
    """Change a tariff. A new ``price`` applies from ``price_valid_from`` (a
    local date; default today in the cloud's zone): days before it keep the
    old price, so past months re-run to the same amounts."""
    _require_tariff_owner(actor, tariff.cloud)
    tariff = TariffPlan.objects.select_for_update().get(pk=tariff.pk)
    before = _tariff_state(tariff)
    for key, value in fields.items():
        if key == "name":
            tariff.name = check_text(value, key)
            validate_model(tariff, fields=["name"])
        elif key == "price":
            amount = check_amount(value, "price")
            since = price_valid_from or _local_today(tariff)
            if not isinstance(since, date):
                raise validation("price_valid_from", gettext("Must be a date (YYYY-MM-DD)."))
            TariffPrice.objects.update_or_create(
                tariff=tariff, valid_from=since, defaults={"amount": amount}
            )
            newest = tariff.prices.order_by("-valid_from").first()
            tariff.price = newest.amount if newest else amount
        elif key == "active":
            tariff.active = bool(value)
        elif key == "self_service":
            tariff.self_service = _check_bool(value, key)
        elif key == "components":
            comps = _clean_components(value)
            tariff.components.all().delete()
            TariffComponent.objects.bulk_create(
                TariffComponent(tariff=tariff, service=s, quantity=q) for s, q in comps
            )
        else:
            raise validation(key, gettext("'%(key)s' cannot be changed here.") % {"key": key})
    tariff.save()
    audit(actor=actor, verb="tariff_update", obj=tariff, before=before, after=_tariff_state(tariff))
    return tariff


# --- cloud terms (provider side) -----------------------------------------


@transaction.atomic
def cloud_set_allowed_tariffs(*, actor: Actor, cloud: Any, tariffs: list[Any]) -> list[TariffPlan]:
    """Replace the set of provider tariffs the cloud may sell."""
    require(actor, "cloud.edit")
    plans: list[TariffPlan] = []
    for t in tariffs:
        plan = (
            t
            if isinstance(t, TariffPlan)
            else TariffPlan.objects.filter(cloud__isnull=True, code=str(t)).first()
        )
        if plan is None or plan.cloud_id is not None:
            raise validation(
                "allowed_tariffs",
                gettext("'%(t)s' is not a provider tariff.") % {"t": t},
                ErrorCode.TARIFF_NOT_ALLOWED,
            )
        if plan.currency != cloud.currency:
            raise validation(
                "allowed_tariffs",
                gettext("'%(code)s' is priced in %(currency)s, the cloud bills in %(currency2)s.")
                % {"code": plan.code, "currency": plan.currency, "currency2": cloud.currency},
            )
        plans.append(plan)
    before = sorted(
        CloudAllowedTariff.objects.filter(cloud=cloud).values_list("tariff__code", flat=True)
    )
    CloudAllowedTariff.objects.filter(cloud=cloud).exclude(tariff__in=plans).delete()
    for plan in plans:
        CloudAllowedTariff.objects.get_or_create(cloud=cloud, tariff=plan)
    audit(
        actor=actor,
        verb="cloud_set_allowed_tariffs",
        obj=cloud,
        before={"allowed_tariffs": before},
        after={"allowed_tariffs": sorted(p.code for p in plans)},
    )
    return plans


@transaction.atomic
def cloud_set_service_prices(
    *, actor: Actor, cloud: Any, prices: list[dict[str, Any]], valid_from: date | None = None
) -> None:
    """Replace the cloud's individual wholesale prices (``[{service, amount}]``,
    in the cloud's currency) from ``valid_from`` (default: from the start)."""
    require(actor, "cloud.edit")
    vf = valid_from or date(2000, 1, 1)
    clean = []
    seen = set()
    for i, p in enumerate(prices):
        if not isinstance(p, dict):
            raise validation("service_prices", gettext("Price %(i)s must be an object.") % {"i": i})
        svc = p.get("service")
        svc = svc if isinstance(svc, Service) else Service.objects.filter(code=str(svc)).first()
        if svc is None:
            raise validation(
                "service_prices",
                gettext("Price %(i)s: unknown service '%(value)s'.")
                % {"i": i, "value": p.get("service")},
            )
        if svc.pk in seen:
            raise validation(
                "service_prices", gettext("Service '%(code)s' appears twice.") % {"code": svc.code}
            )
        seen.add(svc.pk)
        cur = p.get("currency") or cloud.currency
        if cur != cloud.currency:
            raise validation(
                "service_prices",
                gettext("Price %(i)s: prices for a cloud are in %(currency)s.")
                % {"i": i, "currency": cloud.currency},
                ErrorCode.UNKNOWN_CURRENCY,
            )
        clean.append((svc, check_amount(p.get("amount"), "service_prices")))
    before = list(
        CloudServicePrice.objects.filter(cloud=cloud).values_list(
            "service__code", "amount", "valid_from"
        )
    )
    CloudServicePrice.objects.filter(cloud=cloud, valid_from__gte=vf).delete()
    for svc, amount in clean:
        CloudServicePrice.objects.create(
            cloud=cloud, service=svc, currency=cloud.currency, amount=amount, valid_from=vf
        )
    after = [(s.code, a, vf) for s, a in clean]
    audit(
        actor=actor,
        verb="cloud_set_service_prices",
        obj=cloud,
        before={"service_prices": before},
        after={"service_prices": after},
    )


@transaction.atomic
def account_discount_create(
    *,
    actor: Actor,
    account: Any,
    kind: str,
    value: Any,
    valid_from: date | None = None,
    valid_to: date | None = None,
    description: str = "",
) -> AccountDiscount:
    require_cloud_write(actor, account.cloud, "account.edit")
    require_account_scope(actor, account)
    if kind not in DiscountKind.values:
        raise validation("kind", gettext("Use 'percent' or 'fixed'."))
    v = check_amount(value, "value")
    if kind == DiscountKind.PERCENT and v > 100:
        raise validation("value", gettext("A percentage is at most 100."))
    if valid_from and valid_to and valid_to <= valid_from:
        raise validation("valid_to", gettext("Must be after valid_from."))
    d = AccountDiscount(
        cloud=account.cloud,
        account=account,
        kind=kind,
        value=v,
        valid_from=valid_from,
        valid_to=valid_to,
        description=check_text(description, "description", required=False),
    )
    validate_model(d, fields=["kind", "description"])
    d.save(force_insert=True)
    audit(actor=actor, verb="account_discount_create", obj=d, after=snapshot(d))
    return d
