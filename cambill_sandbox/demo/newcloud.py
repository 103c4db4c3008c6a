"""A cloud created the day the demo stops, with nothing in it yet but its admin: the
first steps checklist of a new cloud (issue #14, point 8) shows on its overview and
dashboard. It is made last, outside the plan, so no bill run, Watcher mirror or
history touches it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

SLUG = "nuevared"
NAME = "Nueva Red Andina"
ADMIN = f"{SLUG}-admin"


def set_up(builder: Any, plan: Any, clock: Any) -> Any:
    from cambill.accounts.services import user_create
    from cambill.clouds.services import cloud_create
    from cambill.core.access import SYSTEM

    from .records import PASSWORD

    clock.set(plan.now)
    cloud = cloud_create(
        actor=SYSTEM,
        slug=SLUG,
        name=NAME,
        currency="COP",
        timezone_name="America/Bogota",
        discount_percent=Decimal("5"),
        tax_percent=Decimal("19"),
        wholesale_tax_percent=Decimal("0"),
    )
    user_create(
        actor=SYSTEM,
        username=ADMIN,
        password=PASSWORD,
        role="cloud_admin",
        email=f"{ADMIN}@example.com",
        cloud=cloud,
        first_name="Valentina",
        last_name="Rojas Mejía",
        language="es",
    )
    return cloud
