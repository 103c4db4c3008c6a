"""Usage endpoints: CloudEvents ingestion (OpenMeter-compatible), raw events,
the unmatched list, meters and CSV upload.

``POST /api/v1/events`` takes what OpenMeter's ingest API takes, so emitters
written for OpenMeter (and the CloudEvents SDK) work unchanged:

* ``application/cloudevents+json``: one structured CloudEvent 1.0;
* ``application/cloudevents-batch+json``: a JSON array of them;
* ``application/json``: either.

Authentication is the Bearer token. The cloud is the caller's own cloud (a
cloud admin's token); a provider admin names it with ``?cloud=<slug>`` or the
``X-Cambill-Cloud: <slug>`` header. Success is ``204 No Content`` as in
OpenMeter (duplicates by ``(source, id)`` are accepted and counted once); a
batch with any invalid event is refused whole with ``400`` and
``{"code", "message", "fields": {"<index>": ["reason"]}}``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from cambill.api.core.common import (
    ApiViewSet,
    cloud_context,
    valid,
)
from cambill.api.core.parsers import JSONParser, TextParser, too_large
from cambill.core import csvin
from cambill.core.errors import DomainError, ErrorCode
from cambill.usage.late import late_usage_report, late_usage_settle
from cambill.usage.metering import meter_check, meter_update
from cambill.usage.selectors import (
    event_list,
    event_none,
    meter_get,
    meter_list,
    meter_none,
    usage_cloud,
)
from cambill.usage.services import _TEXT_MAX, MAX_BATCH, events_ingest, meter_create

from .serializers import (
    CSVIngestOut,
    EventOut,
    LateItemOut,
    LateSettleIn,
    MeterCheckIn,
    MeterCheckOut,
    MeterIn,
    MeterOut,
    MeterPatchIn,
)


class FastJSONParser(JSONParser):
    """JSON of events: the API's parser (orjson, depth-limited, storable text)
    with room for a full batch (``EVENTS_MAX_BODY``)."""


class CloudEventsParser(FastJSONParser):
    """``application/cloudevents+json``: one structured-mode CloudEvent."""

    media_type = "application/cloudevents+json"


class CloudEventsBatchParser(FastJSONParser):
    """``application/cloudevents-batch+json``: a JSON array of CloudEvents."""

    media_type = "application/cloudevents-batch+json"


class CSVTextParser(TextParser):
    """``text/csv``: the body as text."""

    media_type = "text/csv"


def _ingest_cloud(view: ApiViewSet, request: Request) -> Any:
    """The caller's cloud; provider staff name one with ?cloud= or X-Cambill-Cloud."""
    from cambill.clouds.selectors import cloud_in_scope, own_cloud

    actor = view.actor
    slug = request.query_params.get("cloud") or request.headers.get("X-Cambill-Cloud")
    if actor.is_provider:
        if not slug:
            raise DomainError(
                ErrorCode.VALIDATION,
                gettext("Name the cloud with ?cloud=<slug> or the X-Cambill-Cloud header."),
                {"cloud": [gettext("Required for provider staff.")]},
            )
        return cloud_in_scope(actor=actor, slug=slug)
    if actor.cloud_id is None:
        raise DomainError(ErrorCode.FORBIDDEN, gettext("Your user belongs to no cloud."))
    cloud = own_cloud(actor=actor)
    if slug and slug != cloud.slug:
        raise DomainError(ErrorCode.NOT_FOUND, gettext("No such cloud."))
    return cloud


# A full batch (MAX_BATCH events of a few hundred bytes) fits with room to spare.
EVENTS_MAX_BODY = 32 * 1024 * 1024


def _cloudevent_schema() -> dict[str, Any]:
    """One structured-mode CloudEvent 1.0 as ``validate_event`` reads it (other
    attributes, CloudEvents extensions, are allowed and ignored)."""
    text = {"type": "string", "minLength": 1, "maxLength": _TEXT_MAX}
    return {
        "type": "object",
        "required": ["specversion", "id", "source", "type", "subject", "time"],
        "properties": {
            "specversion": {"type": "string", "enum": ["1.0"]},
            "id": text,
            "source": text,
            "type": {**text, "description": "A meter's event_type."},
            "subject": {**text, "description": "The camera's code."},
            "time": {"type": "string", "format": "date-time"},
            "datacontenttype": {"type": "string"},
            "data": {"type": "object", "description": "The readings, at data.<value_path>."},
        },
    }


def _cloudevents_batch_schema() -> dict[str, Any]:
    return {"type": "array", "items": _cloudevent_schema(), "maxItems": MAX_BATCH}


class EventIngestViewSet(ApiViewSet):
    """``POST /events``: ingest CloudEvents (see the module docstring)."""

    parser_classes = [CloudEventsParser, CloudEventsBatchParser, FastJSONParser]
    max_body = EVENTS_MAX_BODY

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # The base class scans every body for NUL characters; for events the
        # validation of each event does it, keeping ingestion one pass.
        super(ApiViewSet, self).initial(request, *args, **kwargs)

    @extend_schema(
        request={
            "application/cloudevents+json": _cloudevent_schema(),
            "application/cloudevents-batch+json": _cloudevents_batch_schema(),
            "application/json": {"oneOf": [_cloudevent_schema(), _cloudevents_batch_schema()]},
        },
        responses={204: None},
        description=(
            "Ingest CloudEvents. Each meter's reading (data.<value_path>) must be a finite "
            "number (JSON number or numeric string, ASCII digits) of at most 1e18 in absolute "
            "value, and not negative unless the meter has allow_negative. Times: RFC 3339 "
            "with an offset, years 1900-2999. data: a JSON object nested at most 32 levels. "
            "Body: at most 32 MiB (413 beyond). A batch with any invalid event is refused "
            "whole (400, fields = {index: [reason]}); nothing is stored."
        ),
        parameters=[
            OpenApiParameter("cloud", str, description="Cloud slug (provider admins only)."),
            OpenApiParameter(
                "X-Cambill-Cloud", str, OpenApiParameter.HEADER, description="Cloud slug."
            ),
        ],
    )
    def create(self, request: Request) -> Response:
        body = request.data
        media = (request.content_type or "").split(";")[0].strip().lower()
        if media == CloudEventsBatchParser.media_type:
            if not isinstance(body, list):
                raise DomainError(
                    ErrorCode.MALFORMED, gettext("A batch is a JSON array of CloudEvents.")
                )
            events = body
        elif media == CloudEventsParser.media_type:
            if not isinstance(body, dict):
                raise DomainError(
                    ErrorCode.MALFORMED, gettext("Send one CloudEvent as a JSON object.")
                )
            events = [body]
        else:
            events = body if isinstance(body, list) else [body]
        events_ingest(actor=self.actor, cloud=_ingest_cloud(self, request), events=events)
        return Response(status=status.HTTP_204_NO_CONTENT)


class _UsageCloudView(mixins.ListModelMixin, ApiViewSet):
    serializer_class = EventOut
    unmatched = False
    quarantined: bool | None = None

    @property
    def cloud(self) -> Any:
        cached = getattr(self, "_cloud", None)
        if cached is None:
            cached = self._cloud = usage_cloud(actor=self.actor, slug=self.kwargs["slug"])
        return cached

    def get_serializer_context(self) -> dict[str, Any]:
        ctx = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and "slug" in self.kwargs:
            ctx.update(cloud_context(self.cloud))
        return ctx

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return event_none()
        q = self.request.query_params
        return event_list(
            actor=self.actor,
            cloud=self.cloud,
            camera=q.get("camera"),
            type=q.get("type"),
            late=q.get("late"),
            pending=q.get("pending"),
            unmatched=self.unmatched,
            quarantined=self.quarantined if self.quarantined is not None else q.get("quarantined"),
        )


class EventListViewSet(_UsageCloudView):
    """``GET clouds/{slug}/usage/events/?camera=&type=&late=&pending=&quarantined=``:
    raw events, newest first; ``late=true`` the late ones, ``pending=true`` late
    ones not yet billed or settled (``billed_period`` says where a late event was
    billed), ``quarantined=true`` the ones the rollup could not count."""


class QuarantineListViewSet(_UsageCloudView):
    """``GET clouds/{slug}/usage/quarantine/``: events the rollup could not count
    (``quarantine_reason`` says why). They are skipped, so the rest of the
    cloud's usage goes on being metered; ingestion today refuses such values."""

    quarantined = True


class UnmatchedListViewSet(_UsageCloudView):
    """``GET clouds/{slug}/usage/unmatched/``: events whose camera is not known yet."""

    unmatched = True


# --- CSV upload -----------------------------------------------------------

CSV_FIXED = ("id", "source", "type", "subject", "time")


def _set_path(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node = data
    for p in parts[:-1]:
        node = node.setdefault(p, {})
    node[parts[-1]] = value


def _check_value_columns(values: list[str]) -> None:
    """Value columns are dotted paths into ``data``: no empty part, and none a
    prefix of another (``a`` and ``a.b`` cannot both hold a value). (A column
    named twice is refused by the reader.)"""
    for path in values:
        if any(not part for part in path.split(".")):
            raise csvin.file_error(
                _("The column %(column)s is no value path: a dotted path such as stats.dvr.bytes.")
                % {"column": path}
            )
    for path in sorted(values):
        for other in values:
            if other.startswith(path + "."):
                raise csvin.file_error(
                    _("Columns %(a)s and %(b)s cannot both hold a value.") % {"a": path, "b": other}
                )


def csv_to_events(data: str | bytes) -> tuple[list[dict[str, Any]], list[int]]:
    """Rows ``id,source,type,subject,time,<value columns>`` as CloudEvents, with
    the line of each; a value column is named by a meter's ``value_path``
    (``bytes``, ``stats.dvr.seconds``); empty cells are left out of ``data``."""
    table = csvin.read(data, required=CSV_FIXED, unknown="keep", max_rows=MAX_BATCH)
    values = [h for h in table.header if h not in CSV_FIXED]
    _check_value_columns(values)
    events: list[dict[str, Any]] = []
    lines: list[int] = []
    errors = csvin.LineErrors()
    for row in csvin.rows_checked(table, errors):
        payload: dict[str, Any] = {}
        for path in values:
            if row[path] != "":
                _set_path(payload, path, row[path])
        events.append({"specversion": "1.0", **{k: row[k] for k in CSV_FIXED}, "data": payload})
        lines.append(row.line)
    errors.raise_if_any()
    return events, lines


class CSVUploadViewSet(ApiViewSet):
    """``POST clouds/{slug}/usage/csv``: the same ingestion as ``/events``, all
    or nothing; bad rows come back by line (the header is line 1)."""

    parser_classes = [CSVTextParser, MultiPartParser]
    serializer_class = CSVIngestOut
    max_body = EVENTS_MAX_BODY

    @extend_schema(
        request={
            "text/csv": {
                "type": "string",
                "description": "id,source,type,subject,time and one column per value path",
            },
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            },
        },
        responses={201: CSVIngestOut},
    )
    def create(self, request: Request, slug: str) -> Response:
        from cambill.clouds.selectors import cloud_in_scope

        cloud = cloud_in_scope(actor=self.actor, slug=slug)
        body = request.data
        if not isinstance(body, str):
            upload = body.get("file") if hasattr(body, "get") else None
            if upload is None:
                raise csvin.file_error(_("Attach the CSV as 'file'."))
            if getattr(upload, "size", 0) > self.max_body:
                raise too_large(self.max_body)
            body = upload.read()
        events, lines = csv_to_events(body)
        try:
            result = events_ingest(actor=self.actor, cloud=cloud, events=events)
        except DomainError as e:
            if e.code == ErrorCode.VALIDATION and e.fields and all(k.isdigit() for k in e.fields):
                errors = csvin.LineErrors()
                for k, reasons in e.fields.items():
                    for reason in reasons:
                        errors.add(lines[int(k)], csvin.ROW, reason)
                raise errors.error() from None
            raise
        return Response(
            {
                "received": result.received,
                "inserted": result.inserted,
                "duplicates": result.duplicates,
                "unmatched": result.unmatched,
                "late": result.late,
            },
            status=status.HTTP_201_CREATED,
        )


class LateUsageViewSet(ApiViewSet):
    """``GET clouds/{slug}/usage/late/?period=``: late usage still to bill or
    settle, per period, account, camera and meter (retail) or metered service
    (wholesale), paginated like every list; ``POST clouds/{slug}/usage/late/settle``
    records that a period's late usage was credited or charged by hand."""

    serializer_class = LateItemOut
    filter_backends: list[Any] = []
    unpaginated_actions = ("settle",)  # settle answers the settled items as a plain list

    @extend_schema(
        responses={200: LateItemOut(many=True)},
        parameters=[OpenApiParameter("period", str, description="YYYY-MM")],
    )
    def list(self, request: Request, slug: str) -> Response:
        cloud = usage_cloud(actor=self.actor, slug=slug)
        items = late_usage_report(
            actor=self.actor, cloud=cloud, period=request.query_params.get("period") or None
        )
        page: Any = self.paginate_queryset(items)  # type: ignore[arg-type]  # a list pages too
        return self.get_paginated_response(LateItemOut(page, many=True).data)

    @extend_schema(request=LateSettleIn, responses={201: LateItemOut(many=True)})
    def settle(self, request: Request, slug: str) -> Response:
        cloud = usage_cloud(actor=self.actor, slug=slug)
        data = valid(LateSettleIn, request.data)
        before = late_usage_report(actor=self.actor, cloud=cloud, period=data["period"])
        late_usage_settle(actor=self.actor, cloud=cloud, period=data["period"], note=data["note"])
        return Response(LateItemOut(before, many=True).data, status=status.HTTP_201_CREATED)


class MeterViewSet(mixins.ListModelMixin, ApiViewSet):
    """``/meters/``: the provider's meters (provider admins create them)."""

    serializer_class = MeterOut
    lookup_field = "code"

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return meter_none()
        return meter_list(actor=self.actor)

    @extend_schema(
        request=MeterIn,
        responses={201: MeterOut},
        description="aggregation count: each event of event_type counts one (value_path "
        "stays empty).",
    )
    def create(self, request: Request) -> Response:
        data = valid(MeterIn, request.data)
        meter = meter_create(actor=self.actor, **data)
        return Response(self.out(MeterOut, meter), status=status.HTTP_201_CREATED)

    def get_object(self) -> Any:
        return meter_get(actor=self.actor, code=self.kwargs["code"])

    @extend_schema(responses=MeterOut)
    def retrieve(self, request: Request, code: str) -> Response:
        return Response(self.out(MeterOut, self.get_object()))

    @extend_schema(
        request=MeterPatchIn,
        responses=MeterOut,
        description="Name, unit and allow_negative change at any time; what the meter reads "
        "(event_type, value_path, aggregation, unit_divisor) only until it has counted usage "
        "(409 conflict after: define a new meter).",
    )
    def partial_update(self, request: Request, code: str) -> Response:
        meter = self.get_object()
        data = valid(MeterPatchIn, request.data)
        meter = meter_update(actor=self.actor, meter=meter, **data)
        return Response(self.out(MeterOut, meter))

    @extend_schema(
        request=MeterCheckIn,
        responses=MeterCheckOut,
        description="Read one CloudEvent with this meter as ingestion would, storing nothing.",
    )
    def check(self, request: Request, code: str) -> Response:
        meter = self.get_object()
        data = valid(MeterCheckIn, request.data)
        return Response(self.out(MeterCheckOut, meter_check(meter, data["event"])))
