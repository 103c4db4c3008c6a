"""The sales domain's enumerations, for the layers above it (they never import models)."""

from __future__ import annotations

from .models import CouponDuration, RedemptionSource

__all__ = ["CouponDuration", "RedemptionSource"]
