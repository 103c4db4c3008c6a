"""The attributes every part of :class:`FakeWatcherState` shares (the mixins' common base).

The state is one object split by responsibility into mixins (``streams``, ``auth``,
``presets``, ``directory``, ``listing``, ``seeding``); this base only declares what
they read and write, so each module type-checks on its own.
"""

from __future__ import annotations

import itertools
import threading
from collections import Counter, deque
from typing import TYPE_CHECKING, Any

from .common import JSON, Faults, StreamRuntime


class StateBase:
    lock: threading.RLock
    access_ttl: float
    refresh_ttl: float
    faults: Faults
    stats: Counter[str]
    requests: deque[tuple[str, str, int]]
    _secret: bytes
    _epoch: float
    _elapsed: float
    _access_gen: int
    _refresh: dict[str, tuple[int, float]]
    version: int
    _views: dict[tuple[Any, ...], tuple[int, list[Any], list[Any]]]
    _count_cache: dict[str, tuple[int, Counter[int]]]
    streams: dict[str, JSON]
    runtime: dict[str, StreamRuntime]
    presets: dict[int, JSON]
    organizations: dict[int, JSON]
    org_presets: dict[int, set[int]]
    users: dict[int, JSON]
    passwords: dict[int, str]
    memberships: dict[int, dict[int, JSON]]
    folders: dict[int, JSON]
    _ids: dict[str, itertools.count[int]]
    admin_id: int
    default_org_id: int
    default_preset_id: int

    # -- the simulated clock and the change counter ---------------------------------

    def now(self) -> float:
        """Simulated unix time: the start time plus every ``advance`` and tick.

        The clock stands still between advances (unless the ticker runs), so
        nothing records, ages or expires behind a test's back.
        """
        return self._epoch + self._elapsed

    def _ms(self) -> int:
        return int(self.now() * 1000)

    def _touch(self) -> None:
        """Count a change: cached list views and counts are rebuilt after it."""
        self.version += 1

    if TYPE_CHECKING:
        # What one mixin calls on another (each is implemented once, in the module named).

        def _reset_objects(self, username: str, password: str) -> None: ...  # __init__

        def create_stream(self, name: str, **kwargs: Any) -> JSON: ...  # streams

        def render_stream(self, name: str) -> JSON: ...  # streams

        def _new_preset(self, body: JSON, ident: int | None = None) -> JSON: ...  # presets

        def render_preset(self, preset_id: int) -> JSON: ...  # presets

        def _new_org(self, body: JSON, owner_id: int, ident: int | None = None) -> JSON: ...

        def _org(self, org_id: int) -> JSON: ...  # directory

        def _org_stream_counts(self) -> Counter[int]: ...  # presets

        def render_org(self, org_id: int) -> JSON: ...  # directory

        def render_user(self, user_id: int) -> JSON: ...  # directory

        def render_org_user(self, org_id: int, user_id: int) -> JSON: ...  # directory
