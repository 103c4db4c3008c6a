"""Who may write where inside a cloud: the scope checks every domain's verbs share.

A write on a cloud's objects first asks the permission registry for the action,
then these checks narrow it to the actor's cloud (a provider manager: the clouds
it manages) and, for an account, to the actor's own accounts. They sit below the
verbs: ``clouds.services``, ``catalog.services`` and ``referrals.services`` import
them, and this module imports no verbs and no models, so no domain's services
reach another's through it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext

from cambill.accounts.roles import Role
from cambill.core.errors import Forbidden
from cambill.core.permissions import require

if TYPE_CHECKING:
    from cambill.core.access import Actor

    from .models import Account, Cloud


def require_cloud_write(actor: Actor, cloud: Cloud, action: str) -> None:
    require(actor, action)
    if actor.is_provider:
        if actor.role == Role.PROVIDER_MANAGER and cloud.pk not in actor.managed_cloud_ids:
            raise Forbidden(gettext("Not one of your clouds."))
        return
    if actor.cloud_id != cloud.pk:
        raise Forbidden(gettext("Not your cloud."))


def require_account_scope(actor: Actor, account: Account) -> None:
    if actor.role == Role.ACCOUNT_MANAGER and account.account_manager_id != actor.user.pk:
        raise Forbidden(gettext("Not one of your accounts."))
    if actor.role == Role.AGENT and account.referral_agent_id != actor.agent_id:
        raise Forbidden(gettext("Not one of your accounts."))
    if actor.role == Role.SUBSCRIBER and account.pk != actor.account_id:
        raise Forbidden(gettext("Not your account."))
