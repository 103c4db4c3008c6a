"""Watcher and Agent-intake routes, mounted at ``/api/v1/`` (see ``cambill.api.watcher``)."""

from django.urls import path

from .watcher import IntakeUploadViewSet, IntakeViewSet, WatcherPushViewSet, WatcherViewSet

CLOUD = "clouds/<slug:slug>/"

urlpatterns = [
    path(
        CLOUD + "watcher/connection/",
        WatcherViewSet.as_view({"get": "connection", "put": "connection_set"}),
        name="watcher-connection",
    ),
    path(
        CLOUD + "watcher/connection/check/",
        WatcherViewSet.as_view({"post": "connection_check"}),
        name="watcher-connection-check",
    ),
    path(
        CLOUD + "watcher/import-plan/",
        WatcherViewSet.as_view({"get": "import_plan"}),
        name="watcher-import-plan",
    ),
    path(
        CLOUD + "watcher/import/",
        WatcherViewSet.as_view({"post": "import_apply"}),
        name="watcher-import",
    ),
    path(
        CLOUD + "watcher/adoptable/",
        WatcherViewSet.as_view({"get": "adoptable"}),
        name="watcher-adoptable",
    ),
    path(
        CLOUD + "watcher/adopt/",
        WatcherViewSet.as_view({"post": "adopt"}),
        name="watcher-adopt",
    ),
    path(CLOUD + "watcher/poll/", WatcherViewSet.as_view({"post": "poll"}), name="watcher-poll"),
    path(CLOUD + "watcher/push/", WatcherViewSet.as_view({"post": "push"}), name="watcher-push"),
    path(
        CLOUD + "watcher/pushes/",
        WatcherPushViewSet.as_view({"get": "list"}),
        name="watcher-push-list",
    ),
    path(
        CLOUD + "watcher/pushes/<str:pk>/retry/",
        WatcherPushViewSet.as_view({"post": "retry"}),
        name="watcher-push-retry",
    ),
    path(
        CLOUD + "intake/agent-csv",
        IntakeUploadViewSet.as_view({"post": "upload"}),
        name="intake-agent-csv",
    ),
    path(CLOUD + "intake/devices/", IntakeViewSet.as_view({"get": "list"}), name="intake-devices"),
    path(
        CLOUD + "intake/devices/<str:serial>/attach",
        IntakeViewSet.as_view({"post": "attach"}),
        name="intake-device-attach",
    ),
]
