"""PostgreSQL staging tables shared by ingestion (``services``) and the rollups.

Below both: imports nothing of the usage domain (docs/decisions/0014)."""

from __future__ import annotations

from typing import Any


def pg_stage(cur: Any, ddl: str, name: str) -> None:
    """A private per-session staging table, created if missing (a rolled-back
    transaction takes a new temp table with it) and emptied first so rows of
    an outer transaction's earlier batch cannot leak in."""
    cur.execute(ddl)
    cur.execute(f"DELETE FROM {name}")
