"""Request and response bodies of the usage endpoints (see ``views.py``)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cambill.api.core.common import (
    DecimalIn,
    DecimalOut,
    Input,
    Output,
    TimeField,
    text_of,
)
from cambill.usage.choices import Aggregation
from cambill.usage.selectors import field_max_length as usage_max_length

# --- raw events -----------------------------------------------------------


class EventOut(Output):
    # DRF's metaclass pops declared fields off the class, so "source" and
    # "data" (the CloudEvents names) do not shadow Field.source / Serializer.data.
    id = serializers.CharField(source="event_id")
    source = serializers.CharField()  # type: ignore[assignment]
    type = serializers.CharField()
    subject = serializers.CharField()
    time = TimeField()
    data = serializers.JSONField()  # type: ignore[assignment]
    camera = serializers.CharField(source="camera.code", default=None)
    matched = serializers.SerializerMethodField()
    late = serializers.BooleanField()
    billed_period = serializers.CharField(allow_null=True)
    received_at = TimeField()
    quarantined_at = TimeField(
        allow_null=True, help_text="Set when the rollup could not count the event"
    )
    quarantine_reason = serializers.CharField(help_text="Why it was quarantined (else empty)")

    def get_matched(self, obj: Any) -> bool:
        return obj.camera_id is not None


class CSVIngestOut(Output):
    received = serializers.IntegerField(help_text="Rows read")
    inserted = serializers.IntegerField(help_text="Events stored")
    duplicates = serializers.IntegerField(help_text="Rows already stored (same source and id)")
    unmatched = serializers.IntegerField(help_text="Events for a camera not known yet")
    late = serializers.IntegerField(help_text="Events in a period already invoiced")


# --- late usage -----------------------------------------------------------


class LateItemOut(Output):
    period = serializers.CharField()
    level = serializers.ChoiceField(choices=["retail", "wholesale"])
    account = serializers.CharField(source="account_code", allow_blank=True)
    camera = serializers.CharField(source="camera_code", allow_blank=True)
    tariff = serializers.CharField(source="tariff_code", allow_blank=True)
    key = serializers.CharField(help_text="Meter code (retail) or metered service code")
    meter = serializers.CharField(source="meter_code")
    description = serializers.CharField()
    unit = serializers.CharField()
    late_events = serializers.IntegerField()
    quantity_billed = DecimalOut()
    quantity_now = DecimalOut()
    quantity = DecimalOut()
    amount_billed = DecimalOut()
    amount_now = DecimalOut()
    amount = DecimalOut(help_text="Still to charge; negative: to credit")
    currency = serializers.CharField()


class LateSettleIn(Input):
    period = text_of(
        usage_max_length("LateUsageSettlement", "period"),
        help_text="YYYY-MM, the period the late usage belongs to",
    )
    note = text_of(
        usage_max_length("LateUsageSettlement", "note"), help_text="E.g. the credit note's number"
    )


# --- meters ---------------------------------------------------------------


class MeterOut(Output):
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    event_type = serializers.CharField()
    value_path = serializers.CharField()
    aggregation = serializers.ChoiceField(choices=Aggregation.choices)
    unit_divisor = DecimalOut()
    allow_negative = serializers.BooleanField()


class MeterIn(Input):
    code = text_of(usage_max_length("Meter", "code"))
    name = text_of(usage_max_length("Meter", "name"))
    unit = text_of(usage_max_length("Meter", "unit"))
    event_type = text_of(usage_max_length("Meter", "event_type"))
    value_path = text_of(usage_max_length("Meter", "value_path"), required=False, allow_blank=True)
    aggregation = serializers.ChoiceField(choices=Aggregation.choices)
    unit_divisor = DecimalIn(required=False)
    allow_negative = serializers.BooleanField(
        required=False,
        help_text="Accept negative readings (default false: they are refused at ingestion).",
    )


class MeterPatchIn(Input):
    hints = {"code": "The code of a meter cannot change."}

    name = text_of(usage_max_length("Meter", "name"), required=False)
    unit = text_of(usage_max_length("Meter", "unit"), required=False)
    event_type = text_of(usage_max_length("Meter", "event_type"), required=False)
    value_path = text_of(usage_max_length("Meter", "value_path"), required=False, allow_blank=True)
    aggregation = serializers.ChoiceField(choices=Aggregation.choices, required=False)
    unit_divisor = DecimalIn(required=False)
    allow_negative = serializers.BooleanField(required=False)


class MeterCheckIn(Input):
    event = serializers.JSONField(help_text="One CloudEvent as ingestion receives it")


class MeterCheckOut(Output):
    ok = serializers.BooleanField(help_text="Whether ingestion would count the event")
    problem = serializers.CharField(help_text="Why ingestion would refuse it (empty when ok)")
    reading = serializers.CharField(
        help_text="The reading at the value path (1 for a count, the key for a unique count)"
    )
    value = DecimalOut(allow_null=True, help_text="The reading in billing units (/ unit_divisor)")
