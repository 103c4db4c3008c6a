"""The audit log read as sentences: "Maria Lopez issued invoice TELENET-2026-000190".

One translatable sentence per verb the code writes (``verb=`` of
:func:`cambill.core.audit.audit`), with two named placeholders: ``%(actor)s``, the
person by name (``cambill.core.display.person_name``; "System" for the machine),
and ``%(object)s``, the object as the row stored it. A test walks the code for
every verb it writes and fails while one has no sentence here.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .display import person_name

SENTENCES: dict[str, Promise] = {
    # People, sign-in and tokens
    "user_create": _("%(actor)s created user %(object)s"),
    "user_update": _("%(actor)s changed user %(object)s"),
    "user_deactivate": _("%(actor)s deactivated user %(object)s"),
    "user_reactivate": _("%(actor)s reactivated user %(object)s"),
    "user_password_reset_send": _("%(actor)s sent user %(object)s a password reset link"),
    "user_password_reset_request": _("%(actor)s asked for a password reset link for %(object)s"),
    "user_password_reset": _("%(actor)s set a new password for %(object)s"),
    "user.two_factor_enrol": _("%(actor)s turned on two-factor sign-in for %(object)s"),
    "user.two_factor_reset": _("%(actor)s reset two-factor sign-in of %(object)s"),
    "user.two_factor_recovery_codes": _("%(actor)s made new recovery codes for %(object)s"),
    "user.two_factor_recovery_used": _("%(actor)s signed in as %(object)s with a recovery code"),
    "api_token_create": _("%(actor)s created API token %(object)s"),
    "api_token_revoke": _("%(actor)s revoked API token %(object)s"),
    # The provider's catalogue and its clouds
    "service_create": _("%(actor)s created service %(object)s"),
    "service_update": _("%(actor)s changed service %(object)s"),
    "service_price_set": _("%(actor)s set a price of service %(object)s"),
    "metered_service_set": _("%(actor)s set the metering of service %(object)s"),
    "cloud_create": _("%(actor)s created cloud %(object)s"),
    "cloud_update": _("%(actor)s changed cloud %(object)s"),
    "cloud_billing_settings_update": _(
        "%(actor)s changed the billing settings of cloud %(object)s"
    ),
    "cloud_set_service_prices": _("%(actor)s set the service prices of cloud %(object)s"),
    "cloud_set_allowed_tariffs": _("%(actor)s set the tariffs cloud %(object)s may sell"),
    "cloud_legal_update": _("%(actor)s changed the legal data of cloud %(object)s"),
    "provider_legal_update": _("%(actor)s changed the provider's legal data (%(object)s)"),
    "provider_gateway_set": _("%(actor)s set the provider's payment gateway (%(object)s)"),
    "branding_update": _("%(actor)s changed the branding of %(object)s"),
    "branding_logo_set": _("%(actor)s set the logo of %(object)s"),
    "branding_logo_clear": _("%(actor)s removed the logo of %(object)s"),
    "credential_upload": _("%(actor)s uploaded signing certificate %(object)s"),
    "credential_delete": _("%(actor)s deleted signing certificate %(object)s"),
    "metrics_refresh": _("%(actor)s refreshed the dashboard figures (%(object)s)"),
    "export.request": _("%(actor)s asked for export %(object)s"),
    # Tariffs, products, meters, coupons
    "tariff_create": _("%(actor)s created tariff %(object)s"),
    "tariff_update": _("%(actor)s changed tariff %(object)s"),
    "tariff_metered_set": _("%(actor)s set the metered extras of tariff %(object)s"),
    "tariff_metered_charge_set": _("%(actor)s set a metered charge of tariff %(object)s"),
    "product_create": _("%(actor)s created product %(object)s"),
    "product_update": _("%(actor)s changed product %(object)s"),
    "product_delete": _("%(actor)s deleted product %(object)s"),
    "meter_create": _("%(actor)s created meter %(object)s"),
    "meter_update": _("%(actor)s changed meter %(object)s"),
    "coupon_create": _("%(actor)s created coupon %(object)s"),
    "coupon_deactivate": _("%(actor)s deactivated coupon %(object)s"),
    "coupon_redeem": _("%(actor)s redeemed coupon %(object)s"),
    # Accounts and cameras
    "account_create": _("%(actor)s created account %(object)s"),
    "account_update": _("%(actor)s changed account %(object)s"),
    "account_legal_update": _("%(actor)s changed the legal data of account %(object)s"),
    "account_suspend": _("%(actor)s suspended account %(object)s"),
    "account_resume": _("%(actor)s resumed account %(object)s"),
    "account_discount_create": _("%(actor)s gave a discount to account %(object)s"),
    "account_change_agent": _("%(actor)s changed the agent of account %(object)s"),
    "billing_contacts_set": _("%(actor)s set the billing contacts of %(object)s"),
    "suspension_confirm": _("%(actor)s confirmed the suspension of %(object)s"),
    "suspension_dismiss": _("%(actor)s dismissed the suspension of %(object)s"),
    "camera_create": _("%(actor)s added camera %(object)s"),
    "camera_update": _("%(actor)s changed camera %(object)s"),
    "camera_move": _("%(actor)s moved camera %(object)s to another account"),
    "camera_change_tariff": _("%(actor)s changed the tariff of camera %(object)s"),
    "camera_add_tariff_period": _("%(actor)s added a tariff period to camera %(object)s"),
    "camera_self_service_change_tariff": _("%(actor)s changed the tariff of camera %(object)s"),
    "charge_create": _("%(actor)s added one-off charge %(object)s"),
    "charge_delete": _("%(actor)s deleted one-off charge %(object)s"),
    "charges_import": _("%(actor)s imported one-off charges (%(object)s)"),
    # Usage
    "late_usage_settle": _("%(actor)s settled late usage %(object)s"),
    "usage_raw_month_drop": _("%(actor)s dropped a month of raw usage events of cloud %(object)s"),
    # Invoices and bill runs
    "bill_run_start": _("%(actor)s started bill run %(object)s"),
    "bill_run_execute": _("%(actor)s ran bill run %(object)s"),
    "issue_job_start": _("%(actor)s started issuing drafts (%(object)s)"),
    "invoice_issue": _("%(actor)s issued invoice %(object)s"),
    "invoice_regenerate": _("%(actor)s regenerated invoice %(object)s"),
    "invoice_void": _("%(actor)s voided invoice %(object)s"),
    "invoice_mark_paid": _("%(actor)s marked invoice %(object)s paid"),
    "credit_note_create": _("%(actor)s issued credit note %(object)s"),
    "einvoice_document_retry": _("%(actor)s retried e-invoice %(object)s"),
    # Money
    "payment_record": _("%(actor)s recorded payment %(object)s"),
    "payment_refund": _("%(actor)s refunded payment %(object)s"),
    "bank_import": _("%(actor)s imported bank statement %(object)s"),
    "bank_statement_import": _("%(actor)s imported bank statement %(object)s"),
    "bank_suggestion_confirm": _("%(actor)s confirmed bank match %(object)s"),
    "bank_suggestion_reject": _("%(actor)s rejected bank match %(object)s"),
    "gateway_config_set": _("%(actor)s set the payment gateway of %(object)s"),
    "autopay_set": _("%(actor)s set automatic payment for %(object)s"),
    "card_setup_start": _("%(actor)s started adding a card to %(object)s"),
    "card_setup_complete": _("%(actor)s added a card to %(object)s"),
    "card_set_default": _("%(actor)s made card %(object)s the default"),
    "card_remove": _("%(actor)s removed card %(object)s"),
    "card_checkout_start": _("%(actor)s started a card payment (%(object)s)"),
    "card_checkout_settle": _("%(actor)s settled a card payment (%(object)s)"),
    "dunning_policy_set": _("%(actor)s set the reminder policy of %(object)s"),
    "collections_remind": _("%(actor)s sent a payment reminder (%(object)s)"),
    "dunning_reminder": _("%(actor)s sent a payment reminder (%(object)s)"),
    "dunning_retry": _("%(actor)s retried an automatic payment (%(object)s)"),
    "dunning_suspended": _("%(actor)s suspended an account for an overdue balance (%(object)s)"),
    "dunning_resumed": _("%(actor)s resumed an account once its balance was paid (%(object)s)"),
    # Referral agents and commission
    "agent_create": _("%(actor)s created agent %(object)s"),
    "agent_update": _("%(actor)s changed agent %(object)s"),
    "agent_deactivate": _("%(actor)s deactivated agent %(object)s"),
    "agent_referral_code_rotate": _("%(actor)s gave agent %(object)s a new referral code"),
    "agent_device_attach": _("%(actor)s attached a device to agent %(object)s"),
    "agent_csv_upload": _("%(actor)s uploaded agents from a file (%(object)s)"),
    "referral_signup": _("%(actor)s signed up through a referral link (%(object)s)"),
    "referral_programme_set": _("%(actor)s set the referral programme of %(object)s"),
    "commission_recompute": _("%(actor)s recomputed commission (%(object)s)"),
    "payout_record": _("%(actor)s recorded payout %(object)s"),
    # Watcher, e-mail and webhooks
    "watcher_connection_set": _("%(actor)s set the Watcher connection of %(object)s"),
    "watcher_import_apply": _("%(actor)s imported from Watcher (%(object)s)"),
    "watcher_orgs_adopt": _("%(actor)s adopted Watcher organizations (%(object)s)"),
    "watcher_links_adopt": _("%(actor)s adopted Watcher links (%(object)s)"),
    "watcher_push_retry": _("%(actor)s retried a change to Watcher (%(object)s)"),
    "notification_template_set": _("%(actor)s changed e-mail template %(object)s"),
    "notification_template_reset": _("%(actor)s reset e-mail template %(object)s"),
    "notification_resend": _("%(actor)s sent e-mail %(object)s again"),
    "webhook_endpoint_create": _("%(actor)s added webhook endpoint %(object)s"),
    "webhook_endpoint_update": _("%(actor)s changed webhook endpoint %(object)s"),
    "webhook_delivery_replay": _("%(actor)s sent webhook delivery %(object)s again"),
}

# A verb added without its sentence still reads (the test makes sure none ships).
FALLBACK = _("%(actor)s: %(verb)s %(object)s")


def actor_name(entry: Any) -> str:
    """Who acted, by name: the user's current full name (or login), else the name
    the row kept; "System" for the machine."""
    user = getattr(entry, "actor", None) if getattr(entry, "actor_id", None) else None
    if user is not None:
        return person_name(user)
    stored = str(getattr(entry, "actor_repr", "") or "")
    return gettext("System") if stored in ("", "system") else stored


def audit_sentence(entry: Any) -> str:
    """The audit row as one sentence in the active language."""
    values = {
        "actor": actor_name(entry),
        "object": str(getattr(entry, "object_repr", "") or ""),
        "verb": str(entry.verb).replace("_", " ").replace(".", " "),
    }
    template = SENTENCES.get(entry.verb, FALLBACK)
    return str(template) % values
