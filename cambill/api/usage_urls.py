"""Usage routes, mounted at ``/api/v1/``.

``events`` has no trailing slash (OpenMeter clients post to
``/api/v1/events``); the others answer with and without it.
"""

from django.urls import re_path

from . import usage as u

CLOUD = r"clouds/(?P<slug>[^/]+)/usage"

urlpatterns = [
    re_path(r"^events/?$", u.EventIngestViewSet.as_view({"post": "create"}), name="events"),
    re_path(
        r"^meters/?$", u.MeterViewSet.as_view({"get": "list", "post": "create"}), name="meters"
    ),
    re_path(
        rf"^{CLOUD}/events/?$", u.EventListViewSet.as_view({"get": "list"}), name="usage-events"
    ),
    re_path(
        rf"^{CLOUD}/unmatched/?$",
        u.UnmatchedListViewSet.as_view({"get": "list"}),
        name="usage-unmatched",
    ),
    re_path(
        rf"^{CLOUD}/quarantine/?$",
        u.QuarantineListViewSet.as_view({"get": "list"}),
        name="usage-quarantine",
    ),
    re_path(rf"^{CLOUD}/late/?$", u.LateUsageViewSet.as_view({"get": "list"}), name="usage-late"),
    re_path(
        rf"^{CLOUD}/late/settle/?$",
        u.LateUsageViewSet.as_view({"post": "settle"}),
        name="usage-late-settle",
    ),
    re_path(rf"^{CLOUD}/csv/?$", u.CSVUploadViewSet.as_view({"post": "create"}), name="usage-csv"),
]
