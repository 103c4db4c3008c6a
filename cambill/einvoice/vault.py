"""Secrets at rest: signing keys and the regimes' write-only secrets, encrypted
with Fernet under the keys of ``CAMBILL_EINVOICE_KEYS`` (newest first).

``MultiFernet`` decrypts with any listed key and encrypts with the first, so a
new key goes in front, ``cambill einvoice_rotate_keys`` re-encrypts every token
with it, and the old key can then be dropped. Without configured keys one key is
derived from ``SECRET_KEY`` (development and the demo; production sets its own).
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _keys() -> list[Fernet]:
    raw = list(getattr(settings, "CAMBILL_EINVOICE_KEYS", []) or [])
    if not raw:
        digest = hashlib.sha256(b"cambill.einvoice:" + settings.SECRET_KEY.encode()).digest()
        raw = [base64.urlsafe_b64encode(digest).decode()]
    try:
        return [Fernet(k.encode() if isinstance(k, str) else k) for k in raw]
    except (ValueError, TypeError) as e:
        raise ImproperlyConfigured(
            "CAMBILL_EINVOICE_KEYS: each key is 32 url-safe base64-encoded bytes "
            "(Fernet.generate_key())."
        ) from e


def _fernet() -> MultiFernet:
    return MultiFernet(_keys())


def encrypt(data: bytes) -> str:
    return _fernet().encrypt(data).decode("ascii")


def decrypt(token: str) -> bytes:
    """The plaintext; ``InvalidToken`` when no configured key opens it."""
    return _fernet().decrypt(token.encode("ascii"))


def rotate(token: str) -> str:
    """The same plaintext encrypted with the newest key."""
    return _fernet().rotate(token.encode("ascii")).decode("ascii")


def encrypt_json(value: dict[str, Any]) -> str:
    return encrypt(json.dumps(value, sort_keys=True).encode()) if value else ""


def decrypt_json(token: str) -> dict[str, Any]:
    if not token:
        return {}
    data = json.loads(decrypt(token))
    return data if isinstance(data, dict) else {}


__all__ = ["InvalidToken", "decrypt", "decrypt_json", "encrypt", "encrypt_json", "rotate"]
