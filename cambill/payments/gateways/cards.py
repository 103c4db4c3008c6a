"""An account's saved cards and its autopay switch: remove a card, make one the
default, turn autopay on or off. Each verb is one transaction and one audit row.

Removing a card detaches it at Stripe first (so it can never be charged again)
and then deletes its row; when it was the default, the oldest remaining card
becomes the default.
"""

from __future__ import annotations

import stripe
from django.db import transaction
from django.utils.translation import gettext

from cambill.clouds.models import Account
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.audit import audit
from cambill.core.errors import DomainError, ErrorCode, NotFound
from cambill.core.permissions import require

from ..models import CardProfile, SavedCard
from .config import stripe_client, stripe_config
from .stripe_adapter import card_profile


def _card_of(account: Account, card: SavedCard) -> SavedCard:
    if card.account_id != account.pk:
        raise NotFound("card")
    return SavedCard.objects.select_for_update().get(pk=card.pk)


@transaction.atomic
def card_remove(*, actor: Actor, account: Account, card: SavedCard) -> None:
    """Detach the card at Stripe and forget it; the next card becomes the default."""
    require(actor, "payment.card", account)
    Account.objects.select_for_update().get(pk=account.pk)
    card = _card_of(account, card)
    cfg = stripe_config(account.cloud_id)
    if cfg is not None and card.payment_method_id:
        try:
            stripe_client(cfg).v1.payment_methods.detach(card.payment_method_id)
        except stripe.InvalidRequestError:
            pass  # already detached or unknown at Stripe: forgetting it is what is asked
        except stripe.StripeError as exc:
            raise DomainError(
                ErrorCode.CONFLICT,
                gettext("Stripe refused: %(error)s") % {"error": exc.user_message or str(exc)},
            ) from None
    was_default = card.is_default
    before = {"brand": card.brand, "last4": card.last4, "default": was_default}
    audit(actor=actor, verb="card_remove", obj=card, before=before)
    card.delete()
    if was_default:
        nxt = (
            SavedCard.objects.filter(account=account)
            .exclude(payment_method_id="")
            .order_by("id")
            .first()
        )
        if nxt is not None:
            SavedCard.objects.filter(pk=nxt.pk).update(is_default=True, updated_at=clock.now())


@transaction.atomic
def card_set_default(*, actor: Actor, account: Account, card: SavedCard) -> SavedCard:
    """Make ``card`` the account's default (the one autopay charges)."""
    require(actor, "payment.card", account)
    Account.objects.select_for_update().get(pk=account.pk)
    card = _card_of(account, card)
    if not card.payment_method_id:
        raise DomainError(ErrorCode.INVALID_STATE, gettext("This card setup is not complete."))
    now = clock.now()
    SavedCard.objects.filter(account=account, is_default=True).exclude(pk=card.pk).update(
        is_default=False, updated_at=now
    )
    card.is_default = True
    card.updated_at = now
    card.save(update_fields=["is_default", "updated_at"])
    audit(actor=actor, verb="card_set_default", obj=card, after={"last4": card.last4})
    return card


@transaction.atomic
def autopay_set(*, actor: Actor, account: Account, enabled: bool) -> CardProfile:
    """Turn autopay on or off: whether issued invoices are charged on the default card."""
    require(actor, "payment.card", account)
    profile = CardProfile.objects.select_for_update().get(pk=card_profile(account).pk)
    before = {"autopay": profile.autopay}
    profile.autopay = bool(enabled)
    profile.updated_at = clock.now()
    profile.save(update_fields=["autopay", "updated_at"])
    audit(actor=actor, verb="autopay_set", obj=profile, before=before, after={"autopay": enabled})
    return profile


def autopay_on(account_id: int) -> bool:
    """Autopay of an account: on unless turned off (no profile yet: on)."""
    return not CardProfile.objects.filter(account_id=account_id, autopay=False).exists()
