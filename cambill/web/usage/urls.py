"""Usage pages, mounted at ``/`` (under ``/clouds/<slug>/usage/``) and the
provider's meters (``/meters/``)."""

from django.urls import path

from cambill.web.core.routing import CLOUD
from cambill.web.usage import views as v

urlpatterns = [
    # The provider's meters (provider-level, no cloud).
    path("meters/", v.MeterListView.as_view(), name="meter_list"),
    path("meters/new/", v.MeterCreateView.as_view(), name="meter_create"),
    # Under "new/": a meter may be called "check", none may be called "new".
    path("meters/new/check/", v.MeterCheckView.as_view(), name="meter_check"),
    path("meters/<str:code>/", v.MeterEditView.as_view(), name="meter_edit"),
    # Metered provider services (the service pages list and show them).
    path("services/new/metered/", v.MeteredServiceCreateView.as_view(), name="service_metered"),
    path(
        "services/<str:code>/metered-price/",
        v.MeteredPriceView.as_view(),
        name="service_metered_price",
    ),
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
