"""The eight levels of access. One user holds exactly one role.

Provider roles see across clouds (a manager only its clouds); cloud roles are
tied to one cloud by a membership; subscribers to one account; agents to the
accounts they brought.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    PROVIDER_ADMIN = "provider_admin", "Provider admin"
    PROVIDER_ACCOUNTANT = "provider_accountant", "Provider accountant"
    PROVIDER_MANAGER = "provider_manager", "Provider manager"
    CLOUD_ADMIN = "cloud_admin", "Cloud admin"
    ACCOUNT_MANAGER = "account_manager", "Account manager"
    CLOUD_ACCOUNTANT = "cloud_accountant", "Cloud accountant"
    SUBSCRIBER = "subscriber", "Subscriber"
    AGENT = "agent", "Referral agent"


PROVIDER_ROLES = frozenset({Role.PROVIDER_ADMIN, Role.PROVIDER_ACCOUNTANT, Role.PROVIDER_MANAGER})
CLOUD_STAFF_ROLES = frozenset({Role.CLOUD_ADMIN, Role.ACCOUNT_MANAGER, Role.CLOUD_ACCOUNTANT})
CLOUD_ROLES = CLOUD_STAFF_ROLES | {Role.SUBSCRIBER, Role.AGENT}
