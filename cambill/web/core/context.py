"""Template context: the navigation for the signed-in user's role."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def nav(request: HttpRequest) -> dict[str, Any]:
    from cambill.core.access import actor_for
    from cambill.web.core.navigation import home_cloud, menu_for

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": menu_for(user), "nav_cloud": home_cloud(actor_for(user))}
