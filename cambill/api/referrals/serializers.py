"""Request and response bodies of the referrals endpoints (see ``views.py``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import (
    extend_schema_serializer,
)
from rest_framework import serializers

from cambill.accounts.selectors import field_max_length as accounts_max_length
from cambill.api.core.common import (
    DecimalIn,
    DecimalOut,
    Input,
    Output,
    TimeField,
    code_field,
    text_of,
)
from cambill.clouds.selectors import field_max_length as clouds_max_length
from cambill.core import languages
from cambill.core.validation import PASSWORD_MAX_LENGTH
from cambill.referrals.selectors import field_max_length as referrals_max_length
from cambill.sales.selectors import field_max_length as sales_max_length


class AgentOut(Output):
    code = serializers.CharField()
    name = serializers.CharField()
    email = serializers.CharField()
    # (DRF pops declared fields off the class, so "parent" does not shadow Field.parent.)
    parent = serializers.CharField(source="parent.code", allow_null=True)  # type: ignore[assignment]
    rate_percent = DecimalOut(allow_null=True, help_text="Overrides the level-1 rate when set")
    active = serializers.BooleanField()
    user = serializers.CharField(source="user.username", allow_null=True, help_text="Login, if any")
    referral_code = serializers.SerializerMethodField(
        help_text="Code of the sign-up link /join/{slug}/{referral_code}/ (shown to the agent "
        "itself and to staff who manage agents; null otherwise)"
    )
    created_at = TimeField()

    def get_referral_code(self, agent: Any) -> str | None:
        from cambill.core.access import actor_for

        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        actor = actor_for(user)
        if actor.agent_id == agent.pk or actor.can("agent.manage"):
            return agent.referral_code
        return None


class AgentPatchIn(Input):
    hints = {
        "code": "The code of an agent cannot change.",
        "user": "An agent's login is made with POST /api/v1/users/ (role agent).",
    }

    name = text_of(referrals_max_length("Agent", "name"), required=False)
    email = text_of(referrals_max_length("Agent", "email"), required=False, allow_blank=True)
    parent = text_of(
        referrals_max_length("Agent", "code"),  # type: ignore[assignment]
        required=False,
        allow_null=True,
        help_text="Parent agent code",
    )
    rate_percent = DecimalIn(required=False, allow_null=True)
    active = serializers.BooleanField(required=False)


class AgentIn(AgentPatchIn):
    hints = {"user": AgentPatchIn.hints["user"]}

    code = code_field(max_length=referrals_max_length("Agent", "code"))
    name = text_of(referrals_max_length("Agent", "name"))


_MONEY = "An amount in the statement's currency, as a decimal string"


class StatementAccountOut(Output):
    code = serializers.CharField()
    name = serializers.CharField()
    invoice = serializers.CharField(help_text="The retail invoice's number")
    cameras = serializers.IntegerField()
    camera_days = serializers.CharField(help_text="Camera-days billed, as a decimal string")
    invoiced = serializers.CharField(help_text=_MONEY)
    paid = serializers.CharField(help_text=_MONEY)
    commission = serializers.CharField(help_text=_MONEY)
    clawbacks = serializers.CharField(help_text=_MONEY)


class StatementLevelOut(Output):
    level = serializers.IntegerField()
    base = serializers.CharField(help_text=_MONEY)
    commission = serializers.CharField(help_text=_MONEY)
    clawbacks = serializers.CharField(help_text=_MONEY)


class StatementDownlineOut(StatementLevelOut):
    agent = serializers.CharField(help_text="The downline agent's code")
    name = serializers.CharField()


class StatementPayoutOut(Output):
    amount = serializers.CharField(help_text=_MONEY)
    reference = serializers.CharField()
    paid_on = serializers.DateField()


@extend_schema_serializer(many=False)  # one object, though answered by `list`
class StatementOut(Output):
    """The JSON of ``statement_json`` (what ``?format=json`` answers)."""

    agent = serializers.CharField(help_text="The agent's code")
    name = serializers.CharField()
    period = serializers.CharField(help_text="YYYY-MM")
    currency = serializers.CharField()
    accounts = StatementAccountOut(many=True, help_text="The agent's own accounts")
    levels = StatementLevelOut(many=True)
    downline = StatementDownlineOut(many=True, help_text="Totals per downline agent")
    commission = serializers.CharField(help_text=_MONEY)
    clawbacks = serializers.CharField(help_text=_MONEY)
    net = serializers.CharField(help_text=_MONEY)
    carried = serializers.CharField(help_text=_MONEY)
    total_due = serializers.CharField(help_text=_MONEY)
    payout = StatementPayoutOut(allow_null=True)
    outstanding = serializers.CharField(help_text=_MONEY)
    status = serializers.ChoiceField(choices=["paid", "partly paid", "due", "nothing due"])


class DuePayoutOut(Output):
    agent = serializers.CharField(help_text="The agent's code")
    name = serializers.CharField()
    email = serializers.CharField()
    period = serializers.CharField(help_text="YYYY-MM")
    currency = serializers.CharField()
    amount = serializers.CharField(help_text="The balance due, as a decimal string")


class ProgrammeOut(Output):
    levels = serializers.DictField(child=serializers.CharField(), help_text="Percent per level")
    base = serializers.CharField(help_text="issued | paid")
    limit_months = serializers.IntegerField(allow_null=True)
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)


class ProgrammeIn(Input):
    levels = serializers.DictField(
        child=serializers.CharField(), help_text='Percent per level, e.g. {"1": "10", "2": "3"}'
    )
    base = serializers.ChoiceField(choices=["issued", "paid"], required=False, default="paid")
    limit_months = serializers.IntegerField(required=False, allow_null=True, default=None)
    valid_from = serializers.DateField(required=False, allow_null=True, default=None)
    valid_to = serializers.DateField(required=False, allow_null=True, default=None)


class PayoutOut(Output):
    agent = serializers.CharField(source="agent.code")
    period = serializers.CharField()
    currency = serializers.CharField()
    amount = DecimalOut()
    reference = serializers.CharField()
    paid_on = serializers.DateField()
    created_by = serializers.CharField(source="created_by.username", allow_null=True)
    created_at = TimeField()


class PayoutIn(Input):
    period = text_of(
        referrals_max_length("Payout", "period"), help_text="The statement's period, YYYY-MM"
    )
    reference = text_of(
        referrals_max_length("Payout", "reference"), help_text="Bank transfer or voucher reference"
    )
    paid_on = serializers.DateField()


class AgentChangeIn(Input):
    agent = text_of(
        referrals_max_length("Agent", "code"),
        allow_null=True,
        help_text="Agent code, or null for none",
    )
    # Kept in the audit row; the verb's bound (account_change_agent).
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class RecomputeIn(Input):
    period = text_of(referrals_max_length("CommissionEntry", "period"), help_text="YYYY-MM")


# --- public sign-up through a referral code --------------------------------------


class SignupIn(Input):
    referral_code = text_of(
        referrals_max_length("Agent", "referral_code"),
        help_text="The agent's referral code (from its link)",
    )
    name = text_of(
        clouds_max_length("Account", "name"), help_text="The subscriber's name or company"
    )
    email = text_of(clouds_max_length("Account", "email"))
    username = text_of(
        accounts_max_length("User", "username"), help_text="The owner login to create"
    )
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, max_length=PASSWORD_MAX_LENGTH
    )
    language = serializers.ChoiceField(
        choices=languages.CHOICES, required=False, default=languages.DEFAULT
    )
    accept_terms = serializers.BooleanField(help_text="Must be true")
    coupon = text_of(
        sales_max_length("Coupon", "code"),
        required=False,
        allow_blank=True,
        help_text="A coupon code of the cloud, redeemed on the new account",
    )


class SignupOut(Output):
    cloud = serializers.CharField(source="account.cloud.slug")
    account = serializers.CharField(source="account.code")
    name = serializers.CharField(source="account.name")
    username = serializers.CharField(source="user.username")
