"""The fake Watcher as a real HTTP server (stdlib ``ThreadingHTTPServer`` in a thread).

It speaks the subset of the Watcher v3 admin and client APIs that billing uses
(``/watcher/admin-api/v3`` and ``/watcher/client-api/v3``), so the production
client is tested over real sockets: real timeouts, real retries, real JSON.

A small control API under ``/_fake/`` (no authentication) lets tests and the
demo inject faults, move the simulated clock and seed data from outside the
process; the same controls exist as methods on ``FakeWatcher``.

Run it in the foreground with ``python -m cambill_sandbox.fake_watcher.server --port 8081``
(``main(argv)`` is what the ``cambill fake-watcher`` command calls).

The parts: ``fake`` (one fake Watcher), ``hub`` (several behind one port), ``routes``
(the API paths), ``http`` (the wire and the server lifecycle), ``state`` (the objects).
This module is the command line and the names others import.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from .fake import FakeWatcher
from .http import ADMIN_PREFIX, CLIENT_PREFIX, CONTROL_PREFIX
from .hub import HUB_FILE_VERSION, HUB_PREFIX, FakeWatcherHub
from .state import (
    DEFAULT_ACCESS_TTL,
)

__all__ = [
    "ADMIN_PREFIX",
    "CLIENT_PREFIX",
    "HUB_FILE_VERSION",
    "HUB_PREFIX",
    "FakeWatcher",
    "FakeWatcherHub",
    "main",
]


def main(argv: Sequence[str] | None = None) -> int:
    """Run a fake Watcher in the foreground until interrupted (Ctrl-C or SIGTERM)."""
    parser = argparse.ArgumentParser(
        prog="fake-watcher", description="Run a fake Flussonic Watcher for tests and demos."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--username", default="admin")
    parser.add_argument("--password", default="secret")
    parser.add_argument("--seed-streams", type=int, default=0, metavar="N", help="cameras to seed")
    parser.add_argument("--streams-per-org", type=int, default=10, metavar="M")
    parser.add_argument("--seed", type=int, default=1, help="random seed for --seed-streams")
    parser.add_argument(
        "--tick",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="grow archives with wall-clock time every SECONDS (0: only on /_fake/advance)",
    )
    parser.add_argument("--speed", type=float, default=1.0, help="simulated seconds per real one")
    parser.add_argument("--access-ttl", type=float, default=DEFAULT_ACCESS_TTL)
    parser.add_argument(
        "--state",
        metavar="FILE",
        help="serve the tenants of a hub file (one fake Watcher per cloud under /<name>/, "
        "as written by `cambill demo-data`) and write their state back on exit",
    )
    parser.add_argument(
        "--new-stream-every",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="with --tick: a subscriber adds a camera in Watcher this often (demo)",
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)

    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    hub = FakeWatcherHub(
        args.host, args.port, args.username, args.password, access_ttl=args.access_ttl
    )
    if args.state and Path(args.state).exists():
        for name, counts in hub.load(args.state).items():
            print(f"Loaded tenant {name}: {counts}", flush=True)
    if args.seed_streams > 0:
        per_org = max(1, args.streams_per_org)
        organizations = -(-args.seed_streams // per_org)
        result = hub.root.seed(organizations, per_org, args.seed, total_streams=args.seed_streams)
        print(
            f"Seeded {result['streams']} streams in {len(result['organizations'])} organizations",
            flush=True,
        )
    hub.start()
    if args.tick > 0:
        hub.start_ticker(args.tick, args.speed, new_stream_every=args.new_stream_every)
    print(
        f"Fake Watcher on {hub.url} (user {args.username!r}); "
        f"APIs {ADMIN_PREFIX} and {CLIENT_PREFIX}, controls under {CONTROL_PREFIX}/",
        flush=True,
    )
    for name in sorted(n for n in hub.tenants if n):
        print(f"  tenant {name}: {hub.url_for(name)}", flush=True)
    done = threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: done.set())
    try:
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        hub.stop()
        if args.state:
            hub.save(args.state)
    return 0


if __name__ == "__main__":
    sys.exit(main())
