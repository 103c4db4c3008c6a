"""Writes of branding: the text and colours, and the logo. One transaction and
one audit row each; the audit row names the logo by its digest, never its bytes."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.audit import audit, snapshot
from cambill.core.errors import validation
from cambill.core.permissions import require
from cambill.core.validation import validate_model

from .models import Branding
from .rules import (
    ACCENT_MIN_CONTRAST,
    PRIMARY_MIN_CONTRAST,
    check_contrast,
    check_logo,
    normalize_color,
)

TEXT_FIELDS = ("bank_details", "footer_text", "invoice_note")
COLOR_FIELDS = ("primary_color", "accent_color")
AUDITED = [*COLOR_FIELDS, *TEXT_FIELDS, "logo_type", "logo_digest"]


def _locked(actor: Actor, cloud: Any | None) -> Branding:
    """The issuer's row, made on the first write and locked for this one."""
    if cloud is None:
        require(actor, "provider.branding_edit")
        lookup: dict[str, Any] = {"is_provider": True}
    else:
        require(actor, "cloud.branding_edit", cloud)
        lookup = {"cloud_id": cloud.pk, "is_provider": False}
    if not Branding.objects.filter(**lookup).exists():
        try:
            with transaction.atomic():
                Branding.objects.create(**lookup)
        except IntegrityError:  # made meanwhile by a concurrent first edit
            pass
    return Branding.objects.select_for_update().get(**lookup)


def _audit(actor: Actor, verb: str, row: Branding, before: dict[str, Any]) -> None:
    audit(actor=actor, verb=verb, obj=row, before=before, after=snapshot(row, AUDITED))


@transaction.atomic
def branding_update(*, actor: Actor, cloud: Any | None = None, **changes: Any) -> Branding:
    """Change the colours and texts of a cloud's branding (``cloud``) or of the
    provider's (``cloud=None``). Every field left out keeps its value."""
    unknown = sorted(set(changes) - {*TEXT_FIELDS, *COLOR_FIELDS})
    if unknown:
        raise validation(unknown[0], _("Unknown field."))
    row = _locked(actor, cloud)
    before = snapshot(row, AUDITED)
    for key in COLOR_FIELDS:
        if key in changes:
            setattr(row, key, normalize_color(changes[key], key))
    check_contrast(row.primary_color, "primary_color", PRIMARY_MIN_CONTRAST)
    check_contrast(row.accent_color, "accent_color", ACCENT_MIN_CONTRAST)
    for key in TEXT_FIELDS:
        if key in changes:
            value = changes[key]
            if value is None:
                value = ""
            if not isinstance(value, str):
                raise validation(key, _("Text expected."))
            setattr(row, key, value.strip())
    validate_model(row, fields=[k for k in TEXT_FIELDS if k in changes])
    row.updated_at = clock.now()
    row.save()
    _audit(actor, "branding_update", row, before)
    return row


@transaction.atomic
def branding_logo_set(*, actor: Actor, cloud: Any | None = None, data: bytes) -> Branding:
    """Replace the logo with an uploaded SVG, PNG or JPEG (checked by
    :func:`cambill.branding.rules.check_logo`)."""
    logo = check_logo(data)
    row = _locked(actor, cloud)
    before = snapshot(row, AUDITED)
    row.logo = logo.data
    row.logo_type = logo.content_type
    row.logo_digest = hashlib.sha256(logo.data).hexdigest()
    row.updated_at = clock.now()
    row.save()
    _audit(actor, "branding_logo_set", row, before)
    return row


@transaction.atomic
def branding_logo_clear(*, actor: Actor, cloud: Any | None = None) -> Branding:
    """Remove the logo: documents then show the issuer's name instead."""
    row = _locked(actor, cloud)
    before = snapshot(row, AUDITED)
    row.logo = None
    row.logo_type = ""
    row.logo_digest = ""
    row.updated_at = clock.now()
    row.save()
    _audit(actor, "branding_logo_clear", row, before)
    return row
