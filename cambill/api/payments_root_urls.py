"""Routes at ``/api/v1/`` of payments: the Stripe webhook (no login; signed)."""

from django.urls import re_path

from .payments import stripe_webhook

urlpatterns = [
    re_path(r"^stripe/webhook/?$", stripe_webhook, name="stripe-webhook"),
]
