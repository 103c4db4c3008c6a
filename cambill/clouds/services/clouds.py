"""Writes on clouds: create one, edit its settings (invoice prefixes unique across clouds)."""

from __future__ import annotations

import re
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from cambill.accounts.roles import Role
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.audit import audit, snapshot
from cambill.core.errors import DomainError, ErrorCode, validation
from cambill.core.field_errors import FieldErrors, clean_each
from cambill.core.permissions import require
from cambill.core.validation import (
    check_code,
    check_currency,
    check_percent,
    check_text,
    check_timezone,
    duplicate,
    validate_model,
)

from ..models import BillingTiming, Cloud, CloudStatus, Proration, SuspendedDays
from ._shared import _check_aware, checked_tax_id

CLOUD_EDITABLE = (
    "name",
    "currency",
    "timezone",
    "proration",
    "discount_percent",
    "tax_percent",
    "wholesale_tax_percent",
    "trial_until",
    "manager",
    "status",
    "legal_name",
    "tax_id",
    "address",
    "invoice_prefix",
    "invoice_number_width",
    "auto_issue",
    "late_usage_policy",
    "suspended_days",
    "offline_credit_hours",
    "billing_timing",
    "review_threshold_percent",
    "suspension_mode",
)


def _clean_cloud_fields(data: dict[str, Any], errors: FieldErrors | None = None) -> dict[str, Any]:
    """The checked settings; every bad one is refused in the same error."""
    return clean_each(data, _clean_cloud_field, errors)


def _clean_cloud_field(key: str, value: Any) -> Any:
    from cambill.accounts.models import User

    if key not in CLOUD_EDITABLE:
        raise validation(key, gettext("'%(key)s' cannot be set here.") % {"key": key})
    if key == "name":
        value = check_text(value, key)
    elif key == "currency":
        value = check_currency(value)
    elif key == "timezone":
        value = check_timezone(value)
    elif key == "proration":
        if value not in Proration.values:
            raise validation(key, gettext("Use 'day' or 'second'."))
    elif key in (
        "discount_percent",
        "tax_percent",
        "wholesale_tax_percent",
        "review_threshold_percent",
    ):
        value = check_percent(value, key)
    elif key == "trial_until":
        value = _check_aware(value, key)
    elif key == "status":
        if value not in CloudStatus.values:
            raise validation(
                key, gettext("Use one of %(value)s.") % {"value": ", ".join(CloudStatus.values)}
            )
    elif key == "manager":
        if value is not None:
            if not isinstance(value, User):
                value = User.objects.filter(username=value).first()
            if value is None or (
                value.role != Role.PROVIDER_MANAGER and value.role != Role.PROVIDER_ADMIN
            ):
                raise validation(key, gettext("The manager must be a provider manager or admin."))
    elif key in ("legal_name", "tax_id", "invoice_prefix") or key == "address":
        value = check_text(value, key, required=False)
    elif key == "invoice_number_width":
        if not isinstance(value, int) or not 1 <= value <= 12:
            raise validation(key, gettext("Between 1 and 12 digits."))
    elif key == "auto_issue":
        value = bool(value)
    elif key == "late_usage_policy":
        from ..models import LateUsagePolicy

        if value not in LateUsagePolicy.values:
            raise validation(
                key,
                _("Use one of %(values)s.") % {"values": ", ".join(LateUsagePolicy.values)},
            )
    elif key == "suspended_days":
        if value not in SuspendedDays.values:
            raise validation(
                key, _("Use one of %(values)s.") % {"values": ", ".join(SuspendedDays.values)}
            )
    elif key == "offline_credit_hours":
        value = _credit_hours(value)
    elif key == "suspension_mode":
        from ..models import SuspensionMode

        if value not in SuspensionMode.values:
            raise validation(
                key,
                _("Use one of %(values)s.") % {"values": ", ".join(SuspensionMode.values)},
            )
    elif key == "billing_timing" and value not in BillingTiming.values:
        raise validation(
            key, _("Use one of %(values)s.") % {"values": ", ".join(BillingTiming.values)}
        )
    return value


def _credit_hours(value: Any) -> int | None:
    ok = value is None or (not isinstance(value, bool) and isinstance(value, int))
    if not ok or (value is not None and not 1 <= value <= 24):
        raise validation("offline_credit_hours", _("Whole hours between 1 and 24, or empty (off)."))
    return value  # type: ignore[no-any-return]


def _prefix_taken(prefix: str, cloud_id: int | None) -> bool:
    from cambill.invoicing.numbering import provider_prefix

    if prefix.upper() == provider_prefix().upper():
        return True
    others = Cloud.objects.filter(invoice_prefix__iexact=prefix)
    if cloud_id is not None:
        others = others.exclude(pk=cloud_id)
    return others.exists()


def _check_prefix_free(prefix: str, cloud_id: int | None) -> None:
    """Invoice numbers are unique across clouds, so prefixes must be too."""
    if _prefix_taken(prefix, cloud_id):
        raise duplicate("invoice_prefix", "invoice prefix", prefix)


def _free_prefix(slug: str) -> str:
    """``SLUG-`` cut to 10 letters; ``SLUG2-``, ``SLUG3-``... when another cloud has it."""
    base = slug.upper()[:10]
    prefix, n = f"{base}-", 1
    while _prefix_taken(prefix, None):
        n += 1
        prefix = f"{base}{n}-"
    return prefix


@transaction.atomic
def cloud_create(
    *, actor: Actor, slug: str, name: str, currency: str, timezone_name: str, **fields: Any
) -> Cloud:
    """Create a cloud for an operator; its slug is its login name."""
    require(actor, "cloud.create")
    errors = FieldErrors()
    with errors.field():
        slug = check_code(slug, "slug", max_length=None).lower()
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", slug):
            raise validation(
                "slug", gettext("A cloud's login name uses letters, digits, '-' and '_'.")
            )
    data = _clean_cloud_fields(
        {"name": name, "currency": currency, "timezone": timezone_name, **fields}, errors
    )
    errors.raise_if_any()
    cloud = Cloud(slug=slug, created_at=clock.now(), **data)
    errors.check(validate_model, cloud)
    if Cloud.objects.filter(slug=slug).exists():
        errors.add_error(duplicate("slug", "cloud", slug))
    if data.get("invoice_prefix"):
        errors.check(_check_prefix_free, data["invoice_prefix"], None)
    else:
        cloud.invoice_prefix = _free_prefix(slug)
    errors.raise_if_any()
    try:
        with transaction.atomic():
            cloud.save(force_insert=True)
    except IntegrityError:
        raise duplicate("slug", "cloud", slug) from None
    audit(
        actor=actor,
        verb="cloud_create",
        obj=cloud,
        after=snapshot(cloud),
        cloud_id=cloud.pk,
        now=cloud.created_at,
    )
    return cloud


@transaction.atomic
def cloud_update(*, actor: Actor, cloud: Cloud, **fields: Any) -> Cloud:
    require(actor, "cloud.edit")
    cloud = Cloud.objects.select_for_update().get(pk=cloud.pk)
    errors = FieldErrors()
    data = _clean_cloud_fields(fields, errors)
    if "tax_id" in data:
        with errors.field():
            data["tax_id"] = checked_tax_id(cloud, data["tax_id"])
    if "currency" in data and data["currency"] != cloud.currency and cloud.tariffs.exists():
        errors.add_error(
            DomainError(
                ErrorCode.CONFLICT,
                gettext("The currency cannot change once the cloud has tariffs."),
                {"currency": [gettext("The currency cannot change once the cloud has tariffs.")]},
            )
        )
    if data.get("invoice_prefix"):
        errors.check(_check_prefix_free, data["invoice_prefix"], cloud.pk)
    errors.raise_if_any()
    before = snapshot(cloud)
    for k, v in data.items():
        setattr(cloud, k, v)
    validate_model(cloud, fields=data)
    cloud.save()
    audit(actor=actor, verb="cloud_update", obj=cloud, before=before, after=snapshot(cloud))
    return cloud
