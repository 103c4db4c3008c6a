"""Errors raised by the Watcher client.

Billing reacts differently to each failure: bad credentials need an operator
to fix the cloud's Watcher connection (retrying will never help), a 4xx means
billing sent something Watcher refuses (a bug or a stale reference to fix),
and an unavailable Watcher is transient, so the job should simply run again
later without losing or inventing usage.
"""

from __future__ import annotations

from typing import Any

__all__ = ["WatcherAuthError", "WatcherError", "WatcherUnavailable"]


class WatcherError(Exception):
    """Watcher answered with an error the caller must handle (usually a 4xx).

    ``status`` is the HTTP status (``None`` when no reply was received) and
    ``body`` the decoded JSON reply, or its text when it was not JSON, so the
    caller can show Watcher's own explanation to the operator.
    """

    def __init__(self, status: int | None, body: Any = None, message: str | None = None) -> None:
        self.status = status
        self.body = body
        if message is None:
            message = f"Watcher replied {status}: {_describe(body)}"
        self.message = message
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        # Keeps the exception picklable (Celery ships task errors between processes).
        return (self.__class__, (self.status, self.body, self.message))


class WatcherAuthError(WatcherError):
    """Watcher rejected the configured credentials; retrying cannot help."""


class WatcherUnavailable(WatcherError):
    """Watcher could not be reached or kept failing (5xx, timeouts) after all retries."""


def _describe(body: Any) -> str:
    """Return a short human text for an error body, Watcher's ``errors`` list if present."""
    if isinstance(body, dict):
        errors = body.get("errors")
        if isinstance(errors, list) and errors:
            parts = []
            for err in errors:
                if isinstance(err, dict):
                    parts.append(
                        str(err.get("title") or err.get("detail") or err.get("code") or err)
                    )
                else:
                    parts.append(str(err))
            return "; ".join(parts)
        for key in ("error", "message", "detail"):
            if key in body:
                return str(body[key])
    text = str(body) if body is not None else ""
    return text if len(text) <= 500 else text[:497] + "..."
