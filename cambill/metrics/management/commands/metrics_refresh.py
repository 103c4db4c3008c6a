"""``cambill metrics-refresh [--cloud SLUG] [--at ISO-TIME]``: recompute the
dashboards' precomputed figures now (the scheduled task does it hourly)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Recompute the dashboards' figures of every open cloud (or one)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--cloud", help="slug of one cloud")
        parser.add_argument("--at", help="as of this aware ISO time (default: now)")

    def handle(self, *args: Any, **options: Any) -> None:
        from cambill.clouds.models import Cloud
        from cambill.core.access import SYSTEM
        from cambill.core.errors import DomainError

        from ...services import metrics_refresh_all, metrics_refresh_cloud

        at = None
        if options.get("at"):
            try:
                at = datetime.fromisoformat(options["at"])
            except ValueError:
                raise CommandError(f"--at: '{options['at']}' is not an ISO time") from None
            if at.tzinfo is None:
                raise CommandError("--at: give the offset, e.g. 2026-03-15T12:00:00+00:00")
        try:
            if options.get("cloud"):
                cloud = Cloud.objects.filter(slug=options["cloud"]).first()
                if cloud is None:
                    raise CommandError(f"No cloud '{options['cloud']}'.")
                snap = metrics_refresh_cloud(actor=SYSTEM, cloud=cloud, now=at)
                self.stdout.write(f"{cloud.slug}: {snap.active_cameras} active cameras")
            else:
                n = metrics_refresh_all(actor=SYSTEM, now=at)
                self.stdout.write(f"{n} clouds refreshed")
        except DomainError as e:
            raise CommandError(e.message) from None
