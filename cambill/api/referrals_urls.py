"""Referral routes, mounted under ``/api/v1/clouds/<slug>/`` (the agents
themselves are on the main router: ``clouds/<slug>/agents/``).

Paths answer with and without the trailing slash.
"""

from django.urls import re_path

from . import referrals as r

CODE = r"(?P<code>[^/]+)"

urlpatterns = [
    re_path(
        r"^referral-programme/?$",
        r.ReferralProgrammeViewSet.as_view({"get": "retrieve", "put": "update"}),
        name="referral-programme",
    ),
    re_path(
        rf"^agents/{CODE}/statements/?$",
        r.StatementViewSet.as_view({"get": "list"}),
        name="agent-statements",
    ),
    re_path(
        rf"^agents/{CODE}/payouts/?$",
        r.PayoutViewSet.as_view({"get": "list", "post": "create"}),
        name="agent-payouts",
    ),
    re_path(
        rf"^agents/{CODE}/deactivate/?$",
        r.ReferralActionViewSet.as_view({"post": "deactivate"}),
        name="agent-deactivate",
    ),
    re_path(
        rf"^accounts/{CODE}/referral-agent/?$",
        r.ReferralActionViewSet.as_view({"put": "change_agent"}),
        name="account-referral-agent",
    ),
    re_path(r"^signup/?$", r.SignupViewSet.as_view({"post": "create"}), name="referral-signup"),
    re_path(r"^payouts/due/?$", r.DuePayoutViewSet.as_view({"get": "list"}), name="payouts-due"),
    re_path(
        r"^commission/recompute/?$",
        r.ReferralActionViewSet.as_view({"post": "recompute"}),
        name="commission-recompute",
    ),
]
