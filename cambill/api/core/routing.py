"""How every route of the API is written: an explicit list of ``route(...)`` lines.

One line is one URL: its pattern, the view set and which of its actions answer
which method, and the URL name. A domain's ``urls.py`` holds its list (and
``in_cloud(...)`` for the routes under ``clouds/<slug>/``); ``cambill/api/urls.py``
includes every domain's list at ``/api/v1/``.

* A pattern that starts with ``^`` is a regular expression (``re_path``): the
  API's paths end in ``/?$`` so they answer with and without the trailing slash.
  Any other pattern is a ``path()`` route (``<slug:slug>`` converters).
* The options an ``@action`` declares (``pagination_class``, ``renderer_classes``,
  its ``extend_schema``...) apply to its route, as a DRF router would apply them.
* ``actions=None`` routes a plain Django view (the Stripe webhook).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import URLPattern, URLResolver, include, path, re_path

CLOUD = "clouds/<slug:slug>/"


def route(
    pattern: str, view: Any, actions: dict[str, str] | None = None, *, name: str
) -> URLPattern:
    """One URL answered by ``view``: ``actions`` maps HTTP methods to view-set actions."""
    if actions is None:
        callback: Callable[..., Any] = view
    else:
        initkwargs: dict[str, Any] = {}
        for action in dict.fromkeys(actions.values()):
            method = getattr(view, action)
            if hasattr(method, "mapping"):  # an @action (not a plain method)
                initkwargs.update(method.kwargs)
        callback = view.as_view(actions, **initkwargs)
    if pattern.startswith("^"):
        return re_path(pattern, callback, name=name)
    return path(pattern, callback, name=name)


def in_cloud(*routes: URLPattern) -> URLResolver:
    """``routes`` mounted under ``clouds/<slug:slug>/`` (the view sets read ``slug``)."""
    return path(CLOUD, include(list(routes)))
