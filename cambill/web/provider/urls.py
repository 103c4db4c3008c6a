"""The provider's pages: services, provider tariffs, clouds (and a cloud's
settings), staff, audit log (``web`` namespace)."""

from django.urls import path

from cambill.web.core.routing import CLOUD
from cambill.web.provider import views as v

urlpatterns = [
    path("services/", v.ServiceListView.as_view(), name="service_list"),
    path("services/new/", v.ServiceCreateView.as_view(), name="service_create"),
    path("services/<str:code>/", v.ServiceDetailView.as_view(), name="service_detail"),
    path("services/<str:code>/edit/", v.ServiceEditView.as_view(), name="service_edit"),
    path("services/<str:code>/price/", v.ServicePriceView.as_view(), name="service_price"),
    path("provider-tariffs/", v.ProviderTariffListView.as_view(), name="provider_tariff_list"),
    path(
        "provider-tariffs/new/",
        v.ProviderTariffCreateView.as_view(),
        name="provider_tariff_create",
    ),
    path(
        "provider-tariffs/<str:code>/edit/",
        v.ProviderTariffEditView.as_view(),
        name="provider_tariff_edit",
    ),
    path("clouds/", v.CloudListView.as_view(), name="cloud_list"),
    # Before CLOUD: "new" is not a cloud.
    path("clouds/new/", v.CloudCreateView.as_view(), name="cloud_create"),
    path(CLOUD, v.CloudDetailView.as_view(), name="cloud_detail"),
    path(CLOUD + "edit/", v.CloudEditView.as_view(), name="cloud_edit"),
    path(
        CLOUD + "billing-settings/",
        v.CloudBillingSettingsView.as_view(),
        name="cloud_billing_settings",
    ),
    path(CLOUD + "allowed-tariffs/", v.AllowedTariffsView.as_view(), name="cloud_allowed_tariffs"),
    path(CLOUD + "service-prices/", v.ServicePricesView.as_view(), name="cloud_service_prices"),
    path("staff/", v.StaffListView.as_view(), name="staff_list"),
    path("staff/new/", v.StaffCreateView.as_view(), name="staff_create"),
    path("audit/", v.AuditListView.as_view(), name="audit_list"),
]
