"""Referral pages, mounted at ``/`` inside the ``web`` namespace (the public
sign-up page of a referral link too: ``/join/<cloud>/<code>/``)."""

from django.urls import path

from cambill.web.core.routing import CLOUD
from cambill.web.referrals.views import commission as v
from cambill.web.referrals.views import signup

urlpatterns = [
    path(CLOUD + "commission/", v.CommissionView.as_view(), name="commission"),
    path(CLOUD + "commission/<str:code>/", v.CommissionView.as_view(), name="commission_agent"),
    path(
        CLOUD + "commission/<str:code>/download/",
        v.CommissionDownloadView.as_view(),
        name="commission_download",
    ),
    path(
        CLOUD + "commission/<str:code>/payout/",
        v.PayoutRecordView.as_view(),
        name="payout_record",
    ),
    path(CLOUD + "referral-programme/", v.ProgrammeView.as_view(), name="referral_programme"),
    path(CLOUD + "payouts/due/", v.PayoutsDueView.as_view(), name="payouts_due"),
    path(
        CLOUD + "commission/<str:code>/referral-code/",
        v.ReferralCodeRotateView.as_view(),
        name="referral_code_rotate",
    ),
    # Public: an agent's referral link (no login).
    path("join/<slug:slug>/<str:code>/", signup.JoinView.as_view(), name="join"),
]
