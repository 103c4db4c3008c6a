"""A cloud's accounts, discounts and cameras (``web`` namespace).

Camera codes are Watcher stream names and may hold a slash, hence
``<path:code>`` with the action routes listed first.
"""

from django.urls import path

from cambill.web.accounts.views import accounts, cameras, self_service, suspensions
from cambill.web.core.routing import CLOUD

urlpatterns = [
    path(CLOUD + "accounts/", accounts.AccountListView.as_view(), name="account_list"),
    path(CLOUD + "accounts/new/", accounts.AccountCreateView.as_view(), name="account_create"),
    path(
        CLOUD + "accounts/<str:code>/",
        accounts.AccountDetailView.as_view(),
        name="account_detail",
    ),
    path(
        CLOUD + "accounts/<str:code>/edit/",
        accounts.AccountEditView.as_view(),
        name="account_edit",
    ),
    path(
        CLOUD + "accounts/<str:code>/suspend/",
        suspensions.AccountSuspendView.as_view(),
        name="account_suspend",
    ),
    path(
        CLOUD + "accounts/<str:code>/resume/",
        suspensions.AccountResumeView.as_view(),
        name="account_resume",
    ),
    path(
        CLOUD + "accounts/<str:code>/discounts/new/",
        accounts.DiscountCreateView.as_view(),
        name="discount_create",
    ),
    path(CLOUD + "cameras/", cameras.CameraListView.as_view(), name="camera_list"),
    path(CLOUD + "cameras/new/", cameras.CameraCreateView.as_view(), name="camera_create"),
    path(CLOUD + "cameras/<path:code>/edit/", cameras.CameraEditView.as_view(), name="camera_edit"),
    path(
        CLOUD + "cameras/<path:code>/tariff/",
        cameras.CameraTariffView.as_view(),
        name="camera_tariff",
    ),
    path(CLOUD + "cameras/<path:code>/move/", cameras.CameraMoveView.as_view(), name="camera_move"),
    path(
        CLOUD + "cameras/<path:code>/my-tariff/",
        self_service.CameraSelfServiceTariffView.as_view(),
        name="camera_self_service_tariff",
    ),
    path(CLOUD + "cameras/<path:code>/", cameras.CameraDetailView.as_view(), name="camera_detail"),
]
