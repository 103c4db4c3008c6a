"""Monthly partitions of the raw events table on PostgreSQL.

``usage_usageevent`` is ``PARTITION BY RANGE (time)`` with one partition per
UTC month (``usage_usageevent_p2026_03`` holds ``[2026-03-01, 2026-04-01)``
UTC) and a default partition, the safety net for a month nobody created yet.
The maintenance task creates the coming months ahead; ingestion creates the
month of an old or future event on demand, before inserting it. Creating a
month moves its rows out of the default partition first, then attaches the new
table (``ATTACH PARTITION`` takes only a SHARE UPDATE EXCLUSIVE lock on the
parent, so inserts into other months go on). See docs/decisions/0005.

SQLite has no partitions: every function here is a no-op there.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from datetime import UTC, date, datetime

from django.db import connection, transaction

TABLE = "usage_usageevent"
DEFAULT = f"{TABLE}_default"
_NAME = re.compile(rf"^{TABLE}_p(\d{{4}})_(\d{{2}})$")

# Months known to have a partition, per process (partitions are never dropped
# by the application; a DBA dropping one makes the next insert land in the
# default partition, still stored).
_known: set[date] = set()
_lock = threading.Lock()


def enabled() -> bool:
    return connection.vendor == "postgresql" and is_partitioned()


def is_partitioned() -> bool:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relname = %s AND n.nspname = current_schema()",
            [TABLE],
        )
        row = cur.fetchone()
    return row is not None and row[0] == "p"


def month_of(t: datetime) -> date:
    t = t.astimezone(UTC)
    return date(t.year, t.month, 1)


def next_month(m: date) -> date:
    return date(m.year + m.month // 12, m.month % 12 + 1, 1)


def name_of(m: date) -> str:
    return f"{TABLE}_p{m.year:04d}_{m.month:02d}"


def partitions() -> dict[date, str]:
    """Existing monthly partitions (not the default one)."""
    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cur:
        cur.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = %s",
            [TABLE],
        )
        names = [r[0] for r in cur.fetchall()]
    out = {}
    for n in names:
        m = _NAME.match(n)
        if m:
            out[date(int(m.group(1)), int(m.group(2)), 1)] = n
    return out


def _create(m: date) -> bool:
    """Create month ``m`` (inside the caller's transaction); False if it exists."""
    name = name_of(m)
    lo = datetime(m.year, m.month, 1, tzinfo=UTC)
    nxt = next_month(m)
    hi = datetime(nxt.year, nxt.month, 1, tzinfo=UTC)
    with connection.cursor() as cur:
        # One creator at a time per month; a loser finds it attached.
        cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])
        cur.execute("SELECT to_regclass(%s)", [name])
        if cur.fetchone()[0] is not None:
            return False
        cur.execute(f'CREATE TABLE "{name}" (LIKE "{TABLE}" INCLUDING DEFAULTS)')
        # Rows of this month that reached the safety net move to their month
        # before it is attached (attaching checks the default partition holds
        # none). Locking the default partition first keeps new ones out.
        cur.execute(f'LOCK TABLE "{DEFAULT}" IN SHARE ROW EXCLUSIVE MODE')
        cur.execute(
            f'WITH moved AS (DELETE FROM "{DEFAULT}" WHERE time >= %s AND time < %s '
            f'RETURNING *) INSERT INTO "{name}" SELECT * FROM moved',
            [lo, hi],
        )
        cur.execute(
            f'ALTER TABLE "{TABLE}" ATTACH PARTITION "{name}" FOR VALUES FROM (%s) TO (%s)',
            [lo, hi],
        )
    return True


def ensure(months: Iterable[date]) -> list[str]:
    """Make sure each month has its partition; returns the names created.
    Cheap when they exist (a per-process cache)."""
    wanted = {date(m.year, m.month, 1) for m in months}
    if connection.vendor != "postgresql" or wanted <= _known:
        return []
    if not is_partitioned():
        return []
    with _lock:
        existing = partitions()
        _known.update(existing)
        missing = sorted(wanted - set(existing))
        created = []
        for m in missing:
            with transaction.atomic():
                if _create(m):
                    created.append(name_of(m))
            _known.add(m)
        return created


def ensure_for(times: Iterable[datetime]) -> list[str]:
    """The partitions of the months of ``times`` (ingestion: on demand)."""
    return ensure({month_of(t) for t in times})


def maintain(now: datetime, ahead: int = 2) -> list[str]:
    """The maintenance job: this month and ``ahead`` more, plus the month of
    every row waiting in the default partition."""
    if connection.vendor != "postgresql" or not is_partitioned():
        return []
    months = [month_of(now)]
    for _ in range(ahead):
        months.append(next_month(months[-1]))
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT DISTINCT date_trunc('month', time AT TIME ZONE 'UTC')::date FROM \"{DEFAULT}\""
        )
        months += [r[0] for r in cur.fetchall()]
    _known.clear()
    return ensure(months)


def forget() -> None:
    """Drop the per-process cache (tests that recreate the database)."""
    _known.clear()


# --- dropping a month (added by the retention job, cambill/usage/retention.py) -------


def drop_month(m: date) -> bool:
    """Detach and drop month ``m``'s partition (its rows go with it); False if
    there is none. The caller has checked that the month may go (retention).
    ``DETACH`` takes a short ACCESS EXCLUSIVE lock on the parent: ingestion
    waits for an instant, never for the drop of the table's files."""
    if connection.vendor != "postgresql" or not is_partitioned():
        return False
    name = name_of(m)
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])
        cur.execute("SELECT to_regclass(%s)", [name])
        if cur.fetchone()[0] is None:
            return False
        if m in partitions():
            cur.execute(f'ALTER TABLE "{TABLE}" DETACH PARTITION "{name}"')
        cur.execute(f'DROP TABLE "{name}"')
    with _lock:
        _known.discard(m)
    return True
