"""Per-cloud gateway configuration (``gateway_config_set``) and the Stripe client of a cloud."""

from __future__ import annotations

from urllib.parse import urlsplit

import stripe
from django.conf import settings
from django.db import transaction

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
        raise validation("kind", f"Use one of {', '.join(GatewayKind.values)}.")
    cfg, _ = GatewayConfig.objects.select_for_update().get_or_create(
        cloud=cloud, kind=kind, defaults={"updated_at": clock.now()}
    )
    changed = []
    if secret_key is not None:
        cfg.secret_key = check_text(secret_key, "secret_key", max_length=255, required=False)
        changed.append("secret_key")
    if webhook_secret is not None:
        cfg.webhook_secret = check_text(
            webhook_secret, "webhook_secret", max_length=255, required=False
        )
        changed.append("webhook_secret")
    if publishable_key is not None:
        cfg.publishable_key = check_text(
            publishable_key, "publishable_key", max_length=255, required=False
        )
        changed.append("publishable_key")
    if auto_charge is not None:
        cfg.auto_charge = bool(auto_charge)
        changed.append("auto_charge")
    cfg.updated_at = clock.now()
    validate_model(cfg, fields=changed)
    cfg.save()
    audit(actor=actor, verb="gateway_config_set", obj=cfg, after={"kind": kind, "changed": changed})
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


def provider_stripe_config() -> GatewayConfig | None:
    """The provider's own Stripe account (settings ``CAMBILL_PROVIDER_STRIPE_*``), with
    which clouds pay its wholesale invoices by card; None when it has none. An unsaved
    config: the provider is no cloud, and its keys live in the environment."""
    secret = str(getattr(settings, "CAMBILL_PROVIDER_STRIPE_SECRET_KEY", "") or "")
    if not secret:
        return None
    return GatewayConfig(
        kind=GatewayKind.STRIPE,
        secret_key=secret,
        webhook_secret=str(getattr(settings, "CAMBILL_PROVIDER_STRIPE_WEBHOOK_SECRET", "") or ""),
        auto_charge=False,
    )
