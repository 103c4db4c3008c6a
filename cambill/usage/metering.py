"""Meters and metered prices: what the provider and the clouds configure.

Provider admins define meters (``meter_create``, ``meter_update``) and make
provider services metered (``metered_service_create`` / ``metered_service_set``,
with effective-dated prices per currency, each a pricing model and an optional
allowance per camera). A cloud's admin prices a tariff's metered extras
(``tariff_metered_set`` replaces the list; ``tariff_metered_charge_set`` adds
one). Every verb checks the actor, runs in one transaction and writes its
audit row. Issue #17, point 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from cambill.clouds.models import Cloud
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.audit import audit, snapshot
from cambill.core.errors import DomainError, ErrorCode, Forbidden, validation
from cambill.core.validation import validate_model
from cambill.rating.pricing_models import PricingModel

from .models import Aggregation, Meter, MeteredService, TariffMeteredCharge


def _require_provider_admin(actor: Actor) -> None:
    if not actor.can("usage.manage"):
        raise Forbidden(gettext("Only a provider admin may define meters and metered services."))


def _pricing(value: Any, field: str = "pricing") -> dict[str, Any]:
    try:
        return PricingModel.from_dict(value).to_dict()
    except ValueError as e:
        raise validation(field, str(e)) from None


_METER_FIELDS = (
    "name",
    "unit",
    "event_type",
    "value_path",
    "aggregation",
    "unit_divisor",
    "allow_negative",
)
# What defines which events a meter reads and how they add up: fixed once
# the meter has usage (rollups hold its past readings; a change would re-price
# invoiced months), so a new definition is a new meter.
_DEFINITION = ("event_type", "value_path", "aggregation", "unit_divisor")


def _check_meter(meter: Meter, *, check_code: bool) -> None:
    """Field errors of a meter's definition, all at once."""
    fields: dict[str, list[str]] = {}
    code = meter.code
    if check_code and (
        not isinstance(code, str)
        or not code
        or len(code) > 64
        or not code.replace("_", "").replace("-", "").isalnum()
    ):
        fields["code"] = ["Letters, digits, '-' and '_' only (at most 64)."]
    if meter.aggregation not in Aggregation.values:
        fields["aggregation"] = [f"Use one of {', '.join(Aggregation.values)}."]
    if not isinstance(meter.event_type, str) or not meter.event_type.strip():
        fields["event_type"] = ["Required."]
    path = meter.value_path
    if not isinstance(path, str) or (any(not p for p in path.split(".")) and path):
        fields["value_path"] = ["A dotted path such as bytes or stats.dvr.bytes."]
    elif meter.aggregation == Aggregation.COUNT and path:
        fields["value_path"] = [count_path_message()]
    for key in ("name", "unit"):
        value = getattr(meter, key)
        if not isinstance(value, str) or not value.strip():
            fields[key] = ["Required."]
    if fields:
        raise DomainError(ErrorCode.VALIDATION, gettext("Invalid meter."), fields)


def _divisor(value: Any) -> Decimal:
    from cambill.core.validation import to_decimal

    divisor = to_decimal(value, "unit_divisor")
    if divisor <= 0:
        raise validation("unit_divisor", gettext("Must be above zero."))
    return divisor


def meter_draft(
    *,
    code: str = "draft",
    name: str = "draft",
    unit: str = "unit",
    event_type: str,
    aggregation: str,
    value_path: str = "",
    unit_divisor: Decimal | str | int = 1,
    allow_negative: bool = False,
) -> Meter:
    """An unsaved, checked meter (the meters page's live check reads events
    with a definition before it is saved). Raises ``validation_error``."""
    meter = Meter(
        code=code,
        name=name,
        unit=unit,
        event_type=event_type,
        value_path=value_path if value_path is not None else "",
        aggregation=aggregation,
        unit_divisor=_divisor(unit_divisor),
        allow_negative=bool(allow_negative),
    )
    _check_meter(meter, check_code=True)
    return meter


@transaction.atomic
def meter_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    unit: str,
    event_type: str,
    aggregation: str,
    value_path: str = "",
    unit_divisor: Decimal | str | int = 1,
    allow_negative: bool = False,
) -> Meter:
    """Define a meter (provider admin). ``allow_negative``: accept readings
    below zero (off by default: they would cancel usage the provider bills).
    A ``count`` meter has no value path: each event of its type counts one."""
    _require_provider_admin(actor)
    meter = meter_draft(
        code=code,
        name=name,
        unit=unit,
        event_type=event_type,
        aggregation=aggregation,
        value_path=value_path,
        unit_divisor=unit_divisor,
        allow_negative=allow_negative,
    )
    if Meter.objects.filter(code=code).exists():
        raise DomainError(
            ErrorCode.DUPLICATE,
            gettext("Meter %(code)s exists.") % {"code": code},
            {"code": [gettext("Already exists.")]},
        )
    meter.created_at = clock.now()
    validate_model(meter)
    meter.save(force_insert=True)
    audit(actor=actor, verb="meter_create", obj=meter, after=snapshot(meter))
    return meter


def meter_has_usage(meter: Meter) -> bool:
    """Whether any cloud's rollups hold readings of ``meter``."""
    from .models import UniqueValue, UsageRollup, UsageRollupDaily

    return (
        UsageRollup.objects.filter(meter=meter).exists()
        or UsageRollupDaily.objects.filter(meter=meter).exists()
        or UniqueValue.objects.filter(meter=meter).exists()
    )


@transaction.atomic
def meter_update(*, actor: Actor, meter: Meter, **fields: Any) -> Meter:
    """Change a meter (provider admin): its name, unit and ``allow_negative``
    at any time; what it reads and how (``event_type``, ``value_path``,
    ``aggregation``, ``unit_divisor``) only while no usage was counted with
    it (a ``conflict`` otherwise: define a new meter). The code never changes."""
    _require_provider_admin(actor)
    meter = Meter.objects.select_for_update().get(pk=meter.pk)
    before = snapshot(meter)
    definition = {k: getattr(meter, k) for k in _DEFINITION}
    for key, value in fields.items():
        if key == "code":
            if value != meter.code:
                raise validation("code", _("The code of a meter cannot change."))
        elif key not in _METER_FIELDS:
            raise validation(key, gettext("'%(key)s' cannot be changed here.") % {"key": key})
        elif key == "unit_divisor":
            meter.unit_divisor = _divisor(value)
        elif key == "allow_negative":
            meter.allow_negative = bool(value)
        else:
            setattr(meter, key, "" if value is None and key == "value_path" else value)
    _check_meter(meter, check_code=False)
    changed = [k for k in _DEFINITION if definition[k] != getattr(meter, k)]
    if changed and meter_has_usage(meter):
        message = _(
            "The meter has counted usage already: what it reads cannot change "
            "(define a new meter instead)."
        )
        raise DomainError(ErrorCode.CONFLICT, message, {k: [message] for k in changed})
    validate_model(meter)
    meter.save()
    audit(actor=actor, verb="meter_update", obj=meter, before=before, after=snapshot(meter))
    return meter


def count_path_message() -> str:
    """The refusal of a value path on a ``count`` meter (translated when raised)."""
    return _("A count meter counts each event: leave the value path empty.")


def _included(value: Any, field: str, where: str = "") -> Decimal | None:
    """An allowance of units per camera: empty = none, else a decimal >= 0
    with at most 6 places."""
    from cambill.core.validation import parse_decimal

    if value is None or value == "":
        return None
    number = None if isinstance(value, bool | float) else parse_decimal(value)
    if number is None or number < 0 or number != number.quantize(Decimal("0.000001")):
        raise validation(
            field,
            where
            + _("included_per_camera must be a number of units, at least 0, at most 6 decimals."),
        )
    return number


def clean_metered_prices(prices: Any, field: str = "prices") -> list[dict[str, Any]]:
    """Metered prices ``[{"currency", "valid_from", "pricing", "included_per_camera"}]``
    checked and normalised (``valid_from`` defaults to 1970-01-01: since always)."""

    from cambill.core.validation import check_currency

    if not isinstance(prices, list) or not prices:
        raise validation(field, _("A metered service needs at least one price."))
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, Any]] = set()
    for i, p in enumerate(prices):
        where = _("Price %(n)s: ") % {"n": i}
        if not isinstance(p, dict):
            raise validation(field, where + _("must be an object."))
        unknown = set(p) - {"currency", "valid_from", "pricing", "included_per_camera"}
        if unknown:
            raise validation(
                field,
                where
                + _("a metered price takes currency, valid_from, pricing, included_per_camera;")
                + " "
                + _("not %(keys)s.") % {"keys": ", ".join(sorted(unknown))},
            )
        try:
            cur = check_currency(str(p.get("currency") or ""), field)
        except DomainError:
            raise validation(field, where + _("currency must be an ISO 4217 code.")) from None
        vf = p.get("valid_from") or date(1970, 1, 1)
        if not isinstance(vf, date):
            try:
                vf = date.fromisoformat(str(vf))
            except ValueError:
                raise validation(
                    field, where + _("valid_from must be a date (YYYY-MM-DD).")
                ) from None
        if "pricing" not in p:
            raise validation(field, where + _("pricing is required."))
        try:
            pricing = PricingModel.from_dict(p["pricing"]).to_dict()
        except ValueError as e:
            raise validation(field, where + _("pricing: %(error)s") % {"error": e}) from None
        if (cur, vf) in seen:
            raise validation(
                field, _("Two prices in %(cur)s from %(day)s.") % {"cur": cur, "day": vf}
            )
        seen.add((cur, vf))
        out.append(
            {
                "currency": cur,
                "valid_from": vf,
                "pricing": pricing,
                "included_per_camera": _included(p.get("included_per_camera"), field, where),
            }
        )
    return out


@transaction.atomic
def metered_service_set(
    *, actor: Actor, service: Any, meter: Meter, prices: list[dict[str, Any]] | None = None
) -> MeteredService:
    """Make a provider service metered: priced per cloud from ``meter``, with
    ``prices`` per currency from their ``valid_from`` (each replaces a price of
    the same currency and date; earlier ones stay for history)."""
    from .models import MeteredServicePrice

    _require_provider_admin(actor)
    clean = clean_metered_prices(prices) if prices is not None else []
    ms, _created = MeteredService.objects.update_or_create(
        service=service, defaults={"meter": meter}
    )
    if service.kind != "metered":
        type(service).objects.filter(pk=service.pk).update(kind="metered")
        service.kind = "metered"
    for p in clean:
        MeteredServicePrice.objects.update_or_create(
            metered=ms,
            currency=p["currency"],
            valid_from=p["valid_from"],
            defaults={"pricing": p["pricing"], "included_per_camera": p["included_per_camera"]},
        )
    audit(
        actor=actor,
        verb="metered_service_set",
        obj=ms,
        after={**snapshot(ms), "prices": clean},
    )
    return ms


@transaction.atomic
def tariff_metered_charge_set(
    *,
    actor: Actor,
    cloud: Cloud,
    tariff: Any,
    meter: Meter,
    pricing: dict[str, Any],
    description: str,
    included_per_camera: Any = None,
) -> TariffMeteredCharge:
    """Add (or replace) a retail metered extra on a tariff the cloud sells;
    ``included_per_camera``: units of each camera not charged (None: none)."""
    if not actor.can("tariff.manage") or not (actor.is_provider or actor.cloud_id == cloud.pk):
        raise Forbidden(
            gettext("Only the cloud's admin or a provider admin may price metered extras.")
        )
    if tariff.cloud_id not in (None, cloud.pk):
        raise validation("tariff", gettext("Not a tariff of this cloud."))
    if not isinstance(description, str) or not description.strip():
        raise validation("description", gettext("Required."))
    charge, _created = TariffMeteredCharge.objects.update_or_create(
        cloud=cloud,
        tariff=tariff,
        meter=meter,
        defaults={
            "pricing": _pricing(pricing),
            "description": description,
            "included_per_camera": _included(included_per_camera, "included_per_camera"),
        },
    )
    audit(actor=actor, verb="tariff_metered_charge_set", obj=charge, after=snapshot(charge))
    return charge


# --- metered provider services (the API's ``kind: metered``) -------------------


def _meter_named(value: Any, field: str = "meter", where: str = "") -> Meter:
    if isinstance(value, Meter):
        return value
    meter = Meter.objects.filter(code=value).first() if isinstance(value, str) and value else None
    if meter is None:
        raise validation(field, where + _("No meter '%(code)s'.") % {"code": value})
    return meter


@transaction.atomic
def metered_service_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    meter: Any,
    prices: list[dict[str, Any]],
    unit: str | None = None,
    preset_settings: dict[str, Any] | None = None,
) -> Any:
    """A provider service priced from a meter (``POST /services/`` with
    ``kind: metered``): ``prices`` per currency, each a pricing model from its
    ``valid_from`` with an optional ``included_per_camera``. Its unit defaults
    to the meter's. Everything is checked before anything is written."""
    from cambill.catalog.services import service_create

    _require_provider_admin(actor)
    m = _meter_named(meter)
    clean_metered_prices(prices)
    svc = service_create(
        actor=actor,
        code=code,
        name=name,
        kind="metered",
        unit=unit or m.unit,
        preset_settings=preset_settings,
    )
    metered_service_set(actor=actor, service=svc, meter=m, prices=prices)
    return svc


@transaction.atomic
def metered_service_update(
    *,
    actor: Actor,
    service: Any,
    meter: Any = None,
    prices: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> Any:
    """Change a metered service: the catalogue fields (``service_update``), its
    meter, and prices to set (each replaces the one of the same currency and
    date; earlier prices stay, so past months re-run to the same amounts). A
    metered service stays metered."""
    from cambill.catalog.services import service_update

    _require_provider_admin(actor)
    if fields.get("kind", "metered") != "metered":
        raise validation(
            "kind",
            _("A metered service stays metered: deactivate it and create a fixed service."),
        )
    fields.pop("kind", None)
    current = MeteredService.objects.filter(service=service).select_related("meter").first()
    m = _meter_named(meter) if meter is not None else (current.meter if current else None)
    if m is None:
        raise validation("meter", _("A metered service needs a meter."))
    if prices is not None:
        clean_metered_prices(prices)
    elif current is None:
        raise validation("prices", _("A metered service needs at least one price."))
    if fields:
        service = service_update(actor=actor, service=service, **fields)
    metered_service_set(actor=actor, service=service, meter=m, prices=prices)
    return service


# --- a tariff's metered extras --------------------------------------------------

_EXTRA_KEYS = {"meter", "description", "included_per_camera", "pricing"}


def clean_tariff_extras(metered: Any, field: str = "metered") -> list[dict[str, Any]]:
    """``[{"meter", "description", "included_per_camera", "pricing"}]`` checked:
    a known meter at most once, a valid pricing model, an allowance >= 0; the
    description defaults to the meter's name."""
    if metered is None:
        return []
    if not isinstance(metered, list):
        raise validation(field, _("A list of metered extras."))
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, item in enumerate(metered):
        where = _("Extra %(n)s: ") % {"n": i}
        if not isinstance(item, dict):
            raise validation(field, where + _("must be an object."))
        unknown = set(item) - _EXTRA_KEYS
        if unknown:
            raise validation(
                field,
                where
                + _("an extra takes meter, description, included_per_camera, pricing;")
                + " "
                + _("not %(keys)s.") % {"keys": ", ".join(sorted(unknown))},
            )
        m = _meter_named(item.get("meter"), field, where)
        if m.code in seen:
            raise validation(field, where + _("meter '%(code)s' appears twice.") % {"code": m.code})
        seen.add(m.code)
        if "pricing" not in item:
            raise validation(field, where + _("pricing is required."))
        try:
            pricing = PricingModel.from_dict(item["pricing"]).to_dict()
        except ValueError as e:
            raise validation(field, where + _("pricing: %(error)s") % {"error": e}) from None
        desc = item.get("description")
        if desc is None or (isinstance(desc, str) and not desc.strip()):
            desc = m.name
        if not isinstance(desc, str) or len(desc) > 200:
            raise validation(field, where + _("description: text of at most 200 characters."))
        out.append(
            {
                "meter": m,
                "description": desc.strip(),
                "pricing": pricing,
                "included_per_camera": _included(item.get("included_per_camera"), field, where),
            }
        )
    return out


def _extras_state(cloud: Cloud, tariff: Any) -> list[dict[str, Any]]:
    return [
        {
            "meter": ch.meter.code,
            "description": ch.description,
            "included_per_camera": ch.included_per_camera,
            "pricing": ch.pricing,
        }
        for ch in TariffMeteredCharge.objects.filter(cloud=cloud, tariff=tariff)
        .select_related("meter")
        .order_by("meter__code")
    ]


@transaction.atomic
def tariff_metered_set(
    *, actor: Actor, cloud: Cloud, tariff: Any, metered: list[dict[str, Any]]
) -> list[TariffMeteredCharge]:
    """Replace the metered extras ``cloud`` charges on ``tariff`` (its own
    tariff, or a provider tariff it sells): ``metered`` is the whole list
    (empty removes them all). Each extra prices, per camera holding the
    tariff at the end of the month, the camera's aggregate beyond
    ``included_per_camera`` with ``pricing``, in the cloud's currency."""
    if not actor.can("tariff.manage") or not (actor.is_provider or actor.cloud_id == cloud.pk):
        raise Forbidden(
            gettext("Only the cloud's admin or a provider admin may price metered extras.")
        )
    if tariff.cloud_id not in (None, cloud.pk):
        raise validation("tariff", gettext("Not a tariff of this cloud."))
    clean = clean_tariff_extras(metered)
    before = _extras_state(cloud, tariff)
    TariffMeteredCharge.objects.filter(cloud=cloud, tariff=tariff).exclude(
        meter__in=[x["meter"] for x in clean]
    ).delete()
    out = []
    for x in clean:
        charge, _created = TariffMeteredCharge.objects.update_or_create(
            cloud=cloud,
            tariff=tariff,
            meter=x["meter"],
            defaults={
                "pricing": x["pricing"],
                "description": x["description"],
                "included_per_camera": x["included_per_camera"],
            },
        )
        out.append(charge)
    audit(
        actor=actor,
        verb="tariff_metered_set",
        obj=tariff,
        before={"metered": before},
        after={"metered": _extras_state(cloud, tariff)},
        cloud_id=cloud.pk,
    )
    return out


# --- the meters page's live check ----------------------------------------------


@dataclass(frozen=True)
class MeterCheck:
    """What ingestion would read from one event with a meter's definition:
    ``reading`` (the value at the path, 1 for a count, the distinct key of a
    unique count) and ``value`` in billing units (divided by
    ``unit_divisor``); or the ``problem`` ingestion would refuse it for."""

    ok: bool
    problem: str = ""
    reading: str = ""
    value: Decimal | None = None


def meter_check(meter: Meter, event: Any) -> MeterCheck:
    """Read ``event`` (a CloudEvent, as JSON text or parsed) with ``meter``
    (saved or a :func:`meter_draft`) through ingestion's own validation and
    extraction (``cambill.usage.cloudevents.validate_event``)."""
    import orjson

    from .cloudevents import validate_event
    from .readings import extract, unique_key, value_problem

    if isinstance(event, str | bytes):
        try:
            event = orjson.loads(event)
        except orjson.JSONDecodeError as e:
            return MeterCheck(False, _("Not JSON: %(error)s") % {"error": e})
    if isinstance(event, dict) and event.get("type") != meter.event_type:
        return MeterCheck(
            False,
            _("This meter reads events of type '%(want)s'; this event's type is '%(got)s'.")
            % {"want": meter.event_type, "got": event.get("type")},
        )
    reason, parsed = validate_event(event, {meter.event_type: [meter]})
    if reason:
        return MeterCheck(False, reason)
    raw = extract(parsed[5], meter.value_path)
    if meter.aggregation == Aggregation.UNIQUE_COUNT:
        return MeterCheck(True, reading=str(unique_key(raw)), value=Decimal(1))
    value, problem = value_problem(raw, meter)
    if problem or value is None:
        return MeterCheck(False, problem or "")
    return MeterCheck(True, reading=f"{value:f}", value=_per_unit(value, meter.unit_divisor))


def _per_unit(value: Decimal, divisor: Decimal) -> Decimal:
    from decimal import localcontext

    with localcontext() as ctx:
        ctx.prec = 40
        return (value / Decimal(divisor)).normalize()
