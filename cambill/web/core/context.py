"""Template context: the navigation for the signed-in user's role."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest

CLOUD_PATH = re.compile(r"^/clouds/[-a-zA-Z0-9_]+/(?P<rest>.*)$")


def nav(request: HttpRequest) -> dict[str, Any]:
    from cambill.accounts.roles import PROVIDER_ROLES
    from cambill.core.access import actor_for
    from cambill.web.core.navigation import home_cloud, menu_for

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    actor = actor_for(user)
    ctx: dict[str, Any] = {"nav_items": menu_for(user), "nav_cloud": home_cloud(actor)}
    if actor.role in PROVIDER_ROLES and actor.can("cloud.view"):
        # Provider staff switch clouds from the header; on a cloud's page the
        # switch keeps the page ("invoices/" of the next cloud).
        from cambill.web.core.navigation import clean_suffix

        match = CLOUD_PATH.match(request.path)
        ctx["cloud_switch"] = True
        ctx["switch_to"] = clean_suffix(match.group("rest")) if match else ""
    return ctx
