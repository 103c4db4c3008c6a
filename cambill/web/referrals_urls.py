"""Referral pages, mounted at ``/`` inside the ``web`` namespace."""

from django.urls import path

from . import referrals_views as v

CLOUD = "clouds/<slug:slug>/"

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
]
