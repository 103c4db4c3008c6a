"""A fake Flussonic Watcher that speaks the v3 API subset billing uses, over real HTTP.

Tests and the demo start it in-process::

    with FakeWatcher() as fake:
        fake.create_stream("cam1", bitrate=2048)
        client = WatcherClient(fake.url, "admin", "secret")

or in the foreground with ``python -m cambill_sandbox.fake_watcher.server --port 8081``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .state import FakeHTTPError, FakeWatcherState, Faults, StreamRuntime

if TYPE_CHECKING:
    from .server import FakeWatcher, FakeWatcherHub, main

__all__ = [
    "FakeHTTPError",
    "FakeWatcher",
    "FakeWatcherHub",
    "FakeWatcherState",
    "Faults",
    "StreamRuntime",
    "main",
]


def __getattr__(name: str) -> Any:
    # Imported lazily so ``python -m cambill_sandbox.fake_watcher.server`` does not load
    # the server module twice (once as the package's, once as __main__).
    if name in ("FakeWatcher", "FakeWatcherHub", "main"):
        from . import server

        return getattr(server, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
