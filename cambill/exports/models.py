"""An export job: one file asked for by one user, built in the background."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .choices import ExportFormat, ExportKind, ExportStatus


class ExportJob(models.Model):
    """One requested file. Only its ``owner`` ever sees it (the selectors scope by
    owner); the builder runs with the owner's own permissions, so a job can never
    hold a row the owner's page would not show. ``cloud`` is the scope it was asked
    in (none for provider-wide lists). ``progress`` runs 0..100 while the file is
    built; the file is deleted once ``expires_at`` has passed."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    cloud = models.ForeignKey(
        "clouds.Cloud", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=24, choices=ExportKind.choices)
    format = models.CharField(max_length=8, choices=ExportFormat.choices)
    params = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=8, default="en")
    title = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=12, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    file = models.FileField(upload_to="exports/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    media_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "-created_at"]),
            models.Index(fields=["expires_at"]),
        ]

    def __str__(self) -> str:
        return f"export {self.pk} {self.kind} {self.format} ({self.status})"
