"""Gateway configuration of a cloud (``gateway_config_set``) and of the provider
(``provider_gateway_set``), and the Stripe client of either."""

from __future__ import annotations

from urllib.parse import urlsplit

import stripe
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from cambill.clouds.models import Cloud
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.audit import audit
from cambill.core.errors import validation
from cambill.core.permissions import require
from cambill.core.validation import check_text, validate_model

from ..models import (
    GatewayConfig,
    GatewayKind,
)

# --- configuration ------------------------------------------------------------------


def _apply_keys(
    cfg: GatewayConfig,
    *,
    secret_key: str | None,
    webhook_secret: str | None,
    publishable_key: str | None,
) -> list[str]:
    """Store the keys given (``None``: kept; ``""``: cleared); the names of those changed."""
    changed = []
    for name, value in (
        ("secret_key", secret_key),
        ("webhook_secret", webhook_secret),
        ("publishable_key", publishable_key),
    ):
        if value is not None:
            setattr(cfg, name, check_text(value, name, max_length=255, required=False))
            changed.append(name)
    return changed


@transaction.atomic
def gateway_config_set(
    *,
    actor: Actor,
    cloud: Cloud,
    kind: str,
    secret_key: str | None = None,
    webhook_secret: str | None = None,
    publishable_key: str | None = None,
    auto_charge: bool | None = None,
) -> GatewayConfig:
    """Set a cloud's gateway. Keys given are stored; keys omitted are kept. The
    audit row records only that a key changed, never its value."""
    require(actor, "payment.configure", cloud)
    if kind not in GatewayKind.values:
        raise validation(
            "kind", gettext("Use one of %(value)s.") % {"value": ", ".join(GatewayKind.values)}
        )
    cfg, _created = GatewayConfig.objects.select_for_update().get_or_create(
        cloud=cloud, kind=kind, defaults={"updated_at": clock.now()}
    )
    changed = _apply_keys(
        cfg, secret_key=secret_key, webhook_secret=webhook_secret, publishable_key=publishable_key
    )
    if auto_charge is not None:
        cfg.auto_charge = bool(auto_charge)
        changed.append("auto_charge")
    cfg.updated_at = clock.now()
    validate_model(cfg, fields=changed)
    cfg.save()
    audit(actor=actor, verb="gateway_config_set", obj=cfg, after={"kind": kind, "changed": changed})
    return cfg


@transaction.atomic
def provider_gateway_set(
    *,
    actor: Actor,
    secret_key: str | None = None,
    webhook_secret: str | None = None,
    publishable_key: str | None = None,
) -> GatewayConfig:
    """Set the provider's own Stripe account (a gateway without a cloud), with which
    the clouds pay its wholesale invoices by card. Keys given are stored; keys
    omitted are kept; an empty secret key hands the account back to the settings
    (``CAMBILL_PROVIDER_STRIPE_*``). The audit row names the keys changed, never
    their values."""
    require(actor, "payment.configure_provider")
    cfg, _created = GatewayConfig.objects.select_for_update().get_or_create(
        cloud=None,
        kind=GatewayKind.STRIPE,
        defaults={"updated_at": clock.now(), "auto_charge": False},
    )
    changed = _apply_keys(
        cfg, secret_key=secret_key, webhook_secret=webhook_secret, publishable_key=publishable_key
    )
    if cfg.webhook_secret and not cfg.secret_key:
        # It would sign for an account cambill does not use (the settings' one).
        raise validation(
            "secret_key", _("Give the secret key of the Stripe account the webhook secret is of.")
        )
    cfg.updated_at = clock.now()
    validate_model(cfg, fields=changed)
    cfg.save()
    audit(
        actor=actor,
        verb="provider_gateway_set",
        obj=cfg,
        after={"kind": GatewayKind.STRIPE.value, "changed": changed},
    )
    return cfg


def stripe_config(cloud_id: int) -> GatewayConfig | None:
    return GatewayConfig.objects.filter(
        cloud_id=cloud_id, kind=GatewayKind.STRIPE, secret_key__gt=""
    ).first()


def stripe_client(cfg: GatewayConfig) -> stripe.StripeClient:
    # The base address follows ``stripe.api_base`` (or the STRIPE_API_BASE setting),
    # so tests and demos point the SDK at a local fake Stripe.
    base = getattr(settings, "STRIPE_API_BASE", None) or stripe.api_base
    return stripe.StripeClient(cfg.secret_key, base_addresses={"api": base}, max_network_retries=0)


# Stripe Checkout's hosted pages (the session's ``url``).
STRIPE_CHECKOUT_ORIGIN = "https://checkout.stripe.com"


def checkout_origins() -> list[str]:
    """Where a Checkout session sends the payer: Stripe's hosted pages, and the
    local fake Stripe's (its hosted page is on its API base) in tests and the demo."""
    origins = [STRIPE_CHECKOUT_ORIGIN]
    base = urlsplit(str(getattr(settings, "STRIPE_API_BASE", None) or stripe.api_base))
    if base.netloc and not base.netloc.endswith(".stripe.com"):
        origins.append(f"{base.scheme}://{base.netloc}")
    return origins


def provider_gateway_record() -> GatewayConfig | None:
    """The provider's own Stripe account as its admin stored it, or None."""
    return GatewayConfig.objects.filter(cloud__isnull=True, kind=GatewayKind.STRIPE).first()


def provider_stripe_config() -> GatewayConfig | None:
    """The provider's own Stripe account, with which clouds pay its wholesale
    invoices by card: the record its admin keeps (``provider_gateway_set``) once it
    holds a secret key, else the settings ``CAMBILL_PROVIDER_STRIPE_*`` (an unsaved
    config without a cloud); None when neither has a key."""
    record = provider_gateway_record()
    if record is not None and record.secret_key:
        return record
    secret = str(getattr(settings, "CAMBILL_PROVIDER_STRIPE_SECRET_KEY", "") or "")
    if not secret:
        return None
    return GatewayConfig(
        kind=GatewayKind.STRIPE,
        secret_key=secret,
        webhook_secret=str(getattr(settings, "CAMBILL_PROVIDER_STRIPE_WEBHOOK_SECRET", "") or ""),
        auto_charge=False,
    )
