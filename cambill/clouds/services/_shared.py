"""What the clouds verbs share: times with offsets, who may write in a cloud or on an
account (``clouds.scope``, under the verbs' private names), and queueing a change for
Watcher (the outbox row commits with the change)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext

from cambill.core.errors import validation

from ..models import Account, Camera
from ..scope import require_account_scope as _require_account_scope
from ..scope import require_cloud_write as _require_cloud_write

__all__ = [
    "_check_aware",
    "_push_account",
    "_push_camera",
    "_require_account_scope",
    "_require_cloud_write",
]


def _check_aware(value: Any, field: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise validation(field, gettext("Give a time with its UTC offset (ISO 8601)."))
    return value


def _push_camera(camera: Camera) -> None:
    """Queue the camera's state for Watcher (preset of its tariff, enabled);
    the outbox row commits with this change, the push runs after commit."""
    from cambill.watcher.services.outbox import watcher_enqueue_camera_tariff

    watcher_enqueue_camera_tariff(camera)


def _push_account(account: Account) -> None:
    """Queue the account's organization and suspension state for Watcher."""
    from cambill.watcher.services.outbox import watcher_enqueue_account_state

    watcher_enqueue_account_state(account)


def checked_tax_id(party: Any, value: str) -> str:
    """A tax id changed by an edit (the cloud's or account's PATCH, its form) is checked
    as the legal data checks it once the party has a country (``cambill.einvoice.legal``):
    a wrong RFC or NIT check digit is a field error here too."""
    from cambill.einvoice.legal import clean_tax_id

    country = getattr(party, "country", "") or ""
    if not country or not value:
        return value
    id_type = str((getattr(party, "einvoice", None) or {}).get("id_type") or "")
    try:
        return clean_tax_id(country, value, id_type=id_type)
    except ValueError as e:
        raise validation("tax_id", str(e)) from None
