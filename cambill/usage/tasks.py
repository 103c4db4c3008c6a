"""Background jobs of usage. Eager (in-process) in the embedded default.

``usage.maintain`` (suggested schedule: every 5 minutes) matches unmatched
events to cameras that appeared since and recomputes stale time-weighted
buckets, so pages and aggregates rarely have work left to do.
"""

from __future__ import annotations

from cambill.celery import app
from cambill.clouds.models import Cloud

from .rollups import rollup_refresh
from .services import usage_rematch


def maintain_cloud(cloud: Cloud) -> dict[str, int]:
    """Rematch, then refresh stale rollups, of one cloud."""
    return {"matched": usage_rematch(cloud), "refreshed": rollup_refresh(cloud)}


@app.task(name="usage.maintain")
def maintain(cloud_slug: str | None = None) -> dict[str, dict[str, int]]:
    """Run :func:`maintain_cloud` for one cloud, or for every cloud."""
    clouds = Cloud.objects.all() if cloud_slug is None else Cloud.objects.filter(slug=cloud_slug)
    return {c.slug: maintain_cloud(c) for c in clouds}
