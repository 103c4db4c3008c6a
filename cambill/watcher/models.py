"""What billing remembers about each cloud's Flussonic Watcher.

Billing is the master of money and subscribers, Watcher the master of cameras.
These tables hold the link between the two: the connection, which Watcher
organization and preset stand for which account and tariff, the outbox of
changes still to push, the last stats seen per stream (to turn counters into
usage) and the cameras announced by Flussonic Agent that wait for an account.
Every table has a direct ``cloud`` foreign key (tenancy and sharding column).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SuspendMode(models.TextChoices):
    DISABLE_STREAMS = "disable_streams", _("Disable the account's streams")
    DISABLE_USERS = "disable_users", _("Disable the organization's users")


class SyncStatus(models.TextChoices):
    NEVER = "never", _("Never run")
    OK = "ok", _("OK")
    FAILED = "failed", _("Failed")


class WatcherConnection(models.Model):
    """How billing reaches one cloud's Watcher (one connection per cloud).

    ``password`` is write-only: the API and the pages never return or show it,
    only whether one is set. It is stored as given because the sync jobs must
    send it to Watcher (a hash would be useless); protect the database.
    ``suspend_mode`` says what a suspended account means in Watcher.
    """

    cloud = models.OneToOneField(
        "clouds.Cloud", on_delete=models.CASCADE, related_name="watcher_connection"
    )
    base_url = models.URLField(max_length=300)
    username = models.CharField(max_length=150)
    password = models.CharField(max_length=300, blank=True)
    suspend_mode = models.CharField(
        max_length=20, choices=SuspendMode.choices, default=SuspendMode.DISABLE_STREAMS
    )
    enabled = models.BooleanField(default=True)
    last_sync_kind = models.CharField(max_length=20, blank=True)
    last_sync_at = models.DateTimeField(null=True, blank=True)
    last_sync_status = models.CharField(
        max_length=10, choices=SyncStatus.choices, default=SyncStatus.NEVER
    )
    last_sync_error = models.TextField(blank=True)
    last_poll_at = models.DateTimeField(null=True, blank=True)
    last_poll_streams = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.cloud_id}: {self.base_url}"


class WatcherOrgLink(models.Model):
    """This account is that Watcher organization (one each way, per cloud).

    ``billing_member``: billing's Watcher user is a member of the organization.
    Watcher lists only the organizations the caller belongs to, so billing
    joins every organization it adopts (it owns those it creates).
    """

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey("clouds.Account", on_delete=models.CASCADE, related_name="+")
    org_id = models.BigIntegerField()
    billing_member = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cloud", "account"], name="watcher_org_account_unique"),
            models.UniqueConstraint(fields=["cloud", "org_id"], name="watcher_org_id_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} -> org {self.org_id}"


class WatcherPresetLink(models.Model):
    """This tariff is that non-adjustable Watcher preset in this cloud's Watcher.

    ``settings`` is the preset body last pushed, so a changed tariff (new
    components) is noticed and pushed again.
    """

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.CASCADE, related_name="+")
    tariff = models.ForeignKey("catalog.TariffPlan", on_delete=models.CASCADE, related_name="+")
    preset_id = models.BigIntegerField()
    settings = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cloud", "tariff"], name="watcher_preset_tariff_unique"
            ),
            models.UniqueConstraint(fields=["cloud", "preset_id"], name="watcher_preset_id_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.tariff_id} -> preset {self.preset_id}"


class PushKind(models.TextChoices):
    ACCOUNT_STATE = "account_state", _("Account -> organization, suspension")
    CAMERA_TARIFF = "camera_tariff", _("Camera tariff -> stream preset")
    STREAM_STATE = "stream_state", _("Stream enabled/disabled per account state")
    USER_STATE = "user_state", _("User enabled/disabled per its organizations' accounts")


class PushStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed (will retry)")


class WatcherPush(models.Model):
    """One change billing owes Watcher (the outbox).

    A push names its object (``object_ref``: the account code or camera code);
    what is sent is computed from billing's current state when it runs, so a
    retry always sends the latest truth and several changes of one object
    collapse into one open push. A failure keeps the row (``failed``, with the
    error) and schedules another attempt with backoff: nothing is lost, and the
    operator sees it in the API and on the Watcher page.
    """

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=PushKind.choices)
    object_ref = models.CharField(max_length=128)
    payload = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=PushStatus.choices, default="pending")
    attempts = models.PositiveIntegerField(default=0)
    # Bumped by every enqueue: a run that sent older state does not close it.
    version = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField()
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cloud", "kind", "object_ref"],
                condition=~Q(status="done"),
                name="watcher_push_one_open_per_object",
            )
        ]
        indexes = [models.Index(fields=["cloud", "status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_ref} ({self.status})"


class WatcherStreamState(models.Model):
    """The stats of a stream at the previous poll, to meter growth between polls."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.CASCADE, related_name="+")
    stream_name = models.CharField(max_length=256)
    last_duration = models.BigIntegerField(default=0)
    last_bytes = models.BigIntegerField(default=0)
    last_from = models.BigIntegerField(null=True, blank=True)
    polled_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cloud", "stream_name"], name="watcher_stream_state_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stream_name}@{self.polled_at}"


class AgentDevice(models.Model):
    """A camera announced by Flussonic Agent's activation server, keyed by serial.

    It waits unassigned until someone attaches it to an account, which creates
    (or links) the billing camera. ``agent_key`` and ``agent_pin`` are device
    secrets: never returned by the API.
    """

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.CASCADE, related_name="+")
    serial = models.CharField(max_length=128)
    model = models.CharField(max_length=128, blank=True)
    agent_id = models.CharField(max_length=128, blank=True)
    agent_key = models.CharField(max_length=256, blank=True)
    agent_pin = models.CharField(max_length=64, blank=True)
    stream_url = models.CharField(max_length=1000)
    substream_url = models.CharField(max_length=1000, blank=True)
    thumbnails = models.CharField(max_length=1000, blank=True)
    onvif_url = models.CharField(max_length=1000, blank=True)
    onvif_profile = models.CharField(max_length=128, blank=True)
    ptz = models.BooleanField(default=False)
    # The product (cambill.sales, by code) the camera was sold as: charged to the
    # account, once, when the device is attached.
    product = models.CharField(max_length=64, blank=True)
    camera = models.ForeignKey(
        "clouds.Camera", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["cloud_id", "serial"]
        constraints = [
            models.UniqueConstraint(fields=["cloud", "serial"], name="agent_device_serial_unique")
        ]

    def __str__(self) -> str:
        return self.serial
