"""The cloud switcher (provider staff): ``/switch-cloud/?q=...&to=invoices/``."""

from django.urls import path

from cambill.web.switch import views as v

urlpatterns = [
    path("switch-cloud/", v.CloudSwitchView.as_view(), name="cloud_switch"),
]
