"""The operator's retail billing choices, owned by its cloud admin (issue #17, #13).

``cloud_update`` (``cloud.edit``, the provider admin) edits the whole cloud,
wholesale terms included; ``cloud_billing_settings_update``
(``cloud.billing_settings``: the provider admin, and the cloud admin on its own
cloud) edits only how the cloud bills its subscribers.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cambill.core.access import Actor
from cambill.core.audit import audit, snapshot
from cambill.core.errors import validation
from cambill.core.permissions import require
from cambill.core.validation import validate_model

from ..models import Cloud
from .clouds import _clean_cloud_fields

BILLING_SETTINGS = (
    "billing_timing",
    "suspended_days",
    "offline_credit_hours",
    "review_threshold_percent",
    "auto_issue",
    "late_usage_policy",
    "suspension_mode",
)


@transaction.atomic
def cloud_billing_settings_update(*, actor: Actor, cloud: Cloud, **fields: Any) -> Cloud:
    """Change some of the cloud's retail billing settings; nothing else of the cloud."""
    require(actor, "cloud.billing_settings", cloud)
    for key in fields:
        if key not in BILLING_SETTINGS:
            raise validation(
                key, _("'%(field)s' is not a billing setting of the cloud.") % {"field": key}
            )
    cloud = Cloud.objects.select_for_update().get(pk=cloud.pk)
    data = _clean_cloud_fields(fields)
    before = snapshot(cloud)
    for key, value in data.items():
        setattr(cloud, key, value)
    validate_model(cloud, fields=data)
    if data:
        cloud.save(update_fields=list(data))
    audit(
        actor=actor,
        verb="cloud_billing_settings_update",
        obj=cloud,
        before=before,
        after=snapshot(cloud),
        cloud_id=cloud.pk,
    )
    return cloud
