"""A cloud's agents and users (``web`` namespace)."""

from django.urls import path

from cambill.web.core.routing import CLOUD
from cambill.web.people import user_views as u
from cambill.web.people import views as v

urlpatterns = [
    path(CLOUD + "agents/", v.AgentListView.as_view(), name="agent_list"),
    path(CLOUD + "agents/new/", v.AgentCreateView.as_view(), name="agent_create"),
    path(CLOUD + "agents/<str:code>/edit/", v.AgentEditView.as_view(), name="agent_edit"),
    path(CLOUD + "users/", v.CloudUserListView.as_view(), name="user_list"),
    path(CLOUD + "users/new/", v.CloudUserCreateView.as_view(), name="user_create"),
    path("users/<str:username>/edit/", u.UserEditView.as_view(), name="user_edit"),
    path(
        "users/<str:username>/deactivate/", u.UserDeactivateView.as_view(), name="user_deactivate"
    ),
    path(
        "users/<str:username>/reactivate/", u.UserReactivateView.as_view(), name="user_reactivate"
    ),
    path(
        "users/<str:username>/password-reset/",
        u.UserPasswordResetView.as_view(),
        name="user_password_reset",
    ),
]
