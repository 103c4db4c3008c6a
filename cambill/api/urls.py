"""Routes of ``/api/v1/``: every domain's explicit list, included here.

A domain's routes live in ``cambill/api/<domain>/urls.py`` as ``route(...)``
lines (``cambill.api.core.routing``); the routes under ``clouds/<slug>/`` are
wrapped in ``in_cloud(...)``. Add a domain's list here to publish it.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from cambill.web.core.security import api_docs_view

app_name = "api"

DOMAINS = [
    "invoicing",
    "reports",
    "referrals",
    "payments",
    "usage",
    "watcher",
    "sales",
    "catalog",
    "clouds",
    "accounts",
    "audit",
    "notifications",
    "einvoice",
    "branding",
    "exports",
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI under the strict Content-Security-Policy (see cambill.web.core.security).
    path("docs/", api_docs_view(), name="docs"),
    *(path("", include(f"cambill.api.{domain}.urls")) for domain in DOMAINS),
]
