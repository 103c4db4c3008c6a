"""Cloud, account and camera routes, at ``/api/v1/``."""

from cambill.api.core.routing import route

from .views import (
    AccountSuspensionViewSet,
    AccountViewSet,
    CameraViewSet,
    CloudBillingSettingsViewSet,
    CloudViewSet,
)

LIST = {"get": "list", "post": "create"}
DETAIL = {"get": "retrieve", "patch": "partial_update"}
CLOUD = r"^clouds/(?P<slug>[^/]+)"
CAMERA = rf"{CLOUD}/cameras/(?P<code>[^/]+)"
C = CameraViewSet
ACCOUNT = rf"{CLOUD}/accounts/(?P<code>[^/]+)"
S = AccountSuspensionViewSet

urlpatterns = [
    route(r"^clouds/$", CloudViewSet, LIST, name="cloud-list"),
    route(rf"{CLOUD}/$", CloudViewSet, DETAIL, name="cloud-detail"),
    # the cloud admin's retail billing choices (cloud.billing_settings)
    route(
        rf"{CLOUD}/billing-settings/$",
        CloudBillingSettingsViewSet,
        DETAIL,
        name="cloud-billing-settings",
    ),
    route(rf"{CLOUD}/accounts/$", AccountViewSet, LIST, name="account-list"),
    route(rf"{CLOUD}/accounts/(?P<code>[^/]+)/$", AccountViewSet, DETAIL, name="account-detail"),
    # suspension and resumption: dated facts, a history
    route(rf"{ACCOUNT}/suspend/?$", S, {"post": "suspend"}, name="account-suspend"),
    route(rf"{ACCOUNT}/resume/?$", S, {"post": "resume"}, name="account-resume"),
    route(rf"{ACCOUNT}/suspensions/$", S, {"get": "history"}, name="account-suspensions"),
    route(rf"{CLOUD}/cameras/$", C, LIST, name="camera-list"),
    route(rf"{CAMERA}/$", C, DETAIL, name="camera-detail"),
    route(rf"{CAMERA}/history/$", C, {"get": "history"}, name="camera-history"),
    route(rf"{CAMERA}/moves/$", C, {"post": "moves"}, name="camera-moves"),
    route(
        rf"{CAMERA}/tariff-changes/$", C, {"post": "tariff_changes"}, name="camera-tariff-changes"
    ),
    route(
        rf"{CAMERA}/tariff-periods/$", C, {"post": "tariff_periods"}, name="camera-tariff-periods"
    ),
    # the subscriber's own change among the cloud's self-service tariffs
    route(
        rf"{CAMERA}/tariff-changes/choices/$",
        C,
        {"get": "self_service_tariffs"},
        name="camera-tariff-change-choices",
    ),
    route(
        rf"{CAMERA}/tariff-changes/preview/$",
        C,
        {"get": "tariff_change_preview"},
        name="camera-tariff-change-preview",
    ),
    route(
        rf"{CAMERA}/tariff-changes/self-service/$",
        C,
        {"post": "self_service_tariff_change"},
        name="camera-tariff-change-self-service",
    ),
]
