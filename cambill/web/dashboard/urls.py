"""Dashboard pages, mounted at ``/`` inside the ``web`` namespace."""

from django.urls import path

from cambill.web.core.routing import CLOUD
from cambill.web.dashboard.views import dashboards as v
from cambill.web.dashboard.views import lists

urlpatterns = [
    path("dashboard/", v.ProviderDashboardView.as_view(), name="provider_dashboard"),
    path(
        "dashboard/refresh/",
        v.ProviderDashboardRefreshView.as_view(),
        name="provider_dashboard_refresh",
    ),
    path(CLOUD + "dashboard/", v.CloudDashboardView.as_view(), name="cloud_dashboard"),
    path(
        CLOUD + "dashboard/refresh/",
        v.CloudDashboardRefreshView.as_view(),
        name="cloud_dashboard_refresh",
    ),
    path(CLOUD + "usage-history/", v.UsageHistoryView.as_view(), name="cloud_usage_history"),
    # The lists behind the provider dashboard's totals (every cloud in scope).
    path("cameras/", lists.ProviderCameraListView.as_view(), name="provider_camera_list"),
    path(
        "invoices/",
        lists.ProviderInvoiceListView.as_view(),
        name="provider_invoice_list",
    ),
]
