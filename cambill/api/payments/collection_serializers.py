"""Bodies of the collections endpoints (issue #13, point 5): the aging buckets,
each account's row, reminders sent by hand, and the suspension queue."""

from __future__ import annotations

from rest_framework import serializers

from cambill.api.core.common import Input, MoneyOut, Output, TimeField, text_of
from cambill.clouds.selectors import account_field_max_length
from cambill.payments.collections.selectors import BUCKET_KEYS
from cambill.payments.collections.services import MAX_ACCOUNTS, REASON_MAX_LENGTH
from cambill.payments.selectors import field_max_length as payments_max_length

ACCOUNT_CODE_MAX = account_field_max_length("code")

STEP_HELP = "reminder (its day after the due date) | suspension"
REMINDER_STATUSES = ["sent", "already_sent", "nothing_overdue", "no_contact"]


class BucketOut(Output):
    bucket = serializers.ChoiceField(source="key", choices=list(BUCKET_KEYS))
    name = serializers.CharField(
        source="label", help_text="The bucket's name in the caller's language"
    )
    amount = MoneyOut(currency=None, help_text="Open money of this age")
    accounts = serializers.IntegerField(help_text="Accounts whose oldest open invoice is this old")


class NextStepOut(Output):
    kind = serializers.CharField(help_text=STEP_HELP)
    day = serializers.IntegerField(help_text="Days after the due date")
    at = TimeField(help_text="When the dunning run takes it (due now when in the past)")
    invoice = serializers.CharField(source="invoice.number")


class CollectionsAccountOut(Output):
    account = serializers.CharField(source="account.code")
    name = serializers.CharField(source="account.name")
    status = serializers.CharField(source="account.status")
    account_manager = serializers.CharField(
        source="account.account_manager.username", allow_null=True, default=None
    )
    bucket = serializers.ChoiceField(choices=list(BUCKET_KEYS))
    days_overdue = serializers.IntegerField(
        help_text="Local days since the oldest open invoice's due date (0: not overdue)"
    )
    oldest_due_at = TimeField()
    open_amount = MoneyOut(currency=None)
    overdue_amount = MoneyOut(currency=None)
    next_step = NextStepOut(allow_null=True)
    last_reminder_at = TimeField(allow_null=True)
    suspension_due = serializers.BooleanField(
        help_text="The dunning policy says to suspend it (the account is in the suspension queue)"
    )


class CollectionsOut(Output):
    currency = serializers.CharField()
    today = serializers.DateField(help_text="Today in the cloud's time zone")
    total = MoneyOut(currency=None)
    suspension_mode = serializers.CharField(source="cloud.suspension_mode")
    buckets = BucketOut(many=True)
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = CollectionsAccountOut(many=True)


class RemindIn(Input):
    accounts = serializers.ListField(
        child=serializers.CharField(max_length=ACCOUNT_CODE_MAX),
        min_length=1,
        max_length=MAX_ACCOUNTS,
        help_text="Codes of the accounts to remind now (each at most once per local day)",
    )


class ReminderOut(Output):
    account = serializers.CharField(source="account.code")
    status = serializers.ChoiceField(choices=REMINDER_STATUSES)
    invoice = serializers.CharField(source="invoice.number", allow_null=True, default=None)
    amount = MoneyOut(currency=None, allow_null=True)
    message = serializers.IntegerField(source="message.pk", allow_null=True, default=None)


class RemindOut(Output):
    sent = serializers.IntegerField()
    results = ReminderOut(many=True)


class SuspensionQueueOut(Output):
    account = serializers.CharField(source="account.code")
    name = serializers.CharField(source="account.name")
    invoice = serializers.CharField(source="invoice.number", help_text="Its oldest such invoice")
    days_overdue = serializers.IntegerField()
    amount = MoneyOut(currency=None, help_text="Open on the invoices past the suspension day")
    due_since = TimeField(help_text="When the dunning policy's suspension day was reached")


class DismissIn(Input):
    reason = text_of(
        min(REASON_MAX_LENGTH, payments_max_length("DunningEvent", "detail")),
        required=False,
        allow_blank=True,
        default="",
    )


class SuspensionDoneOut(Output):
    account = serializers.CharField(source="code")
    status = serializers.CharField()
