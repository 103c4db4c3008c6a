"""Routes of the workspace pages that are not a list or a form of their own:
the tariff builder's live figures (``web`` namespace, mounted at ``/``)."""

from django.urls import path

from .views import tariffs

CLOUD = "clouds/<slug:slug>/"

urlpatterns = [
    # Under "new/": a tariff may be called "quote", none may be called "new".
    path(CLOUD + "tariffs/new/quote/", tariffs.TariffQuoteView.as_view(), name="tariff_quote"),
]
