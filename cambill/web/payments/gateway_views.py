"""Payment gateway pages: the provider's own Stripe account
(``/billing/payment-gateway/``), with which the clouds pay its wholesale invoices
by card, and a cloud's (``/clouds/<slug>/payment-gateway/``), with which its
subscribers pay by card. Only whoever may configure it opens each; the secrets are
write-only (shown masked, never echoed)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cambill.notifications.notify import public_url
from cambill.payments.gateways.config import gateway_config_set, provider_gateway_set
from cambill.payments.selectors import cloud_gateway_get, provider_gateway_get
from cambill.web.core.pages import CloudFormPage, ProviderFormPage, VerbFormPage

from .forms import StripeGatewayForm


class StripeGatewayPage(VerbFormPage):
    """The shared part: ``self.state`` (the selector's dict) in the form and the
    context, and the Stripe webhook address the operator configures in Stripe."""

    template_name = "web/payments/provider_gateway.html"
    form_class = StripeGatewayForm
    for_cloud = False
    state: dict[str, Any]

    def form_extra_kwargs(self) -> dict[str, Any]:
        return {"state": self.state, "for_cloud": self.for_cloud}

    def get_initial(self) -> dict[str, Any]:
        initial = {"publishable_key": self.state["publishable_key"]}
        if self.for_cloud:
            initial["auto_charge"] = self.state["auto_charge"]
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["state"] = self.state
        ctx["for_cloud"] = self.for_cloud
        # Where Stripe is to send the account's events: the product's public address.
        ctx["webhook_url"] = public_url(reverse("api:stripe-webhook"))
        return ctx


class ProviderGatewayPage(StripeGatewayPage, ProviderFormPage):
    action = "payment.configure_provider"
    title = _("Provider payment gateway")
    success_message = _("The provider's Stripe account is saved.")

    def resolve(self, **kwargs: Any) -> None:
        self.state = provider_gateway_get(actor=self.actor)

    def perform(self, form: Any) -> Any:
        return provider_gateway_set(actor=self.actor, **form.verb_fields())

    def get_success_url(self) -> str:
        return reverse("web:provider_gateway")


class CloudGatewayPage(StripeGatewayPage, CloudFormPage):
    action = "payment.configure"
    for_cloud = True
    title = _("Payment gateway")
    success_message = _("The cloud's Stripe account is saved.")

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        self.state = cloud_gateway_get(actor=self.actor, cloud=self.cloud)

    def perform(self, form: Any) -> Any:
        return gateway_config_set(
            actor=self.actor, cloud=self.cloud, kind="stripe", **form.verb_fields()
        )

    def get_success_url(self) -> str:
        return reverse("web:payments_gateway", args=[self.cloud.slug])
