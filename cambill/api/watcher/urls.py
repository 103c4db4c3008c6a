"""Watcher and Agent-intake routes, under ``/api/v1/clouds/<slug>/`` (``path()`` routes)."""

from cambill.api.core.routing import in_cloud, route

from .views import IntakeUploadViewSet, IntakeViewSet, WatcherPushViewSet, WatcherViewSet

urlpatterns = [
    in_cloud(
        route(
            "watcher/connection/",
            WatcherViewSet,
            {"get": "connection", "put": "connection_set"},
            name="watcher-connection",
        ),
        route(
            "watcher/connection/check/",
            WatcherViewSet,
            {"post": "connection_check"},
            name="watcher-connection-check",
        ),
        route(
            "watcher/import-plan/",
            WatcherViewSet,
            {"get": "import_plan"},
            name="watcher-import-plan",
        ),
        route("watcher/import/", WatcherViewSet, {"post": "import_apply"}, name="watcher-import"),
        route("watcher/adoptable/", WatcherViewSet, {"get": "adoptable"}, name="watcher-adoptable"),
        route("watcher/adopt/", WatcherViewSet, {"post": "adopt"}, name="watcher-adopt"),
        route("watcher/poll/", WatcherViewSet, {"post": "poll"}, name="watcher-poll"),
        route("watcher/push/", WatcherViewSet, {"post": "push"}, name="watcher-push"),
        route("watcher/pushes/", WatcherPushViewSet, {"get": "list"}, name="watcher-push-list"),
        route(
            "watcher/pushes/<str:pk>/retry/",
            WatcherPushViewSet,
            {"post": "retry"},
            name="watcher-push-retry",
        ),
        route("intake/agent-csv", IntakeUploadViewSet, {"post": "upload"}, name="intake-agent-csv"),
        route("intake/devices/", IntakeViewSet, {"get": "list"}, name="intake-devices"),
        route(
            "intake/devices/<str:serial>/attach",
            IntakeViewSet,
            {"post": "attach"},
            name="intake-device-attach",
        ),
    ),
]
