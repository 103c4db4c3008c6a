"""Emitting and delivering outbound webhooks.

``webhook_emit`` is called by other domains inside their transaction: it writes
the event and one pending delivery per subscribed endpoint, and asks for the
sending only after the transaction commits (a rolled-back change never leaks
out). Each attempt POSTs the JSON body signed the Standard Webhooks way
(https://www.standardwebhooks.com/, the ``standardwebhooks`` library)::

    webhook-id: <the event's UUID: the same on every retry and replay>
    webhook-timestamp: <unix time of the attempt>
    webhook-signature: v1,<base64 HMAC-SHA256(key, f"{id}.{timestamp}.{body}")>

with the endpoint's secret ``whsec_<base64 key>``; receivers verify with
``standardwebhooks.Webhook(secret).verify(body, headers)``
(docs/decisions/0008-outbound-webhooks.md).

A failure schedules the next attempt with exponential backoff
(``BACKOFF_BASE * 2**(attempts-1)``, at most ``MAX_ATTEMPTS``) in
``next_attempt_at``; the periodic task ``webhooks.deliver_due`` sends whatever is
due, so retries work the same with Celery and in the eager embedded mode.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import standardwebhooks
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from cambill.core import clock, outbound
from cambill.core.access import Actor
from cambill.core.audit import audit, snapshot
from cambill.core.errors import DomainError, ErrorCode, NotFound, validation
from cambill.core.permissions import require
from cambill.core.validation import check_text, validate_model

from .models import EVENT_TYPES, DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent

MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(seconds=30)
TIMEOUT_SECONDS = 10.0


# Standard Webhooks: a secret is ``whsec_`` and 24 to 64 random bytes in base64.
SECRET_PREFIX = "whsec_"
SECRET_BYTES = (24, 64)


def secret_new() -> str:
    """A new endpoint secret: 32 random bytes, in the Standard Webhooks form."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _secret_key(secret: str) -> bytes | None:
    """The key of a ``whsec_<base64>`` secret, or None when it is not one."""
    if not isinstance(secret, str) or not secret.startswith(SECRET_PREFIX):
        return None
    try:
        key = base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except (binascii.Error, ValueError):
        return None
    return key or None


def check_secret(secret: Any) -> str:
    """A secret given by the caller must be one every Standard Webhooks library takes."""
    key = _secret_key(secret)
    low, high = SECRET_BYTES
    if key is None or not low <= len(key) <= high:
        raise validation(
            "secret",
            _(
                "A secret is whsec_ followed by %(low)s to %(high)s random bytes in base64; "
                "leave it out to have one made."
            )
            % {"low": low, "high": high},
        )
    return str(secret)


def signing_key(secret: str) -> bytes:
    """The HMAC key of an endpoint: the base64 part of its ``whsec_`` secret.
    (Every secret cambill made is of that form; a secret stored by code before
    the check, in no such form, signs with its own bytes.)"""
    return _secret_key(secret) or secret.encode()


def signature_headers(secret: str, msg_id: str, body: str, t: int) -> dict[str, str]:
    """The Standard Webhooks headers of one attempt."""
    signature = standardwebhooks.Webhook(signing_key(secret)).sign(
        msg_id, datetime.fromtimestamp(t, tz=UTC), body
    )
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(t),
        "webhook-signature": signature,
    }


def event_body(event: WebhookEvent) -> str:
    return json.dumps(
        {
            "id": str(event.uid),
            "type": event.type,
            "created": int(event.created_at.timestamp()),
            "cloud": event.cloud.slug,
            "data": event.data,
        },
        separators=(",", ":"),
        sort_keys=True,
    )


# --- endpoints --------------------------------------------------------------------


def _clean_events(events: Any) -> list[str]:
    if not isinstance(events, list) or not events:
        raise validation(
            "events",
            gettext("Choose one or more of %(value)s.") % {"value": ", ".join(EVENT_TYPES)},
        )
    bad = [e for e in events if e not in EVENT_TYPES]
    if bad:
        raise validation(
            "events",
            gettext("Unknown events %(bad)s; use %(value)s.")
            % {"bad": bad, "value": ", ".join(EVENT_TYPES)},
        )
    return sorted(set(events))


def _clean_url(url: Any) -> str:
    """http(s), no credentials, no CR/LF, not an internal address (core.outbound)."""
    if isinstance(url, str):
        url = url.strip(" ")  # but not CR/LF, which check_text would trim away silently
    try:
        outbound.check_url(url)
    except outbound.BadOutboundURL as exc:
        raise validation("url", str(exc.message)) from None
    return check_text(url, "url")


@transaction.atomic
def webhook_endpoint_create(
    *,
    actor: Actor,
    cloud: Any,
    url: str,
    events: list[str],
    description: str = "",
    secret: str | None = None,
) -> WebhookEndpoint:
    """Add an endpoint; the secret (generated unless given) is returned only here."""
    require(actor, "payment.configure", cloud)
    ep = WebhookEndpoint(
        cloud=cloud,
        url=_clean_url(url),
        events=_clean_events(events),
        description=check_text(description, "description", required=False),
        secret=check_secret(secret) if secret is not None else secret_new(),
        created_at=clock.now(),
    )
    validate_model(ep, fields=["url", "description", "secret"])
    ep.save(force_insert=True)
    audit(actor=actor, verb="webhook_endpoint_create", obj=ep, after=snapshot(ep, _PUBLIC))
    return ep


_PUBLIC = ["id", "cloud", "url", "events", "description", "active"]


@transaction.atomic
def webhook_endpoint_update(
    *, actor: Actor, endpoint: WebhookEndpoint, **fields: Any
) -> WebhookEndpoint:
    require(actor, "payment.configure", endpoint.cloud)
    ep = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    before = snapshot(ep, _PUBLIC)
    for key, value in fields.items():
        if key == "url":
            ep.url = _clean_url(value)
        elif key == "events":
            ep.events = _clean_events(value)
        elif key == "description":
            ep.description = check_text(value, key, required=False)
        elif key == "active":
            if not isinstance(value, bool):
                raise validation(key, gettext("true or false."))
            ep.active = value
        elif key == "secret":
            ep.secret = check_secret(value)
        else:
            raise validation(key, gettext("'%(key)s' cannot be set here.") % {"key": key})
    validate_model(ep, fields=fields)
    ep.save()
    audit(
        actor=actor,
        verb="webhook_endpoint_update",
        obj=ep,
        before=before,
        after=snapshot(ep, _PUBLIC),
    )
    return ep


def webhook_endpoint_list(*, actor: Actor, cloud: Any) -> Any:
    if not actor.can("payment.view", cloud):
        return WebhookEndpoint.objects.none()
    return WebhookEndpoint.objects.filter(cloud=cloud)


def webhook_delivery_list(*, actor: Actor, cloud: Any) -> Any:
    if not actor.can("payment.view", cloud):
        return WebhookDelivery.objects.none()
    return WebhookDelivery.objects.filter(cloud=cloud).select_related("event", "endpoint")


def webhook_delivery_get(*, actor: Actor, cloud: Any, pk: Any) -> WebhookDelivery:
    try:
        return webhook_delivery_list(actor=actor, cloud=cloud).get(pk=int(pk))
    except (WebhookDelivery.DoesNotExist, ValueError, TypeError):
        raise NotFound("delivery") from None


# --- emitting -----------------------------------------------------------------------


def webhook_listened(*, cloud: Any, type: str) -> bool:
    """Whether an active endpoint of the cloud subscribes to ``type`` (one query):
    a bulk emitter asks once instead of once per event."""
    return any(type in ep.events for ep in WebhookEndpoint.objects.filter(cloud=cloud, active=True))


def webhook_emit(
    *, cloud: Any, type: str, data: dict[str, Any], now: datetime | None = None
) -> WebhookEvent | None:
    """Record an event and queue it for every active endpoint subscribed to it.

    Call inside the verb's transaction; sending starts after commit. Returns
    None when no endpoint listens (nothing is stored then).
    """
    if type not in EVENT_TYPES:
        raise ValueError(f"unknown webhook event {type!r}")
    endpoints = [
        ep for ep in WebhookEndpoint.objects.filter(cloud=cloud, active=True) if type in ep.events
    ]
    if not endpoints:
        return None
    now = clock.given(now)
    event = WebhookEvent.objects.create(cloud=cloud, type=type, data=data, created_at=now)
    ids = [
        WebhookDelivery.objects.create(
            cloud=cloud, endpoint=ep, event=event, next_attempt_at=now, created_at=now
        ).pk
        for ep in endpoints
    ]
    transaction.on_commit(lambda: _enqueue(ids))
    return event


DELIVER_TASK = "webhooks.deliver"


def _enqueue(ids: list[int], countdown: float | None = None) -> None:
    """Start the delivery jobs (called after commit).

    The task is looked up by its registered name, not imported: the tasks call
    the services, never the other way round (docs/decisions/0011).
    """
    from cambill.celery import app

    if DELIVER_TASK not in app.tasks:
        app.loader.import_default_modules()  # the autodiscovered tasks modules
    deliver_webhook = app.tasks[DELIVER_TASK]
    for pk in ids:
        if countdown:
            deliver_webhook.apply_async((pk,), countdown=countdown)
        else:
            deliver_webhook.delay(pk)


# --- delivering ---------------------------------------------------------------------


def backoff(attempts: int) -> timedelta:
    return BACKOFF_BASE * (2 ** max(attempts - 1, 0))


def webhook_deliver(delivery_id: int, now: datetime | None = None) -> WebhookDelivery:
    """One attempt of one delivery (the Celery task calls this). A delivery that
    is not pending, or not yet due, is left alone, so duplicates are harmless."""
    now = clock.given(now)
    with transaction.atomic():
        d = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
            .select_related("endpoint", "event", "event__cloud")
            .first()
        )
        if d is None or (d.next_attempt_at and d.next_attempt_at > now):
            return WebhookDelivery.objects.get(pk=delivery_id)
        # Claim the attempt before the network call so a concurrent worker skips it.
        d.attempts += 1
        d.last_attempt_at = now
        d.next_attempt_at = now + backoff(d.attempts)
        d.save(update_fields=["attempts", "last_attempt_at", "next_attempt_at"])
    body = event_body(d.event)
    # Wall-clock time, not ``now``: receivers judge it against their own clock.
    t = int(time.time())
    headers = {
        "Content-Type": "application/json",
        **signature_headers(d.endpoint.secret, str(d.event.uid), body, t),
        "Cambill-Event": d.event.type,
        "Cambill-Delivery": str(d.pk),
    }
    code: int | None = None
    error = ""
    try:
        # Only to checked addresses, the URL re-checked at each connection, no redirect
        # followed (a 3xx is a failed attempt), and no reason that would tell an open
        # port from a closed one (core.outbound).
        with outbound.client(timeout=TIMEOUT_SECONDS) as http:
            resp = http.post(d.endpoint.url, content=body, headers=headers)
        code = resp.status_code
        if not 200 <= code < 300:
            error = f"HTTP {code}"
    except (httpx.HTTPError, httpx.InvalidURL):
        error = outbound.COULD_NOT_CONNECT
    d.last_status_code = code
    d.last_error = error
    if not error:
        d.status = DeliveryStatus.SUCCEEDED
        d.next_attempt_at = None
    elif d.attempts >= MAX_ATTEMPTS:
        d.status = DeliveryStatus.FAILED
        d.next_attempt_at = None
    d.save(update_fields=["status", "next_attempt_at", "last_status_code", "last_error"])
    if d.status == DeliveryStatus.PENDING and not _eager():
        _enqueue([d.pk], countdown=backoff(d.attempts).total_seconds())
    return d


def _eager() -> bool:
    from django.conf import settings

    return bool(getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True))


def webhooks_deliver_due(now: datetime | None = None, limit: int = 500) -> int:
    """Attempt every pending delivery whose time has come; returns how many."""
    now = clock.given(now)
    ids = list(
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        webhook_deliver(pk, now=now)
    return len(ids)


@transaction.atomic
def webhook_delivery_replay(*, actor: Actor, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send an event to its endpoint again, as a new delivery (same event id, so
    receivers can deduplicate)."""
    require(actor, "payment.configure", delivery.endpoint.cloud)
    if not delivery.endpoint.active:
        raise DomainError(ErrorCode.INVALID_STATE, gettext("The endpoint is disabled."))
    now = clock.now()
    new = WebhookDelivery.objects.create(
        cloud_id=delivery.cloud_id,
        endpoint=delivery.endpoint,
        event=delivery.event,
        next_attempt_at=now,
        replay_of=delivery,
        created_at=now,
    )
    audit(
        actor=actor,
        verb="webhook_delivery_replay",
        obj=new,
        after={"replay_of": delivery.pk},
        now=now,
    )
    transaction.on_commit(lambda: _enqueue([new.pk]))
    return new
