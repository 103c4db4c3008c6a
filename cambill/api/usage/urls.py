"""Usage routes, mounted at ``/api/v1/``.

``events`` has no trailing slash (OpenMeter clients post to
``/api/v1/events``); the others answer with and without it.
"""

from cambill.api.core.routing import route

from . import views as u

CLOUD = r"clouds/(?P<slug>[^/]+)/usage"

urlpatterns = [
    route(r"^events/?$", u.EventIngestViewSet, {"post": "create"}, name="events"),
    route(r"^meters/?$", u.MeterViewSet, {"get": "list", "post": "create"}, name="meters"),
    route(
        r"^meters/(?P<code>[^/]+)/check/?$", u.MeterViewSet, {"post": "check"}, name="meter-check"
    ),
    route(
        r"^meters/(?P<code>[^/]+)/?$",
        u.MeterViewSet,
        {"get": "retrieve", "patch": "partial_update"},
        name="meter-detail",
    ),
    route(rf"^{CLOUD}/events/?$", u.EventListViewSet, {"get": "list"}, name="usage-events"),
    route(
        rf"^{CLOUD}/unmatched/?$", u.UnmatchedListViewSet, {"get": "list"}, name="usage-unmatched"
    ),
    route(
        rf"^{CLOUD}/quarantine/?$",
        u.QuarantineListViewSet,
        {"get": "list"},
        name="usage-quarantine",
    ),
    route(rf"^{CLOUD}/late/?$", u.LateUsageViewSet, {"get": "list"}, name="usage-late"),
    route(
        rf"^{CLOUD}/late/settle/?$",
        u.LateUsageViewSet,
        {"post": "settle"},
        name="usage-late-settle",
    ),
    route(rf"^{CLOUD}/csv/?$", u.CSVUploadViewSet, {"post": "create"}, name="usage-csv"),
]
