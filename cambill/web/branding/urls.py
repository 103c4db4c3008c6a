"""Branding pages and the portal's branded assets (``web`` namespace)."""

from django.urls import path

from cambill.web.core.routing import CLOUD

from . import views as v

urlpatterns = [
    path("provider/branding/", v.ProviderBrandingView.as_view(), name="provider_branding"),
    path(CLOUD + "branding/", v.CloudBrandingView.as_view(), name="cloud_branding"),
    path("branding/theme.css", v.ThemeCssView.as_view(), name="brand_theme"),
    path("branding/logo", v.LogoView.as_view(), name="brand_logo"),
]
