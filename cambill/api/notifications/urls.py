"""The outbox and billing-contact routes under ``/api/v1/clouds/<slug>/``."""

from cambill.api.core.routing import in_cloud, route

from .views import BillingContactViewSet, NotificationViewSet

N, B = NotificationViewSet, BillingContactViewSet

urlpatterns = [
    in_cloud(
        route(r"^notifications/?$", N, {"get": "list"}, name="notification-list"),
        route(r"^notifications/(?P<pk>\d+)/?$", N, {"get": "retrieve"}, name="notification-detail"),
        route(
            r"^notifications/(?P<pk>\d+)/resend/?$",
            N,
            {"post": "resend"},
            name="notification-resend",
        ),
        route(
            r"^accounts/(?P<code>[^/]+)/billing-contacts/?$",
            B,
            {"get": "account", "put": "account_set"},
            name="account-billing-contacts",
        ),
        route(
            r"^billing-contacts/?$",
            B,
            {"get": "cloud_get", "put": "cloud_set"},
            name="cloud-billing-contacts",
        ),
    ),
]
