"""Users' passwords and tokens: HS256 access JWTs that expire, refresh tokens that are used up."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping
from typing import Any

from .base import StateBase
from .common import (
    JSON,
    unauthorized,
)


class AuthMixin(StateBase):
    """Password checks and the token life cycle."""

    # -- tokens -----------------------------------------------------------

    def check_password(self, username: str, password: str) -> JSON | None:
        """Return the enabled user with these credentials, if any."""
        with self.lock:
            for user in self.users.values():
                if user["name"] != username or user.get("disabled"):
                    continue
                known = self.passwords.get(user["id"])
                if known is not None and hmac.compare_digest(known, password):
                    return user
            return None

    def issue_tokens(self, user_id: int) -> JSON:
        """Create an access JWT (HS256, with ``exp``) and an opaque refresh token."""
        with self.lock:
            now = self.now()
            claims = {
                "sub": str(user_id),
                "name": self.users[user_id]["name"],
                "iat": int(now),
                "exp": round(now + self.access_ttl, 3),
                "gen": self._access_gen,
                "jti": secrets.token_hex(8),
            }
            refresh = secrets.token_urlsafe(24)
            self._refresh[refresh] = (user_id, now + self.refresh_ttl)
            self.stats["tokens_issued"] += 1
            return {"access_token": _jwt_encode(claims, self._secret), "refresh_token": refresh}

    def user_for_access_token(self, token: str) -> JSON:
        """Validate a Bearer access token; raise 401 when it is bad or expired."""
        claims = _jwt_decode(token, self._secret)
        if claims is None:
            raise unauthorized("invalid token")
        with self.lock:
            if claims.get("gen") != self._access_gen or float(claims.get("exp", 0)) <= self.now():
                raise unauthorized("token expired")
            user = self.users.get(int(claims.get("sub", 0)))
            if user is None or user.get("disabled"):
                raise unauthorized("user is gone or disabled")
            return user

    def refresh_tokens(self, refresh_token: str) -> JSON:
        """Trade a refresh token for new tokens (the old refresh token is used up)."""
        with self.lock:
            entry = self._refresh.pop(refresh_token, None)
            if self.faults.reject_refresh or entry is None or entry[1] <= self.now():
                raise unauthorized("refresh token is invalid or expired")
            user = self.users.get(entry[0])
            if user is None or user.get("disabled"):
                raise unauthorized("user is gone or disabled")
            return self.issue_tokens(user["id"])

    def expire_tokens(self, *, refresh: bool = False) -> None:
        """Invalidate every access token now (and every refresh token if asked)."""
        with self.lock:
            self._access_gen += 1
            if refresh:
                self._refresh.clear()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _jwt_encode(claims: Mapping[str, Any], secret: bytes) -> str:
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = _b64(json.dumps(dict(claims), separators=(",", ":")).encode())
    signing_input = f"{header}.{payload}".encode()
    signature = _b64(hmac.new(secret, signing_input, hashlib.sha256).digest())
    return f"{header}.{payload}.{signature}"


def _jwt_decode(token: str, secret: bytes) -> JSON | None:
    """Verify an HS256 JWT's signature and return its claims (``None`` if forged/garbled)."""
    try:
        header, payload, signature = token.split(".")
        expected = _b64(hmac.new(secret, f"{header}.{payload}".encode(), hashlib.sha256).digest())
        if not hmac.compare_digest(expected, signature):
            return None
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (ValueError, TypeError):
        return None
    return claims if isinstance(claims, dict) else None
