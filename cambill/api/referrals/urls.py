"""Referral routes: the agents (``clouds/<slug>/agents/``), and the programme,
statements, payouts and sign-up under ``/api/v1/clouds/<slug>/``.

Paths answer with and without the trailing slash.
"""

from cambill.api.core.routing import in_cloud, route

from . import views as r

CODE = r"(?P<code>[^/]+)"
LIST = {"get": "list", "post": "create"}

urlpatterns = [
    in_cloud(
        route(
            r"^referral-programme/?$",
            r.ReferralProgrammeViewSet,
            {"get": "retrieve", "put": "update"},
            name="referral-programme",
        ),
        route(
            rf"^agents/{CODE}/statements/?$",
            r.StatementViewSet,
            {"get": "list"},
            name="agent-statements",
        ),
        route(
            rf"^agents/{CODE}/payouts/?$",
            r.PayoutViewSet,
            {"get": "list", "post": "create"},
            name="agent-payouts",
        ),
        route(
            rf"^agents/{CODE}/deactivate/?$",
            r.ReferralActionViewSet,
            {"post": "deactivate"},
            name="agent-deactivate",
        ),
        route(
            rf"^accounts/{CODE}/referral-agent/?$",
            r.ReferralActionViewSet,
            {"put": "change_agent"},
            name="account-referral-agent",
        ),
        route(r"^signup/?$", r.SignupViewSet, {"post": "create"}, name="referral-signup"),
        route(r"^payouts/due/?$", r.DuePayoutViewSet, {"get": "list"}, name="payouts-due"),
        route(
            r"^commission/recompute/?$",
            r.ReferralActionViewSet,
            {"post": "recompute"},
            name="commission-recompute",
        ),
    ),
    route(r"^clouds/(?P<slug>[^/]+)/agents/$", r.AgentViewSet, LIST, name="agent-list"),
    route(
        r"^clouds/(?P<slug>[^/]+)/agents/(?P<code>[^/]+)/$",
        r.AgentViewSet,
        {"get": "retrieve", "patch": "partial_update"},
        name="agent-detail",
    ),
]
