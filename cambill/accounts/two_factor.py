"""Two-factor sign-in (django-otp): who needs it, enrolment, recovery codes and
a provider admin's reset.

A user has at most one authenticator (a TOTP device named ``cambill``) and one
set of recovery codes (a static device named ``recovery``, one token per code,
each deleted when used). Enrolling again is only reachable from a session that
already passed the second factor (a code or a recovery code), so a stolen
password alone can never replace the owner's authenticator; a user who lost
both asks a provider admin for ``two_factor_reset``, which is audited.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cambill.core.access import Actor
from cambill.core.audit import audit
from cambill.core.permissions import require

from .models import User
from .roles import PROVIDER_ROLES

DEVICE_NAME = "cambill"
RECOVERY_DEVICE_NAME = "recovery"
RECOVERY_CODE_COUNT = 10


def two_factor_required(user: Any) -> bool:
    """Must this signed-in user present a second factor this session?"""
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(settings, "CAMBILL_REQUIRE_2FA_FOR_STAFF", True) and user.role in PROVIDER_ROLES:
        return True
    # Whoever turned two-factor on for themselves is asked for it too.
    return user_has_device(user, confirmed=True)


def has_authenticator(user: Any) -> bool:
    """Has the user a confirmed authenticator app (not counting recovery codes)?"""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(
        device__user=user, device__name=RECOVERY_DEVICE_NAME, device__confirmed=True
    ).count()


def normalise_code(text: str) -> str:
    """What the user typed, without the spaces and dashes codes are shown with."""
    return "".join(text.split()).replace("-", "").lower()


def format_recovery_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


def totp_device_pending(*, user: Any) -> TOTPDevice:
    """The user's unconfirmed device (made once, so the QR code stays the same
    across reloads until it is confirmed)."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False, name=DEVICE_NAME)
            .order_by("pk")
            .first()
        )
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
        return device


def _new_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes: list[str] = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return [format_recovery_code(c) for c in codes]


def totp_device_confirm(*, actor: Any, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm enrolment with a first code from the app.

    Returns the new recovery codes (to show once; only they and the app's codes
    open the account from now on), or None when the code is wrong. Enrolling
    again replaces the previous authenticator and recovery codes.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if device.confirmed or not device.verify_token(normalise_code(token)):
            return None
        replaced = TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk)
        again = replaced.filter(confirmed=True).exists()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        replaced.delete()
        codes = _new_recovery_codes(device.user)
        audit(
            actor=actor,
            verb="user.two_factor_enrol",
            obj=device.user,
            after={"two_factor": "totp", "replaced": again, "recovery_codes": len(codes)},
            cloud_id=None,
        )
        return codes


def recovery_codes_regenerate(*, actor: Any, user: Any) -> list[str]:
    """A new set of recovery codes; the old ones stop working at once."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        codes = _new_recovery_codes(user)
        audit(
            actor=actor,
            verb="user.two_factor_recovery_codes",
            obj=user,
            after={"recovery_codes": len(codes)},
            cloud_id=None,
        )
        return codes


def verify_code(*, user: Any, token: str) -> Any:
    """The device that accepts ``token`` (an app code or an unused recovery
    code, which is used up), or None. Each device's own throttling applies."""
    code = normalise_code(token)
    if not code:
        return None
    with transaction.atomic():
        if code.isdigit() and len(code) <= 8:
            devices: Any = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
        else:
            devices = StaticDevice.objects.select_for_update().filter(
                user=user, confirmed=True, name=RECOVERY_DEVICE_NAME
            )
        for device in devices:
            if device.verify_token(code):
                if isinstance(device, StaticDevice):
                    audit(
                        actor=user,
                        verb="user.two_factor_recovery_used",
                        obj=user,
                        after={"recovery_codes_left": device.token_set.count()},
                        cloud_id=None,
                    )
                return device
    return None


@transaction.atomic
def two_factor_reset(*, actor: Actor, user: User) -> bool:
    """A provider admin turns a user's second factor off (lost phone and lost
    recovery codes): the authenticator and the recovery codes are deleted, so
    the user enrols again at the next sign-in (staff must). Sessions verified
    with the old device stop being verified. Returns whether anything was on."""
    require(actor, "user.two_factor_reset")
    user = User.objects.select_for_update().get(pk=user.pk)
    totp = TOTPDevice.objects.filter(user=user)
    static = StaticDevice.objects.filter(user=user)
    had = totp.filter(confirmed=True).exists() or static.filter(confirmed=True).exists()
    totp.delete()
    static.delete()
    membership = getattr(user, "membership", None)
    audit(
        actor=actor,
        verb="user.two_factor_reset",
        obj=user,
        before={"two_factor": had},
        after={"two_factor": False},
        cloud_id=membership.cloud_id if membership is not None else None,
    )
    return had
