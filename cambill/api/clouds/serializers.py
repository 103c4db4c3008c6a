"""Request and response bodies of the clouds endpoints (see ``views.py``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cambill.accounts.selectors import field_max_length as accounts_max_length
from cambill.api.core.common import (
    DecimalIn,
    DecimalOut,
    Input,
    MoneyOut,
    Output,
    TimeField,
    code_field,
    currency_of,
    text_of,
)
from cambill.catalog.selectors import allowed_tariff_codes, latest_service_prices
from cambill.catalog.selectors import field_max_length as catalog_max_length
from cambill.clouds.choices import (
    AccountStatus,
    BillingTiming,
    CameraStatus,
    CloudStatus,
    Proration,
    SuspendedDays,
    SuspensionMode,
)
from cambill.clouds.selectors import (
    account_suspensions,
    camera_history,
    current_tariff_codes,
)
from cambill.clouds.selectors import field_max_length as clouds_max_length
from cambill.core import languages
from cambill.referrals.selectors import field_max_length as referrals_max_length

LANGUAGES = languages.CHOICES

# --- clouds ---------------------------------------------------------------


class CloudServicePriceOut(Output):
    service = serializers.CharField()
    currency = serializers.CharField()
    amount = MoneyOut()


class CloudOut(Output):
    slug = serializers.CharField()
    name = serializers.CharField()
    currency = serializers.CharField()
    timezone = serializers.CharField()
    proration = serializers.ChoiceField(choices=Proration.choices)
    discount_percent = DecimalOut()
    tax_percent = DecimalOut()
    wholesale_tax_percent = DecimalOut()
    trial_until = TimeField(tz_attr="timezone", allow_null=True)
    manager = serializers.CharField(source="manager.username", allow_null=True)
    allowed_tariffs = serializers.SerializerMethodField()
    service_prices = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=CloudStatus.choices)
    legal_name = serializers.CharField()
    tax_id = serializers.CharField()
    address = serializers.CharField()
    invoice_prefix = serializers.CharField()
    invoice_number_width = serializers.IntegerField()
    auto_issue = serializers.BooleanField()
    late_usage_policy = serializers.CharField()
    suspension_mode = serializers.ChoiceField(choices=SuspensionMode.choices)
    suspended_days = serializers.ChoiceField(choices=SuspendedDays.choices)
    offline_credit_hours = serializers.IntegerField(allow_null=True)
    review_threshold_percent = DecimalOut()
    billing_timing = serializers.ChoiceField(choices=BillingTiming.choices)
    created_at = TimeField(tz_attr="timezone")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_tariffs(self, obj: Any) -> list[str]:
        cached = self.context.get("allowed_map")
        return (cached if cached is not None else allowed_tariff_codes([obj.pk]))[obj.pk]

    @extend_schema_field(CloudServicePriceOut(many=True))
    def get_service_prices(self, obj: Any) -> Any:
        cached = self.context.get("prices_map")
        rows = (cached if cached is not None else latest_service_prices([obj.pk]))[obj.pk]
        return CloudServicePriceOut(rows, many=True, context=self.context).data


class CloudServicePriceIn(Input):
    service = text_of(catalog_max_length("Service", "code"), help_text="Service code")
    currency = currency_of(
        catalog_max_length("CloudServicePrice", "currency"),
        required=False,
        help_text="The cloud's currency (default)",
    )
    amount = DecimalIn()


class CloudPatchIn(Input):
    hints = {"slug": "The slug is the cloud's login name and cannot change."}

    name = text_of(clouds_max_length("Cloud", "name"), required=False)
    currency = currency_of(
        clouds_max_length("Cloud", "currency"), required=False, help_text="ISO 4217, e.g. USD"
    )
    timezone = text_of(
        clouds_max_length("Cloud", "timezone"),
        required=False,
        help_text="IANA zone, e.g. America/Bogota",
    )
    proration = serializers.ChoiceField(choices=Proration.choices, required=False)
    discount_percent = DecimalIn(required=False, help_text="Wholesale discount, 0-100")
    review_threshold_percent = DecimalIn(
        required=False,
        help_text="0-100 (default 20): on a bill run's review, drafts whose total moved by "
        "more than this % against the account's previous invoice are flagged",
    )
    tax_percent = DecimalIn(required=False, help_text="Retail tax (VAT), percent")
    wholesale_tax_percent = DecimalIn(required=False)
    trial_until = TimeField(required=False, allow_null=True)
    manager = text_of(
        accounts_max_length("User", "username"),
        required=False,
        allow_null=True,
        help_text="Username",
    )
    allowed_tariffs = serializers.ListField(
        child=text_of(catalog_max_length("TariffPlan", "code")),
        required=False,
        help_text="Provider tariff codes (replaces)",
    )
    service_prices = CloudServicePriceIn(
        many=True, required=False, help_text="Individual wholesale prices (replaces)"
    )
    status = serializers.ChoiceField(choices=CloudStatus.choices, required=False)
    legal_name = text_of(clouds_max_length("Cloud", "legal_name"), required=False, allow_blank=True)
    tax_id = text_of(clouds_max_length("Cloud", "tax_id"), required=False, allow_blank=True)
    address = text_of(clouds_max_length("Cloud", "address"), required=False, allow_blank=True)
    invoice_prefix = text_of(
        clouds_max_length("Cloud", "invoice_prefix"), required=False, allow_blank=True
    )
    invoice_number_width = serializers.IntegerField(required=False)
    auto_issue = serializers.BooleanField(required=False)
    late_usage_policy = serializers.ChoiceField(
        choices=["next_period", "credit_note_report"],
        required=False,
        help_text="Late usage: an adjustment in the next invoice, or a report to credit by hand",
    )
    suspended_days = serializers.ChoiceField(
        choices=SuspendedDays.choices,
        required=False,
        help_text="bill: suspended days are charged; skip: a local day on which the account "
        "is suspended at its end is not charged (second proration: suspended seconds)",
    )
    offline_credit_hours = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=24,
        help_text="A local day with at least this many hours of camera offline time is "
        "credited on the retail invoice; null = off",
    )
    billing_timing = serializers.ChoiceField(
        choices=BillingTiming.choices,
        required=False,
        help_text="arrears: the invoice of a month is made after it (the default); advance: "
        "made from its first day, with each camera's month ahead and the true-up of the "
        "month before (what arrears would have charged, less what was charged ahead)",
    )


class BillingSettingsOut(Output):
    """How the cloud bills its subscribers (its cloud admin's choices)."""

    billing_timing = serializers.ChoiceField(choices=BillingTiming.choices)
    suspended_days = serializers.ChoiceField(choices=SuspendedDays.choices)
    offline_credit_hours = serializers.IntegerField(allow_null=True)
    review_threshold_percent = DecimalOut()
    auto_issue = serializers.BooleanField()
    late_usage_policy = serializers.CharField()
    suspension_mode = serializers.ChoiceField(choices=SuspensionMode.choices)


class BillingSettingsPatchIn(Input):
    """Only the retail billing settings; any other key of the cloud is refused."""

    billing_timing = serializers.ChoiceField(
        choices=BillingTiming.choices,
        required=False,
        help_text=CloudPatchIn._declared_fields["billing_timing"].help_text,
    )
    suspended_days = serializers.ChoiceField(
        choices=SuspendedDays.choices,
        required=False,
        help_text=CloudPatchIn._declared_fields["suspended_days"].help_text,
    )
    offline_credit_hours = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=24,
        help_text=CloudPatchIn._declared_fields["offline_credit_hours"].help_text,
    )
    review_threshold_percent = DecimalIn(
        required=False,
        help_text=CloudPatchIn._declared_fields["review_threshold_percent"].help_text,
    )
    auto_issue = serializers.BooleanField(
        required=False, help_text="Issue retail invoices automatically when a bill run ends"
    )
    late_usage_policy = serializers.ChoiceField(
        choices=["next_period", "credit_note_report"],
        required=False,
        help_text=CloudPatchIn._declared_fields["late_usage_policy"].help_text,
    )
    suspension_mode = serializers.ChoiceField(
        choices=SuspensionMode.choices,
        required=False,
        help_text="auto: the dunning run suspends an account at the policy's suspension day; "
        "confirm: the account waits in the collections page's suspension queue for a person "
        "to confirm or dismiss",
    )


class CloudIn(CloudPatchIn):
    hints = {}

    # A slug is a URL segment of every nested route (``clouds/<slug:slug>/``).
    slug = serializers.SlugField(max_length=clouds_max_length("Cloud", "slug"))
    name = text_of(clouds_max_length("Cloud", "name"))
    currency = currency_of(clouds_max_length("Cloud", "currency"), help_text="ISO 4217, e.g. USD")
    timezone = text_of(
        clouds_max_length("Cloud", "timezone"), help_text="IANA zone, e.g. America/Bogota"
    )


# --- accounts -------------------------------------------------------------


class AccountOut(Output):
    code = serializers.CharField()
    name = serializers.CharField()
    email = serializers.CharField()
    account_manager = serializers.CharField(source="account_manager.username", allow_null=True)
    referral_agent = serializers.CharField(source="referral_agent.code", allow_null=True)
    trial_until = TimeField(allow_null=True)
    status = serializers.ChoiceField(choices=AccountStatus.choices)
    language = serializers.ChoiceField(choices=LANGUAGES)
    legal_name = serializers.CharField()
    tax_id = serializers.CharField()
    address = serializers.CharField()
    billing_contacts = serializers.SerializerMethodField(
        help_text="Where its invoices, receipts and reminders are mailed (its e-mail if none)"
    )
    created_at = TimeField()

    def get_billing_contacts(self, obj: Any) -> list[str]:
        from cambill.notifications.selectors import billing_contacts_of_account

        return billing_contacts_of_account(obj)


class AccountPatchIn(Input):
    hints = {"code": "The code of an account cannot change."}

    name = text_of(clouds_max_length("Account", "name"), required=False)
    email = text_of(clouds_max_length("Account", "email"), required=False, allow_blank=True)
    account_manager = text_of(
        accounts_max_length("User", "username"),
        required=False,
        allow_null=True,
        help_text="Username",
    )
    referral_agent = text_of(
        referrals_max_length("Agent", "code"),
        required=False,
        allow_null=True,
        help_text="Agent code",
    )
    trial_until = TimeField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=AccountStatus.choices, required=False)
    language = serializers.ChoiceField(choices=LANGUAGES, required=False)
    legal_name = text_of(
        clouds_max_length("Account", "legal_name"), required=False, allow_blank=True
    )
    tax_id = text_of(clouds_max_length("Account", "tax_id"), required=False, allow_blank=True)
    address = text_of(clouds_max_length("Account", "address"), required=False, allow_blank=True)
    billing_contacts = serializers.ListField(
        child=serializers.CharField(max_length=254),
        required=False,
        max_length=10,
        help_text="E-mail addresses for billing mail; the first is the main one",
    )


class AccountIn(AccountPatchIn):
    hints = {}

    code = code_field(max_length=clouds_max_length("Account", "code"))
    name = text_of(clouds_max_length("Account", "name"))
    referral_code = text_of(
        referrals_max_length("Agent", "referral_code"),
        required=False,
        help_text="An agent's referral code: attributes the account to it",
    )


# --- cameras --------------------------------------------------------------


class PeriodOut(Output):
    tariff = serializers.CharField(source="tariff.code")
    account = serializers.CharField(source="account.code")
    valid_from = TimeField()
    valid_to = TimeField(allow_null=True, help_text="Exclusive; null while open")


class CameraOut(Output):
    code = serializers.CharField()
    title = serializers.CharField()
    account = serializers.CharField(source="account.code", allow_null=True)
    tariff = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=CameraStatus.choices)
    created_at = TimeField()

    @extend_schema_field(
        serializers.CharField(
            allow_null=True,
            help_text="Tariff of the open period: the latest change, possibly scheduled ahead",
        )
    )
    def get_tariff(self, obj: Any) -> str | None:
        if hasattr(obj, "current_tariff"):
            return obj.current_tariff
        return current_tariff_codes([obj]).get(obj.pk)


class CameraHistoryOut(CameraOut):
    history = serializers.SerializerMethodField()

    @extend_schema_field(PeriodOut(many=True))
    def get_history(self, obj: Any) -> Any:
        return PeriodOut(camera_history(camera=obj), many=True, context=self.context).data


class CameraIn(Input):
    code = code_field(
        max_length=clouds_max_length("Camera", "code"), help_text="The Watcher stream name"
    )
    title = text_of(clouds_max_length("Camera", "title"), required=False, allow_blank=True)
    account = text_of(
        clouds_max_length("Account", "code"),
        required=False,
        allow_null=True,
        help_text="Account code",
    )
    tariff = text_of(
        catalog_max_length("TariffPlan", "code"),
        required=False,
        allow_null=True,
        help_text="Tariff code",
    )
    at = TimeField(required=False, help_text="When the tariff starts (default: now)")


class CameraPatchIn(Input):
    hints = {
        "code": "The code of a camera cannot change.",
        "account": "Move a camera with POST .../cameras/{code}/moves/.",
        "tariff": "Change a tariff with POST .../cameras/{code}/tariff-changes/.",
    }

    title = text_of(clouds_max_length("Camera", "title"), required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=CameraStatus.choices, required=False)


class TariffChangeIn(Input):
    tariff = text_of(
        catalog_max_length("TariffPlan", "code"),
        allow_null=True,
        help_text="Tariff code, or null: no tariff from `at`",
    )
    at = TimeField()


class MoveIn(Input):
    account = text_of(
        clouds_max_length("Account", "code"),
        allow_null=True,
        help_text="Account code, or null: detach",
    )
    at = TimeField()


class TariffPeriodIn(Input):
    tariff = text_of(catalog_max_length("TariffPlan", "code"))
    valid_from = TimeField()
    valid_to = TimeField(required=False, allow_null=True, help_text="Exclusive; null: open")


# --- self-service tariff change (the subscriber's own) ---------------------


class SelfServiceTariffOut(Output):
    code = serializers.CharField()
    name = serializers.CharField()
    currency = serializers.CharField()
    price = MoneyOut(help_text="Retail price per camera-month, tax excluded")
    current = serializers.SerializerMethodField(help_text="The camera holds this tariff now")

    def get_current(self, obj: Any) -> bool:
        return bool(self.context.get("current_tariff_id") == obj.pk)


class SelfServiceChangeIn(Input):
    hints = {
        "at": "A subscriber's change takes effect now; staff schedule changes with "
        "POST .../tariff-changes/."
    }

    tariff = text_of(
        catalog_max_length("TariffPlan", "code"),
        help_text="Code of one of the cloud's self-service tariffs",
    )


class PreviewSideOut(Output):
    tariff = serializers.CharField(allow_null=True, help_text="Tariff code (null: none)")
    unit_price = DecimalOut(allow_null=True, help_text="Price per camera-month")
    days = DecimalOut(help_text="Days charged (seconds / 86,400 under `second` proration)")
    amount = DecimalOut(help_text="The camera's charge for the piece, rounded once per line")


class PreviewComparisonOut(Output):
    period = serializers.CharField(help_text="YYYY-MM in the cloud's time zone")
    start = TimeField()
    end = TimeField()
    first_day = serializers.DateField()
    last_day = serializers.DateField()
    old = PreviewSideOut()
    new = PreviewSideOut()
    difference = DecimalOut(help_text="new - old")


class TariffChangePreviewOut(Output):
    camera = serializers.CharField(source="camera.code")
    currency = serializers.CharField(source="preview.currency")
    at = TimeField(source="preview.at", help_text="The change would take effect at this instant")
    billing_timing = serializers.CharField(help_text="arrears | advance (the cloud's setting)")
    old_tariff = serializers.CharField(source="old_tariff.code", allow_null=True, default=None)
    new_tariff = serializers.CharField(source="new_tariff.code")
    unchanged = serializers.BooleanField(help_text="The camera already holds this tariff")
    rest_of_period = PreviewComparisonOut(
        source="preview.rest_of_period",
        help_text="From now to the end of the current period, old tariff against new",
    )
    next_month = PreviewComparisonOut(
        source="preview.next_month", help_text="The next full month, old tariff against new"
    )


# --- suspensions (dated facts, a history) -----------------------------------


class SuspensionIn(Input):
    at = TimeField(required=False, help_text="When (default now); never in the future")
    reason = text_of(
        clouds_max_length("AccountSuspension", "reason"), required=False, allow_blank=True
    )


class SuspensionOut(Output):
    start = TimeField()
    end = TimeField(allow_null=True, help_text="null: still suspended")
    reason = serializers.CharField()
    resume_reason = serializers.CharField()
    suspended_by = serializers.CharField(source="suspended_by.username", allow_null=True)
    resumed_by = serializers.CharField(source="resumed_by.username", allow_null=True)


class AccountSuspensionsOut(Output):
    account = serializers.CharField(source="code")
    status = serializers.ChoiceField(choices=AccountStatus.choices)
    suspensions = serializers.SerializerMethodField()

    @extend_schema_field(SuspensionOut(many=True))
    def get_suspensions(self, obj: Any) -> Any:
        return SuspensionOut(account_suspensions(account=obj), many=True, context=self.context).data
