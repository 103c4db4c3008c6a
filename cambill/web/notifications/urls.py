"""The outbox pages (``web`` namespace)."""

from django.urls import path

from cambill.web.core.routing import CLOUD
from cambill.web.notifications import views as v

urlpatterns = [
    path(CLOUD + "notifications/", v.OutboxPage.as_view(), name="notification_list"),
    path(CLOUD + "notifications/<int:pk>/", v.MessagePage.as_view(), name="notification_detail"),
    path(
        CLOUD + "notifications/templates/",
        v.TemplatesPage.as_view(),
        name="notification_templates",
    ),
    path(
        CLOUD + "notifications/templates/<str:kind>/<str:language>/",
        v.TemplateEditPage.as_view(),
        name="notification_template_edit",
    ),
    path(
        CLOUD + "notifications/billing-contacts/",
        v.CloudContactsPage.as_view(),
        name="cloud_billing_contacts",
    ),
    path(
        CLOUD + "accounts/<str:code>/billing-contacts/",
        v.AccountContactsPage.as_view(),
        name="account_billing_contacts",
    ),
]
