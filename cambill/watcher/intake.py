"""Camera intake from Flussonic Agent.

Cameras with the Agent firmware register at Flussonic's activation server,
which posts a CSV to billing with the columns ``CSV_COLUMNS``. ``agent_serial``
is the key: sending a serial again updates that device, never duplicates it.
Devices wait unassigned (``AgentDevice.camera`` null) until someone attaches
one to an account, which creates the billing camera (and, through the push
outbox, the Watcher stream with the device's stream URL). A row may name the
``product`` (of the cloud's catalogue) the camera was sold as: attaching the
device then charges it to the account once, as a one-off charge.

An upload is all or nothing: every bad row is reported with its line number
(the header is line 1), column and reason, and then nothing of the upload is
stored. The file is read by :mod:`cambill.core.csvin` like every CSV import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from cambill.clouds.models import Account, Camera, Cloud
from cambill.core import clock, csvin
from cambill.core.access import Actor
from cambill.core.audit import audit, snapshot
from cambill.core.errors import DomainError, ErrorCode, NotFound
from cambill.core.permissions import require

from .models import AgentDevice

CSV_COLUMNS = (
    "agent_model",
    "agent_serial",
    "agent_id",
    "agent_key",
    "agent_pin",
    "stream_url",
    "substream_url",
    "thumbnails",
    "onvif_url",
    "onvif_profile",
    "ptz",
    "product",
)
REQUIRED_COLUMNS = ("agent_serial", "stream_url")
# CSV column -> model field, with the maximum length of each.
FIELD_OF = {
    "agent_model": ("model", 128),
    "agent_id": ("agent_id", 128),
    "agent_key": ("agent_key", 256),
    "agent_pin": ("agent_pin", 64),
    "stream_url": ("stream_url", 1000),
    "substream_url": ("substream_url", 1000),
    "thumbnails": ("thumbnails", 1000),
    "onvif_url": ("onvif_url", 1000),
    "onvif_profile": ("onvif_profile", 128),
    "product": ("product", 64),
}
URL_COLUMNS = ("stream_url", "substream_url", "thumbnails", "onvif_url")
URL_SCHEMES = ("rtsp", "rtsps", "rtmp", "rtmps", "http", "https", "hls", "srt", "udp", "tcp")
TRUE = {"1", "true", "yes", "y", "on", "t"}
FALSE = {"", "0", "false", "no", "n", "off", "f"}
MAX_ROWS = 50_000


@dataclass
class IntakeResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    serials: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "serials": self.serials,
        }


def parse_agent_csv(data: str | bytes) -> list[dict[str, Any]]:
    """Parse and check the activation server's CSV (:mod:`cambill.core.csvin`).

    Each row is ``{"line", "serial", <model fields>}``. Extra columns are
    ignored. Any problem raises :class:`~cambill.core.csvin.CSVError` naming
    every bad line and column.
    """
    table = csvin.read(data, required=REQUIRED_COLUMNS, optional=CSV_COLUMNS, max_rows=MAX_ROWS)
    errors = csvin.LineErrors()
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for record in csvin.rows_checked(table, errors):
        line = record.line
        cells = record.cells
        for column, reason in _check_row(cells):
            errors.add(line, column, reason)
        serial = cells.get("agent_serial", "")
        if serial and serial in seen:
            errors.add(
                line,
                "agent_serial",
                _("Serial %(serial)s appears already on line %(line)s.")
                % {"serial": serial, "line": seen[serial]},
            )
        if line in errors.by_line:
            continue
        seen[serial] = line
        row: dict[str, Any] = {"line": line, "serial": serial}
        for column, (attr, _length) in FIELD_OF.items():
            row[attr] = cells.get(column, "")
        row["ptz"] = cells.get("ptz", "").lower() in TRUE
        rows.append(row)
    errors.raise_if_any()
    if not rows:
        raise csvin.file_error(_("The file has no device rows."))
    return rows


def _check_row(cells: dict[str, str]) -> list[tuple[str, str]]:
    """The problems of one row as ``(column, reason)``."""
    errors: list[tuple[str, str]] = []

    def bad(column: str, reason: str) -> None:
        errors.append((column, reason))

    serial = cells.get("agent_serial", "")
    if not serial:
        bad("agent_serial", _("The serial is empty."))
    elif len(serial) > 128:
        bad("agent_serial", _("The serial has more than 128 characters."))
    elif "/" in serial or any(ch.isspace() for ch in serial):
        bad("agent_serial", _("The serial cannot contain '/' or spaces."))
    for column, (_attr, max_length) in FIELD_OF.items():
        if len(cells.get(column, "")) > max_length:
            bad(column, _("More than %(count)s characters.") % {"count": max_length})
    if not cells.get("stream_url"):
        bad("stream_url", _("The stream URL is empty."))
    for column in URL_COLUMNS:
        value = cells.get(column, "")
        if value:
            parts = urlsplit(value)
            if parts.scheme.lower() not in URL_SCHEMES or not parts.netloc:
                bad(
                    column,
                    _("'%(value)s' is not a stream or web URL.") % {"value": value[:80]},
                )
    ptz = cells.get("ptz", "").lower()
    if ptz not in TRUE and ptz not in FALSE:
        bad("ptz", _("'%(value)s' is not a yes/no value.") % {"value": cells.get("ptz")})
    return errors


def _check_products(cloud: Cloud, rows: list[dict[str, Any]]) -> None:
    """Every product a row names is an active product of the cloud."""
    from cambill.sales.selectors import product_choices

    sold = {code for code, _label in product_choices(cloud)}
    errors = csvin.LineErrors()
    for row in rows:
        if row["product"] and row["product"] not in sold:
            errors.add(
                row["line"],
                "product",
                _("No product %(code)s on sale in this cloud.") % {"code": row["product"]},
            )
    errors.raise_if_any()


@transaction.atomic
def agent_csv_upload(*, actor: Actor, cloud: Cloud, data: str | bytes) -> IntakeResult:
    """Store (create or update by serial) every device of an activation-server CSV.

    Any bad row refuses the whole upload with ``fields["lines"]`` listing
    ``{"line", "errors": {column: [reason]}}`` per bad line (:mod:`cambill.core.csvin`).
    """
    require(actor, "watcher.intake", cloud)
    rows = parse_agent_csv(data)
    _check_products(cloud, rows)
    now = clock.now()
    existing = {
        d.serial: d
        for d in AgentDevice.objects.select_for_update().filter(
            cloud=cloud, serial__in=[r["serial"] for r in rows]
        )
    }
    result = IntakeResult()
    fields = [attr for attr, _length in FIELD_OF.values()] + ["ptz"]
    for row in rows:
        values = {f: row[f] for f in fields}
        device = existing.get(row["serial"])
        if device is None:
            AgentDevice.objects.create(
                cloud=cloud, serial=row["serial"], created_at=now, updated_at=now, **values
            )
            result.created += 1
        elif any(getattr(device, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(device, f, v)
            device.updated_at = now
            device.save()
            result.updated += 1
        else:
            result.unchanged += 1
        result.serials.append(row["serial"])
    audit(
        actor=actor,
        verb="agent_csv_upload",
        obj=cloud,
        after={k: v for k, v in result.as_dict().items() if k != "serials"},
        cloud_id=cloud.pk,
        now=now,
    )
    return result


def agent_device_list(*, actor: Actor, cloud: Cloud, assigned: bool | None = None) -> Any:
    """Devices of the cloud (``assigned=False``: waiting for an account)."""
    # seeing and attaching devices: whoever manages cameras in this cloud
    require(actor, "camera.manage", cloud)
    qs = AgentDevice.objects.filter(cloud=cloud).select_related("camera", "camera__account")
    if assigned is not None:
        qs = qs.filter(camera__isnull=not assigned)
    return qs.order_by("serial")


def agent_device_get(*, actor: Actor, cloud: Cloud, serial: str) -> AgentDevice:
    # seeing and attaching devices: whoever manages cameras in this cloud
    require(actor, "camera.manage", cloud)
    device = AgentDevice.objects.filter(cloud=cloud, serial=serial).first()
    if device is None:
        raise NotFound("device")
    return device


def _local_date(cloud: Cloud, at: datetime) -> Any:
    from zoneinfo import ZoneInfo

    return at.astimezone(ZoneInfo(cloud.timezone)).date()


@transaction.atomic
def agent_device_attach(
    *,
    actor: Actor,
    device: AgentDevice,
    account: Account,
    code: str | None = None,
    tariff: Any = None,
    at: datetime | None = None,
    title: str | None = None,
    product: str | None = None,
) -> Camera:
    """Create the camera of a waiting device in ``account`` (code defaults to the
    serial) and queue the Watcher push that creates its stream.

    ``product`` (default: the one the intake named; "" for none) is charged to
    the account once, dated the local day of ``at``, for the new camera.
    """
    from cambill.clouds.services import camera_create

    from .services.outbox import watcher_enqueue_camera_tariff

    cloud = Cloud.objects.get(pk=device.cloud_id)
    # seeing and attaching devices: whoever manages cameras in this cloud
    require(actor, "camera.manage", cloud)
    device = AgentDevice.objects.select_for_update().get(pk=device.pk)
    if device.camera_id is not None:
        raise DomainError(
            ErrorCode.INVALID_STATE,
            gettext("Device %(serial)s is attached to a camera already.")
            % {"serial": device.serial},
        )
    if account.cloud_id != cloud.pk:
        raise DomainError(
            ErrorCode.VALIDATION,
            gettext("Not an account of this cloud."),
            {"account": [gettext("Unknown.")]},
        )
    before = snapshot(device, ["camera"])
    camera = camera_create(
        actor=actor,
        cloud=cloud,
        code=code or device.serial,
        title=title
        if title is not None
        else " ".join(p for p in (device.model, device.serial) if p),
        account=account,
        tariff=tariff,
        at=at,
    )
    sold = device.product if product is None else product
    if sold:
        from cambill.sales.services import charge_create

        charge_create(
            actor=actor,
            account=account,
            product=sold,
            quantity=1,
            camera=camera,
            date=_local_date(cloud, at) if at is not None else None,
        )
    device.camera = camera
    device.updated_at = clock.now()
    device.save(update_fields=["camera", "updated_at"])
    audit(
        actor=actor,
        verb="agent_device_attach",
        obj=device,
        before=before,
        after=snapshot(device, ["camera"]),
    )
    watcher_enqueue_camera_tariff(camera)
    return camera
