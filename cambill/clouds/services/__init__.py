"""Writes on clouds, accounts and cameras. One verb, one transaction, one audit row.

The verbs live by responsibility; this package re-exports them, so
``from cambill.clouds.services import camera_create`` keeps working:

- ``clouds``: ``cloud_create``, ``cloud_update``
- ``billing_settings``: ``cloud_billing_settings_update`` (the cloud admin's retail choices)
- ``accounts``: ``account_create``, ``account_update``
- ``cameras``: ``camera_create``, ``camera_update``
- ``tariff_history``: ``camera_change_tariff``, ``camera_add_tariff_period``, ``camera_move``
- ``suspensions``: ``account_suspend``, ``account_resume`` (dated facts, a history)
- ``self_service``: ``camera_self_service_change_tariff`` (the subscriber's own change)
- ``_shared``: what the verbs share (times, the Watcher outbox pushes, the scope
  checks of ``cambill.clouds.scope``, which other domains import from there;
  ``_require_cloud_write`` and ``_require_account_scope`` stay here as aliases)
"""

from ._shared import _require_account_scope, _require_cloud_write
from .accounts import ACCOUNT_EDITABLE, account_create, account_update
from .billing_settings import BILLING_SETTINGS, cloud_billing_settings_update
from .cameras import camera_create, camera_update
from .clouds import CLOUD_EDITABLE, cloud_create, cloud_update
from .self_service import camera_self_service_change_tariff
from .suspensions import account_resume, account_suspend
from .tariff_history import camera_add_tariff_period, camera_change_tariff, camera_move

__all__ = [
    "ACCOUNT_EDITABLE",
    "BILLING_SETTINGS",
    "CLOUD_EDITABLE",
    "_require_account_scope",
    "_require_cloud_write",
    "account_create",
    "account_resume",
    "account_suspend",
    "account_update",
    "camera_add_tariff_period",
    "camera_change_tariff",
    "camera_create",
    "camera_move",
    "camera_self_service_change_tariff",
    "camera_update",
    "cloud_billing_settings_update",
    "cloud_create",
    "cloud_update",
]
