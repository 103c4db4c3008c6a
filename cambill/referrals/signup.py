"""Sign-up through an agent's referral link: a prospective subscriber creates
its own account and login, attributed to the agent whose link it followed.

Nobody is signed in when this happens, so the verb acts as the system on the
agent's behalf: the account and the user are made by the ordinary verbs
(``account_create``, ``user_create``) with the agent as the account's referral
agent, in one transaction, and one more audit row (``referral_signup``) names
the agent, the link and the address the request came from. Any refusal (a
taken username, a weak password, terms not accepted) rolls everything back.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext

from cambill.core import languages
from cambill.core.access import SYSTEM
from cambill.core.audit import audit
from cambill.core.errors import NotFound, validation
from cambill.core.validation import check_text

from .models import REFERRAL_ALPHABET, Agent


def referral_agent_for_link(*, cloud_slug: str, referral_code: str) -> Agent:
    """The active agent behind a sign-up link, else ``NotFound``.

    An unknown cloud, an unknown code, a code of another cloud, a deactivated
    agent or a cloud that is not active all answer the same: the link is not
    valid (a visitor learns nothing about which part was wrong).
    """
    agent = (
        Agent.objects.select_related("cloud")
        .filter(cloud__slug=cloud_slug, referral_code=str(referral_code or "").strip().lower())
        .first()
    )
    if agent is None or not agent.active or getattr(agent.cloud, "status", "active") != "active":
        raise NotFound("sign-up link")
    return agent


def referral_agent_for_code(*, cloud: Any, referral_code: str) -> Agent:
    """The active agent of ``cloud`` with this referral code, for the API's
    ``referral_code`` (a field error, not a 404, when it does not fit)."""
    agent = Agent.objects.filter(
        cloud=cloud, referral_code=str(referral_code or "").strip().lower()
    ).first()
    if agent is None or not agent.active:
        raise validation("referral_code", gettext("Not a valid referral code of this cloud."))
    return agent


def _account_code(cloud: Any, username: str) -> str:
    """An account code from the username; a random suffix when it is taken
    (the unique constraint in ``account_create`` stays the real guard)."""
    from cambill.clouds.models import Account

    base = (slugify(username) or "account")[:48]
    code = base
    while Account.objects.filter(cloud=cloud, code=code).exists():
        code = f"{base}-" + "".join(secrets.choice(REFERRAL_ALPHABET) for _ in range(5))
    return code


@dataclass(frozen=True)
class SignupResult:
    account: Any
    user: Any


@transaction.atomic
def referral_signup(
    *,
    agent: Agent,
    name: str,
    email: str,
    username: str,
    password: str,
    language: str = "en",
    accept_terms: bool = False,
    remote_addr: str = "",
    coupon: str = "",
) -> SignupResult:
    """Create a subscriber account and its owner login, attributed to ``agent``.

    ``agent`` comes from :func:`referral_agent_for_link`; it is locked and
    checked again here, so a deactivation that lands between the page and the
    submit is honoured. ``coupon`` (a code of the cloud, often carried by the
    link) is redeemed on the new account; a coupon refused refuses the sign-up.
    """
    from cambill.accounts.services import user_create
    from cambill.clouds.services import account_create

    agent = Agent.objects.select_for_update().select_related("cloud").get(pk=agent.pk)
    if not agent.active:
        raise NotFound("sign-up link")
    if not accept_terms:
        raise validation("accept_terms", gettext("Accept the terms to create the account."))
    name = check_text(name, "name", max_length=200)
    email = check_text(email, "email", max_length=254)
    try:
        validate_email(email)
    except ValidationError:
        raise validation("email", gettext("Enter a valid e-mail address.")) from None
    if not languages.is_supported(language):
        raise validation("language", languages.use_message())
    cloud = agent.cloud
    account = account_create(
        actor=SYSTEM,
        cloud=cloud,
        code=_account_code(cloud, str(username or "")),
        name=name,
        email=email,
        language=language,
        referral_agent=agent,
    )
    user = user_create(
        actor=SYSTEM,
        username=username,
        password=password,
        role="subscriber",
        email=email,
        cloud=cloud,
        account=account,
        first_name=name[:150],
        language=language,
    )
    coupon = check_text(coupon, "coupon", required=False, max_length=64)
    if coupon:
        from cambill.sales.choices import RedemptionSource
        from cambill.sales.services import coupon_redeem

        coupon_redeem(actor=SYSTEM, account=account, coupon=coupon, source=RedemptionSource.SIGNUP)
    audit(
        actor=SYSTEM,
        verb="referral_signup",
        obj=account,
        after={
            "agent": agent.code,
            "account": account.code,
            "username": user.username,
            "remote_addr": remote_addr[:64],
            **({"coupon": coupon} if coupon else {}),
        },
    )
    return SignupResult(account=account, user=user)
