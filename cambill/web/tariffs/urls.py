"""A cloud's tariffs and the tariff builder's live figures (``web`` namespace)."""

from django.urls import path

from cambill.web.core.routing import CLOUD
from cambill.web.tariffs.views import pages as v

urlpatterns = [
    path(CLOUD + "tariffs/", v.TariffListView.as_view(), name="tariff_list"),
    path(CLOUD + "tariffs/new/", v.TariffCreateView.as_view(), name="tariff_create"),
    # Under "new/": a tariff may be called "quote", none may be called "new".
    path(CLOUD + "tariffs/new/quote/", v.TariffQuoteView.as_view(), name="tariff_quote"),
    path(CLOUD + "tariffs/<str:code>/", v.TariffDetailView.as_view(), name="tariff_detail"),
    path(CLOUD + "tariffs/<str:code>/edit/", v.TariffEditView.as_view(), name="tariff_edit"),
]
