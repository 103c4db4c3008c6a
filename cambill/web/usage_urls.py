"""Usage pages, mounted at ``/`` (under ``/clouds/<slug>/usage/``)."""

from django.urls import path

from . import usage_views as v

urlpatterns = [
    path("clouds/<slug:slug>/usage/", v.UsageEventListView.as_view(), name="usage_events"),
    path(
        "clouds/<slug:slug>/usage/unmatched/",
        v.UnmatchedListView.as_view(),
        name="usage_unmatched",
    ),
    path(
        "clouds/<slug:slug>/usage/quarantine/",
        v.QuarantineListView.as_view(),
        name="usage_quarantine",
    ),
    path("clouds/<slug:slug>/usage/late/", v.LateUsageView.as_view(), name="usage_late"),
    path(
        "clouds/<slug:slug>/usage/late/settle/",
        v.LateUsageSettleView.as_view(),
        name="usage_late_settle",
    ),
]
