"""Sync jobs between billing and Watcher: import (Watcher -> billing) and poll (usage).

Pushes (billing -> Watcher) live in ``watcher/services/`` (the outbox). One module
per job, each with its rules in its docstring; this package re-exports them, so
``from cambill.watcher.sync import sync_poll`` keeps working:

- ``importing``: ``sync_import_plan``, ``build_import_plan``, ``sync_import_apply``,
  ``ImportPlan``, ``PlanItem`` (the matching rules)
- ``poll``: ``sync_poll``, ``events_from_stats``, ``StreamSnapshot``, ``PollResult``,
  ``ingest_events``, ``event_source`` (counters that go backwards)
- ``meters``: ``install_watcher_meters``, ``WATCHER_METERS``
"""

from .importing import ImportPlan, PlanItem, build_import_plan, sync_import_apply, sync_import_plan
from .meters import WATCHER_METERS, install_watcher_meters
from .poll import (
    POLL_BATCH,
    POLL_BATCH_SQLITE,
    POLL_FIELDS,
    POLL_PAGE,
    STATS_EVENT_TYPE,
    PollResult,
    StreamSnapshot,
    event_source,
    events_from_stats,
    ingest_events,
    sync_poll,
)

__all__ = [
    "POLL_BATCH",
    "POLL_BATCH_SQLITE",
    "POLL_FIELDS",
    "POLL_PAGE",
    "STATS_EVENT_TYPE",
    "WATCHER_METERS",
    "ImportPlan",
    "PlanItem",
    "PollResult",
    "StreamSnapshot",
    "build_import_plan",
    "event_source",
    "events_from_stats",
    "ingest_events",
    "install_watcher_meters",
    "sync_import_apply",
    "sync_import_plan",
    "sync_poll",
]
