"""Replaying the plan "as it happened".

The services stamp ``created_at`` and audit rows with ``timezone.now()``. While
the demo replays months of history it patches that clock to each event's own
time, so a camera installed in February says February (and two runs with the
same seed write the same timestamps). It also hashes the one shared demo
password once, with a salt derived from the seed: Argon2 takes a quarter of a
second per user, and the password is printed for everyone anyway.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from unittest import mock


class DemoClock:
    """A settable clock standing in for ``django.utils.timezone.now``."""

    def __init__(self, start: datetime):
        self.current = start

    def set(self, at: datetime) -> None:
        self.current = at

    def now(self) -> datetime:
        return self.current


@contextmanager
def replay(clock: DemoClock, seed: int) -> Iterator[DemoClock]:
    from django.contrib.auth import hashers

    real = hashers.make_password
    cache: dict[str, str] = {}
    salt = f"cambilldemo{seed}"

    def make_password(password: Any, salt_: Any = None, hasher: str = "default") -> str:
        if password is None or salt_ is not None or hasher != "default":
            return real(password, salt_, hasher)
        if password not in cache:
            cache[password] = real(password, salt)
        return cache[password]

    with (
        mock.patch("django.utils.timezone.now", clock.now),
        mock.patch("django.contrib.auth.base_user.make_password", make_password),
    ):
        yield clock
