"""Background job of the dashboards: ``metrics.refresh_all`` (scheduled hourly
in ``cambill/schedule.py``) recomputes every open cloud's figures."""

from __future__ import annotations

from datetime import datetime

from cambill.celery import app


@app.task(name="metrics.refresh_all")
def refresh_all(now: str | None = None) -> int:
    from cambill.core.access import SYSTEM

    from .services import metrics_refresh_all

    at = datetime.fromisoformat(now) if now else None
    return metrics_refresh_all(actor=SYSTEM, now=at)


@app.task(name="metrics.refresh_cloud")
def refresh_cloud(cloud_id: int, now: str | None = None) -> str:
    """One cloud, e.g. queued on commit when a bill run completes."""
    from cambill.clouds.models import Cloud
    from cambill.core.access import SYSTEM

    from .services import metrics_refresh_cloud

    at = datetime.fromisoformat(now) if now else None
    snap = metrics_refresh_cloud(actor=SYSTEM, cloud=Cloud.objects.get(pk=cloud_id), now=at)
    return f"{snap.cloud_id} {snap.day}"
