"""The one registry of who may do what: roles x actions, with object predicates.

Each action has a :class:`Rule`: the roles that may attempt it at all and,
optionally, an object predicate (:mod:`cambill.core.predicates`) that decides
for one object (this invoice, this cloud, this account). Services, selectors,
the API and the pages ask only two questions of it:

- ``actor.can(action, obj=None)``: a yes/no for showing a button or a page;
- ``require(actor, action, obj=None)``: refuse with 403 (or 404 where the rule
  hides objects outside the actor's reach) before a write or a read.

Without ``obj`` only the role is checked (the page or endpoint level); with it
the predicate too. Which rows a list shows is the selectors' job (they return
querysets already scoped to the actor). ``docs/roles.md`` is generated from
this registry (``cambill roles_doc --write``) and a test keeps them equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext, gettext_lazy

from cambill.accounts.roles import Role

from .errors import Forbidden, NotFound
from .predicates import Predicate, Principal, account_in_reach, issuer_side, of_own_cloud

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

PA, PC, PM = Role.PROVIDER_ADMIN, Role.PROVIDER_ACCOUNTANT, Role.PROVIDER_MANAGER
CA, AM, CC = Role.CLOUD_ADMIN, Role.ACCOUNT_MANAGER, Role.CLOUD_ACCOUNTANT
SU, AG = Role.SUBSCRIBER, Role.AGENT


@dataclass(frozen=True)
class Rule:
    """Who may attempt an action, and on which objects.

    ``when``: the object predicate (``None``: every object the actor can reach).
    ``hide``: when set, an object failing ``when`` is answered as "No such
    <hide>." (404) instead of 403, so nobody learns it exists.
    ``forbidden``: the 403 message for a role not allowed at all (``{role}``
    is filled in); ``refused``: the 403 message when the predicate says no.
    """

    roles: frozenset[Role]
    when: Predicate | None = None
    hide: str | None = None
    forbidden: str | _StrPromise | None = None
    refused: str | _StrPromise | None = None


def rule(
    *roles: Role,
    when: Predicate | None = None,
    hide: str | None = None,
    forbidden: str | _StrPromise | None = None,
    refused: str | _StrPromise | None = None,
) -> Rule:
    return Rule(frozenset(roles), when, hide, forbidden, refused)


REGISTRY: dict[str, Rule] = {
    # provider catalogue
    "service.view": rule(PA, PC, PM, CA),
    "service.manage": rule(PA),
    # clouds (the cloud record itself carries wholesale terms: provider and cloud staff only)
    "cloud.view": rule(PA, PC, PM, CA, AM, CC),
    "cloud.create": rule(PA),
    "cloud.edit": rule(PA),
    # the operator's retail billing choices (timing, suspended days, offline credits, review)
    "cloud.billing_settings": rule(
        PA,
        CA,
        when=of_own_cloud,
        hide="cloud",
        forbidden=gettext_lazy("A {role} may not change the billing settings of a cloud."),
    ),
    # tariff plans
    "tariff.view": rule(PA, PC, PM, CA, AM, CC, AG),
    "tariff.manage": rule(PA, CA),
    # subscriber accounts
    "account.view": rule(PA, PC, PM, CA, AM, CC, SU, AG),
    "account.create": rule(PA, CA, AM, AG),
    "account.edit": rule(PA, CA, AM),
    # legal data (issue #19): a cloud's and its accounts' by its cloud admin, the
    # provider's by the provider admin; reading an account's follows account.view's
    # scope (its account manager, the subscriber itself)
    "cloud.legal_edit": rule(
        PA,
        CA,
        when=of_own_cloud,
        hide="cloud",
        forbidden=gettext_lazy("A {role} may not change the legal data of a cloud."),
    ),
    "account.legal_edit": rule(
        PA,
        CA,
        when=of_own_cloud,
        hide="account",
        forbidden=gettext_lazy("A {role} may not change the legal data of an account."),
    ),
    "provider.legal_view": rule(PA, PC, PM),
    "provider.legal_edit": rule(
        PA, forbidden=gettext_lazy("Only the provider admin changes the provider's legal data.")
    ),
    # branding (issue #14): a cloud's logo, colours, bank details, footer and invoice
    # note by its cloud admin (read by its staff); the provider's by the provider admin
    "cloud.branding_view": rule(PA, PC, PM, CA, AM, CC, when=of_own_cloud, hide="cloud"),
    "cloud.branding_edit": rule(
        PA,
        CA,
        when=of_own_cloud,
        hide="cloud",
        forbidden=gettext_lazy("A {role} may not change the branding of a cloud."),
    ),
    "provider.branding_view": rule(PA, PC, PM),
    "provider.branding_edit": rule(
        PA, forbidden=gettext_lazy("Only the provider admin changes the provider's branding.")
    ),
    # e-invoice signing certificates: a cloud's by its cloud admin, the provider's by
    # the provider admin (keys are never shown to anyone)
    "einvoice.credentials": rule(
        PA,
        CA,
        when=of_own_cloud,
        hide="cloud",
        forbidden=gettext_lazy("A {role} may not manage e-invoice certificates."),
    ),
    "einvoice.provider_credentials": rule(
        PA,
        forbidden=gettext_lazy("Only the provider admin manages the provider's certificates."),
    ),
    # legal e-invoice documents (issue #19): read as their invoices are (the selectors
    # scope a subscriber to its own, an account manager to its accounts'); sent again
    # by whoever manages the invoice on the issuer's side
    "einvoice.view": rule(PA, PC, PM, CA, AM, CC, SU),
    "einvoice.retry": rule(
        PA,
        PC,
        CA,
        CC,
        when=of_own_cloud & issuer_side,
        refused=gettext_lazy(
            "A {role} may not retry this e-invoice; the issuer's side (the provider for a "
            "wholesale invoice, the cloud for a retail one) does."
        ),
    ),
    # cameras and their tariff history
    "camera.view": rule(PA, PC, PM, CA, AM, CC, SU, AG),
    "camera.manage": rule(
        PA,
        CA,
        AM,
        when=of_own_cloud,
        hide="cloud",
        forbidden=gettext_lazy("Your role may not manage cameras."),
    ),
    # a subscriber switches its own cameras among the cloud's self-service tariffs
    "camera.self_service": rule(
        SU,
        when=account_in_reach,
        hide="camera",
        forbidden=gettext_lazy(
            "Only a subscriber changes its own cameras' tariffs here; staff change tariffs "
            "on the camera."
        ),
    ),
    # referral agents
    "agent.view": rule(PA, PC, PM, CA, CC, AG),
    "agent.manage": rule(PA, CA),
    # agents' payouts: money leaving the cloud, so whoever manages its invoices
    "payout.manage": rule(
        PA,
        PC,
        CA,
        CC,
        when=of_own_cloud,
        refused=gettext_lazy("A {role} may not record payouts for this cloud."),
    ),
    # one-off sales and coupons: the cloud's catalogue of products, charges on accounts
    "product.view": rule(PA, PC, PM, CA, AM, CC),
    "product.manage": rule(
        PA,
        CA,
        when=of_own_cloud,
        hide="cloud",
        forbidden=gettext_lazy("Only provider and cloud administrators manage products."),
    ),
    "charge.view": rule(PA, PC, PM, CA, AM, CC, SU, when=account_in_reach, hide="account"),
    "charge.manage": rule(
        PA,
        CA,
        AM,
        CC,
        when=account_in_reach,
        hide="account",
        forbidden=gettext_lazy("A {role} may not charge accounts."),
    ),
    "coupon.view": rule(PA, PC, PM, CA, AM, CC),
    "coupon.manage": rule(
        PA,
        CA,
        when=of_own_cloud,
        hide="cloud",
        forbidden=gettext_lazy("Only provider and cloud administrators manage coupons."),
    ),
    # staff on an account they reach, a subscriber on its own (the portal)
    "coupon.redeem": rule(
        PA,
        CA,
        AM,
        CC,
        SU,
        when=account_in_reach,
        hide="account",
        forbidden=gettext_lazy("A {role} may not redeem coupons."),
    ),
    # users
    "user.view": rule(PA, PC, PM, CA, AM, CC, SU, AG),
    "user.manage": rule(PA, CA),
    # turn off someone's second factor (lost phone and recovery codes); audited
    "user.two_factor_reset": rule(PA),
    # audit log
    "audit.view": rule(PA),
    # invoices and bill runs
    "invoice.view": rule(PA, PC, PM, CA, AM, CC, SU),
    "invoice.manage": rule(
        PA,
        PC,
        CA,
        CC,
        when=of_own_cloud & issuer_side,
        refused=gettext_lazy(
            "A {role} may not change this invoice; a wholesale invoice is managed by the "
            "provider, a retail invoice by its cloud."
        ),
    ),
    "billrun.view": rule(
        PA,
        PC,
        PM,
        CA,
        CC,
        when=of_own_cloud,
        forbidden=gettext_lazy("A {role} may not see bill runs."),
        refused=gettext_lazy("A {role} may not see bill runs."),
    ),
    "billrun.manage": rule(
        PA,
        PC,
        CA,
        CC,
        when=of_own_cloud,
        refused=gettext_lazy("A {role} may not run bills for this cloud."),
    ),
    # wholesale cost and margin are the cloud's business, not its subscribers' or agents'
    "cost.view": rule(PA, PC, PM, CA, CC),
    "report.view": rule(PA, PC, PM, CA, AM, CC, SU, AG),
    # payments: retail money is the cloud's, wholesale money the provider's
    "payment.view": rule(PA, PC, PM, CA, CC, when=of_own_cloud),
    "payment.view_account": rule(PA, PC, PM, CA, AM, CC, SU, when=account_in_reach),
    "payment.manage": rule(
        PA,
        CA,
        CC,
        when=of_own_cloud,
        hide="cloud",
        forbidden=gettext_lazy("A {role} may not record retail payments."),
    ),
    "payment.manage_wholesale": rule(
        PA,
        PC,
        when=of_own_cloud,
        hide="cloud",
        forbidden=gettext_lazy("A {role} may not record wholesale payments."),
    ),
    # paying an account's open invoices by card, its saved cards and autopay: the
    # subscriber its own (the portal), its account manager, the cloud's money staff
    "payment.card": rule(
        PA,
        CA,
        AM,
        CC,
        SU,
        when=account_in_reach,
        hide="account",
        forbidden=gettext_lazy("A {role} may not pay by card or manage saved cards."),
    ),
    # the cloud pays the provider's wholesale invoices by card from its workspace
    "payment.card_wholesale": rule(
        CA,
        CC,
        when=of_own_cloud,
        hide="cloud",
        forbidden=gettext_lazy("A {role} may not pay the provider's invoices."),
    ),
    # gateway keys, dunning and outbound webhooks
    "payment.configure": rule(
        PA,
        CA,
        when=of_own_cloud,
        hide="cloud",
        forbidden=gettext_lazy("A {role} may not configure payments of this cloud."),
    ),
    # the provider's own gateway (its Stripe account, with which clouds pay its
    # wholesale invoices by card): its keys are the provider admin's alone
    "payment.configure_provider": rule(
        PA,
        forbidden=gettext_lazy(
            "Only the provider admin configures the provider's payment gateway."
        ),
    ),
    # collections: overdue accounts by age, reminders by hand, the suspension queue
    # (an account manager sees and chases only the accounts it is responsible for)
    "collections.view": rule(
        PA,
        PC,
        PM,
        CA,
        AM,
        CC,
        when=of_own_cloud,
        hide="cloud",
        forbidden=gettext_lazy("A {role} may not see the collections of a cloud."),
    ),
    "collections.remind": rule(
        PA,
        CA,
        AM,
        CC,
        when=account_in_reach,
        hide="account",
        forbidden=gettext_lazy("A {role} may not send payment reminders."),
    ),
    # confirming a suspension suspends the account: whoever may edit it (account.edit)
    "collections.suspend": rule(
        PA,
        CA,
        AM,
        when=account_in_reach,
        hide="account",
        forbidden=gettext_lazy("A {role} may not suspend accounts."),
    ),
    # dashboards (figures precomputed by cambill.metrics; docs/metrics.md)
    "dashboard.view": rule(PA, PC, PM, CA, AM, CC),
    "dashboard.refresh": rule(PA, PC, CA, CC),
    # usage metering: raw events, unmatched and late usage (cloud and provider staff)
    "usage.view": rule(PA, PC, PM, CA, CC),
    "usage.ingest": rule(PA, CA),
    "usage.manage": rule(PA),
    "usage.settle": rule(PA, PC, CA, CC),
    # Flussonic Watcher: the connection and sync, its status, the Agent device upload
    "watcher.view": rule(
        PA,
        PC,
        PM,
        CA,
        CC,
        when=of_own_cloud,
        forbidden=gettext_lazy("Your role may not see the Watcher sync."),
        refused=gettext_lazy("Your role may not see the Watcher sync."),
    ),
    "watcher.manage": rule(
        PA,
        CA,
        when=of_own_cloud,
        forbidden=gettext_lazy(
            "Only provider and cloud administrators manage the Watcher connection."
        ),
        refused=gettext_lazy("Not your cloud."),
    ),
    "watcher.intake": rule(
        PA,
        CA,
        when=of_own_cloud,
        forbidden=gettext_lazy("Only provider and cloud administrators upload Agent devices."),
        refused=gettext_lazy("Not your cloud."),
    ),
}

# The role level of the registry: may this role attempt the action at all?
MATRIX: dict[str, frozenset[Role]] = {action: r.roles for action, r in REGISTRY.items()}


def rule_for(action: str) -> Rule:
    try:
        return REGISTRY[action]
    except KeyError:
        raise KeyError(f"unknown action {action!r}") from None


def _role_name(role: str | None) -> str:
    """The role as people read it, in the active language."""
    if role in Role.values:
        return str(Role(role).label)
    return gettext("no role")


def allowed(role: Role, action: str) -> bool:
    """Whether ``role`` may attempt ``action`` at all (no object)."""
    return role in rule_for(action).roles


def can(actor: Principal, action: str, obj: Any = None) -> bool:
    """Whether ``actor`` may do ``action`` (to ``obj``, when given)."""
    r = rule_for(action)
    if actor.is_system:
        return True
    if actor.role is None or actor.role not in r.roles:
        return False
    return obj is None or r.when is None or r.when(actor, obj)


def require(actor: Principal, action: str, obj: Any = None) -> None:
    """Refuse unless ``actor`` may do ``action`` (to ``obj``, when given).

    A role not allowed at all gets 403. With an object, a rule that hides
    objects answers one outside the predicate with 404 (checked first, so a
    foreign cloud's object is "not found" whatever the role); otherwise 403.
    """
    r = rule_for(action)
    if actor.is_system:
        return
    passes = obj is None or r.when is None or r.when(actor, obj)
    if not passes and r.hide:
        raise NotFound(r.hide)
    role = actor.role
    if role is None or role not in r.roles:
        if r.forbidden is not None:
            raise Forbidden(str(r.forbidden).format(role=_role_name(role).lower()))
        raise Forbidden(
            gettext("Your role (%(role)s) may not do this: %(action)s.")
            % {"role": _role_name(role), "action": action}
        )
    if not passes:
        if r.refused is not None:
            raise Forbidden(str(r.refused).format(role=_role_name(role).lower()))
        raise Forbidden(
            gettext("Your role (%(role)s) may not do this here: %(action)s.")
            % {"role": _role_name(role), "action": action}
        )
