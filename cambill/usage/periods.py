"""A cloud's billing period from its ``YYYY-MM`` key, for the usage verbs and the
late-usage settlement. Below both: imports nothing of the usage domain."""

from __future__ import annotations

from cambill.clouds.models import Cloud
from cambill.core.errors import ErrorCode, validation
from cambill.core.periods import BadPeriod, Period


def period_of(cloud: Cloud, key: str) -> Period:
    """The cloud's billing period ``YYYY-MM`` (a BadPeriod becomes ``bad_period``)."""
    try:
        return Period.parse(key, cloud.timezone)
    except BadPeriod as e:
        raise validation("period", str(e), ErrorCode.BAD_PERIOD) from None
