"""Users who came and went (issue #13, point 6).

In the first demo cloud its admin, on the user pages, once made a login for a
temporary accountant (``<slug>-former``) and deactivated it when the work was
done, and today sent its accountant a password-reset link: the user pages show
an inactive login and the audit rows, the outbox a reset message (still queued,
so ``cambill demo-serve`` delivers it to its SMTP sink with a live link).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from cambill.core.access import actor_for

from .plan import PASSWORD, Plan


def set_up(builder: Any, plan: Plan, clock: Any) -> list[str]:
    """Returns the usernames deactivated."""
    from cambill.accounts.password_reset import password_reset_send
    from cambill.accounts.services import user_create, user_deactivate

    spec = plan.clouds[0]
    admin = actor_for(builder.users[f"{spec.slug}-admin"])
    clock.set(plan.now - timedelta(days=60))
    former = user_create(
        actor=admin,
        username=f"{spec.slug}-former",
        password=PASSWORD,
        role="cloud_accountant",
        email=f"{spec.slug}-former@example.com",
        cloud=builder.clouds[spec.slug],
        first_name="Lucía",
        last_name="Herrera Ospina",
        language=spec.language,
    )
    clock.set(plan.now - timedelta(days=30))
    user_deactivate(actor=admin, user=former)
    clock.set(plan.now - timedelta(hours=2))
    password_reset_send(actor=admin, user=builder.users[f"{spec.slug}-acct"])
    return [former.username]
