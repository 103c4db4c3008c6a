"""User and API-token routes, at ``/api/v1/``."""

from cambill.api.core.routing import route

from .views import TokenViewSet, UserViewSet

U = UserViewSet
USER = r"^users/(?P<username>[^/]+)"

urlpatterns = [
    route(r"^users/$", U, {"get": "list", "post": "create"}, name="user-list"),
    route(r"^users/me/$", U, {"get": "me"}, name="user-me"),
    route(rf"{USER}/$", U, {"get": "retrieve", "patch": "partial_update"}, name="user-detail"),
    route(rf"{USER}/deactivate/?$", U, {"post": "deactivate"}, name="user-deactivate"),
    route(rf"{USER}/reactivate/?$", U, {"post": "reactivate"}, name="user-reactivate"),
    route(rf"{USER}/password-reset/?$", U, {"post": "password_reset"}, name="user-password-reset"),
    route(
        rf"{USER}/two-factor/reset/$",
        U,
        {"post": "two_factor_reset"},
        name="user-two-factor-reset",
    ),
    route(r"^tokens/$", TokenViewSet, {"get": "list", "post": "create"}, name="token-list"),
    route(r"^tokens/(?P<prefix>[^/]+)/$", TokenViewSet, {"delete": "destroy"}, name="token-detail"),
]
