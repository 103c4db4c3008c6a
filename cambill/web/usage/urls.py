"""Usage pages, mounted at ``/`` (under ``/clouds/<slug>/usage/``)."""

from django.urls import path

from cambill.web.core.routing import CLOUD
from cambill.web.usage import views as v

urlpatterns = [
    path(CLOUD + "usage/", v.UsageEventListView.as_view(), name="usage_events"),
    path(
        CLOUD + "usage/unmatched/",
        v.UnmatchedListView.as_view(),
        name="usage_unmatched",
    ),
    path(
        CLOUD + "usage/quarantine/",
        v.QuarantineListView.as_view(),
        name="usage_quarantine",
    ),
    path(CLOUD + "usage/late/", v.LateUsageView.as_view(), name="usage_late"),
    path(
        CLOUD + "usage/late/settle/",
        v.LateUsageSettleView.as_view(),
        name="usage_late_settle",
    ),
]
