"""Pages, mounted at ``/`` under the ``web`` namespace.

One routing style: every domain package ``cambill.web.<domain>`` has a
``urls.py`` whose ``urlpatterns`` hold full paths (cloud pages start with
``CLOUD``, ``clouds/<slug:slug>/``), and this module includes them in order.
Provider pages sit at the top level; everything of one cloud under
``/clouds/<slug>/`` (cloud users and provider staff alike, so a link is the
same for everyone who may open it). Order matters only where two routes could
match one path: ``clouds/new/`` before ``clouds/<slug>/`` (both in
``provider``), and a camera's action routes before ``cameras/<path:code>/``
(in ``accounts``; camera codes are Watcher stream names and may hold a slash).
"""

from django.urls import include, path

app_name = "web"

# In the order the routes are tried.
DOMAINS = (
    "auth",
    "provider",
    "tariffs",
    "accounts",
    "people",
    "invoicing",
    "dashboard",
    "usage",
    "watcher",
    "referrals",
    "payments",
    "sales",
    "notifications",
    "einvoice",
    "branding",
    "exports",
    "switch",
)

urlpatterns = [path("", include(f"cambill.web.{domain}.urls")) for domain in DOMAINS]
