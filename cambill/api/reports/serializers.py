"""Request and response bodies of the reports endpoints (see ``views.py``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import (
    extend_schema_serializer,
)
from rest_framework import serializers

from cambill.api.core.common import Output

_OBJECTS = "Objects as the report computes them (decimals as strings)"


@extend_schema_serializer(many=False)  # one object, though answered by `list`
class UsageReportOut(Output):
    """The JSON of the usage report (``cambill.reports.usage.usage_report``)."""

    cloud = serializers.CharField(help_text="The cloud's slug")
    currency = serializers.CharField()
    timezone = serializers.CharField()
    proration = serializers.CharField(help_text="day | second")
    # "from" is a keyword: declared below through the fields dict.
    to = serializers.DateField(help_text="Last local day (inclusive)")
    account = serializers.CharField(allow_null=True, help_text="The account asked for, if any")
    metered_months = serializers.ListField(child=serializers.CharField())
    metered_partial = serializers.BooleanField(
        help_text="Some month of the range is only partly covered: it shows no metered extras"
    )
    shows_costs = serializers.BooleanField(help_text="Wholesale costs and margins are shown")
    wholesale_discount_percent = serializers.CharField(allow_null=True)
    accounts = serializers.ListField(child=serializers.DictField(), help_text=_OBJECTS)
    wholesale_metered = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text="Metered provider services no account's share covers (cost viewers only)",
    )
    tariffs = serializers.ListField(child=serializers.DictField(), help_text=_OBJECTS)
    totals = serializers.DictField(help_text=_OBJECTS)

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        fields["from"] = serializers.DateField(help_text="First local day")
        return fields
