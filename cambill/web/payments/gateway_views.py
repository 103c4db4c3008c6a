"""The provider's own payment gateway page (``/billing/payment-gateway/``): its
Stripe account, with which the clouds pay its wholesale invoices by card. Only the
provider admin opens it; the secrets are write-only (shown masked, never echoed)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cambill.notifications.notify import public_url
from cambill.payments.gateways.config import provider_gateway_set
from cambill.payments.selectors import provider_gateway_get
from cambill.web.core.pages import ProviderFormPage

from .forms import ProviderGatewayForm


class ProviderGatewayPage(ProviderFormPage):
    template_name = "web/payments/provider_gateway.html"
    action = "payment.configure_provider"
    form_class = ProviderGatewayForm
    title = _("Provider payment gateway")
    success_message = _("The provider's Stripe account is saved.")

    def resolve(self, **kwargs: Any) -> None:
        self.state = provider_gateway_get(actor=self.actor)

    def form_extra_kwargs(self) -> dict[str, Any]:
        return {"state": self.state}

    def get_initial(self) -> dict[str, Any]:
        return {"publishable_key": self.state["publishable_key"]}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["state"] = self.state
        # Where Stripe is to send the account's events: the product's public address.
        ctx["webhook_url"] = public_url(reverse("api:stripe-webhook"))
        return ctx

    def perform(self, form: Any) -> Any:
        return provider_gateway_set(actor=self.actor, **form.verb_fields())

    def get_success_url(self) -> str:
        return reverse("web:provider_gateway")
