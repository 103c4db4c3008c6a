"""Watcher and camera-intake pages, mounted at ``/`` inside the ``web`` namespace."""

from django.urls import path

from cambill.web.core.routing import CLOUD
from cambill.web.watcher import views as v

urlpatterns = [
    path(CLOUD + "watcher/", v.WatcherStatusView.as_view(), name="watcher_status"),
    path(
        CLOUD + "watcher/connection/",
        v.WatcherConnectionView.as_view(),
        name="watcher_connection",
    ),
    path(CLOUD + "watcher/import/", v.WatcherImportView.as_view(), name="watcher_import"),
    path(CLOUD + "watcher/adopt/", v.WatcherAdoptView.as_view(), name="watcher_adopt"),
    path(CLOUD + "watcher/run/<str:job>/", v.WatcherRunView.as_view(), name="watcher_run"),
    path(CLOUD + "intake/", v.IntakeListView.as_view(), name="intake_list"),
    path(
        CLOUD + "intake/<str:serial>/attach/",
        v.IntakeAttachView.as_view(),
        name="intake_attach",
    ),
]
