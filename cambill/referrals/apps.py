from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "cambill.referrals"
    label = "referrals"
