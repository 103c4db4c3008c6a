"""The eight levels of access. One user holds exactly one role.

Provider roles see across clouds (a manager only its clouds); cloud roles are
tied to one cloud by a membership; subscribers to one account; agents to the
accounts they brought.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROVIDER_ADMIN = "provider_admin", _("Provider admin")
    PROVIDER_ACCOUNTANT = "provider_accountant", _("Provider accountant")
    PROVIDER_MANAGER = "provider_manager", _("Provider manager")
    CLOUD_ADMIN = "cloud_admin", _("Cloud admin")
    ACCOUNT_MANAGER = "account_manager", _("Account manager")
    CLOUD_ACCOUNTANT = "cloud_accountant", _("Cloud accountant")
    SUBSCRIBER = "subscriber", _("Subscriber")
    AGENT = "agent", _("Referral agent")


PROVIDER_ROLES = frozenset({Role.PROVIDER_ADMIN, Role.PROVIDER_ACCOUNTANT, Role.PROVIDER_MANAGER})
CLOUD_STAFF_ROLES = frozenset({Role.CLOUD_ADMIN, Role.ACCOUNT_MANAGER, Role.CLOUD_ACCOUNTANT})
CLOUD_ROLES = CLOUD_STAFF_ROLES | {Role.SUBSCRIBER, Role.AGENT}
