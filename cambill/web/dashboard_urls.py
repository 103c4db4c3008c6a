"""Dashboard pages, mounted at ``/`` inside the ``web`` namespace."""

from django.urls import path

from . import dashboard_views as v
from . import provider_lists

CLOUD = "clouds/<slug:slug>/"

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
    path("cameras/", provider_lists.ProviderCameraListView.as_view(), name="provider_camera_list"),
    path(
        "invoices/",
        provider_lists.ProviderInvoiceListView.as_view(),
        name="provider_invoice_list",
    ),
]
