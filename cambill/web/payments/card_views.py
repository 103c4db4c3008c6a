"""Paying by card in the portal: "Pay now" on an open invoice or on the whole
balance, saved cards (add, remove, make default), autopay on or off; and a cloud
paying the provider's wholesale invoices by card from its workspace.

Cards are typed on Stripe Checkout's hosted page, never on cambill's (no page
of cambill loads anything from the internet): a form here opens a Checkout
Session and redirects to it; Stripe comes back to the return page (or the
cancel page), which settles the session and says clearly what happened.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cambill.clouds.selectors import account_get
from cambill.core.errors import DomainError, Forbidden, NotFound
from cambill.payments.choices import CheckoutStatus
from cambill.payments.gateways.cards import (
    autopay_on,
    autopay_set,
    card_remove,
    card_set_default,
)
from cambill.payments.gateways.checkout import (
    SESSION_PLACEHOLDER,
    card_payments_enabled,
    checkout_card_start,
    checkout_complete,
    checkout_pay_start,
    checkout_preview,
    wholesale_checkout_start,
)
from cambill.payments.gateways.config import checkout_origins
from cambill.payments.selectors import (
    card_checkout_get,
    card_checkout_latest,
    card_open_invoice_ids,
    checkout_invoices,
    pending_card_actions,
    saved_card_get,
    saved_card_list,
)
from cambill.web.core.pages import CloudDetailPage


def _ids(values: list[str]) -> list[int]:
    out = []
    for v in values:
        try:
            out.append(int(v))
        except (TypeError, ValueError):
            raise NotFound("invoice") from None
    return out


def _return_urls(request: HttpRequest, slug: str, cancel_query: str) -> tuple[str, str]:
    back = request.build_absolute_uri(reverse("web:card_checkout_return", args=[slug]))
    cancel = request.build_absolute_uri(reverse("web:card_checkout_cancel", args=[slug]))
    return f"{back}?session_id={SESSION_PLACEHOLDER}", f"{cancel}?{cancel_query}"


def account_card_context(actor: Any, cloud: Any, account: Any) -> dict[str, Any] | None:
    """What the account page shows of card payments (None: not for this actor,
    or the cloud takes no cards): the pay and cards links, autopay, the default
    card, and the invoices whose automatic charge waits for the cardholder."""
    if not actor.can("payment.card", account) or not card_payments_enabled(cloud.pk):
        return None
    cards = list(saved_card_list(actor=actor, account=account))
    return {
        "open_ids": card_open_invoice_ids(account=account),  # the "Pay now" buttons
        "pay_url": reverse("web:card_pay", args=[cloud.slug, account.code]),
        "cards_url": reverse("web:card_list", args=[cloud.slug, account.code]),
        "autopay": autopay_on(account.pk),
        "default": next((c for c in cards if c.is_default), None),
        "n_cards": len(cards),
        "pending": pending_card_actions(account=account),
    }


class CheckoutFormsMixin:
    """A page whose form redirects to Stripe Checkout's hosted page: browsers apply
    the page's ``form-action`` to the redirect, so the policy names Checkout's
    origin (on these pages alone), or the browser blocks the payment."""

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **kwargs)  # type: ignore[misc]
        update = dict(getattr(response, "_csp_update", None) or {})
        update["form-action"] = [*update.get("form-action", []), *checkout_origins()]
        response._csp_update = update
        return response  # type: ignore[no-any-return]


class AccountCardMixin:
    """An account's card pages: whoever may pay for it by card (404 otherwise)."""

    actor: Any
    cloud: Any
    account: Any

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        self.account = account_get(actor=self.actor, cloud=self.cloud, code=kwargs["code"])
        if not self.actor.can("payment.card", self.account):
            raise NotFound("account")

    def account_url(self) -> str:
        return reverse("web:account_detail", args=[self.cloud.slug, self.account.code])


class CardsPage(CheckoutFormsMixin, AccountCardMixin, CloudDetailPage):
    """The account's saved cards and autopay; POST: add (Stripe Checkout), remove,
    make default, autopay on/off."""

    template_name = "web/payments/cards.html"

    def get_title(self) -> Any:
        return gettext_lazy("Cards and autopay")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            account=self.account,
            account_url=self.account_url(),
            cards=list(saved_card_list(actor=self.actor, account=self.account)),
            autopay=autopay_on(self.account.pk),
            enabled=card_payments_enabled(self.cloud.pk),
            pending=pending_card_actions(account=self.account),
            pay_url=reverse("web:card_pay", args=[self.cloud.slug, self.account.code]),
        )
        return ctx

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        here = reverse("web:card_list", args=[self.cloud.slug, self.account.code])
        action = request.POST.get("action")
        try:
            if action == "add":
                success, cancel = _return_urls(
                    request, self.cloud.slug, f"account={self.account.code}"
                )
                row = checkout_card_start(
                    actor=self.actor, account=self.account, success_url=success, cancel_url=cancel
                )
                return HttpResponseRedirect(row.url)
            if action in ("remove", "default"):
                card = saved_card_get(
                    actor=self.actor, account=self.account, pk=request.POST.get("card")
                )
                if action == "remove":
                    card_remove(actor=self.actor, account=self.account, card=card)
                    messages.success(request, _("Card removed."))
                else:
                    card_set_default(actor=self.actor, account=self.account, card=card)
                    messages.success(request, _("Default card changed."))
            elif action == "autopay":
                on = request.POST.get("enabled") == "on"
                autopay_set(actor=self.actor, account=self.account, enabled=on)
                messages.success(request, _("Autopay is on.") if on else _("Autopay is off."))
            else:
                messages.error(request, _("Unknown action."))
        except NotFound:
            raise
        except (DomainError, Forbidden) as e:
            messages.error(request, e.message)
        return HttpResponseRedirect(here)


class PayPage(CheckoutFormsMixin, AccountCardMixin, CloudDetailPage):
    """Confirm what is paid (the chosen invoices, or the whole open balance), then
    go to Stripe Checkout; the payer may keep the card for later payments."""

    template_name = "web/payments/pay.html"

    def get_title(self) -> Any:
        return gettext_lazy("Pay by card")

    def chosen(self) -> list[int]:
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        return _ids(source.getlist("invoice"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ids = self.chosen()
        try:
            invoices, amount = checkout_preview(
                actor=self.actor, account=self.account, invoice_ids=ids or None
            )
            problem = ""
        except NotFound:
            raise
        except DomainError as e:
            invoices, amount, problem = [], None, e.message
        from cambill.payments.services import invoice_open_amount

        for inv in invoices:
            inv.open_amount = invoice_open_amount(inv)  # type: ignore[attr-defined]
        ctx.update(
            account=self.account,
            account_url=self.account_url(),
            invoices=invoices,
            chosen=ids,
            whole=not ids,
            amount=amount,
            problem=problem,
            enabled=card_payments_enabled(self.cloud.pk),
            cards_url=reverse("web:card_list", args=[self.cloud.slug, self.account.code]),
        )
        return ctx

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        success, cancel = _return_urls(request, self.cloud.slug, f"account={self.account.code}")
        try:
            row = checkout_pay_start(
                actor=self.actor,
                account=self.account,
                invoice_ids=self.chosen() or None,
                save_card=request.POST.get("save_card") == "on",
                success_url=success,
                cancel_url=cancel,
            )
        except NotFound:
            raise
        except (DomainError, Forbidden) as e:
            messages.error(request, e.message)
            return HttpResponseRedirect(request.get_full_path())
        return HttpResponseRedirect(row.url)


class WholesaleCardPayAction(CloudDetailPage):
    """POST: the cloud pays the provider's chosen wholesale invoices (or its whole
    open balance to the provider) by card, through the provider's Stripe."""

    http_method_names = ["post"]

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        if not self.actor.can("payment.card_wholesale", self.cloud):
            raise Forbidden(_("Your role may not pay the provider's invoices."))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        success, cancel = _return_urls(request, self.cloud.slug, "wholesale=1")
        ids = _ids(request.POST.getlist("invoice"))
        try:
            row = wholesale_checkout_start(
                actor=self.actor,
                cloud=self.cloud,
                invoice_ids=ids or None,
                success_url=success,
                cancel_url=cancel,
            )
        except NotFound:
            raise
        except (DomainError, Forbidden) as e:
            messages.error(request, e.message)
            if len(ids) == 1:
                return HttpResponseRedirect(
                    reverse("web:wholesale_invoice", args=[self.cloud.slug, ids[0]])
                )
            return HttpResponseRedirect(reverse("web:wholesale_invoices", args=[self.cloud.slug]))
        return HttpResponseRedirect(row.url)


class CheckoutResultPage(CloudDetailPage):
    """Back from Stripe Checkout: settle the session and say what happened: paid
    (with the receipt), card saved, declined (with the bank's reason), the bank's
    authentication failed, or abandoned; the last three with a retry."""

    template_name = "web/payments/checkout_result.html"
    cancel = False

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        self.row = self.find()
        self.row = checkout_complete(session_id=self.row.session_id, cancel=self.cancel)

    def find(self) -> Any:
        return card_checkout_get(
            actor=self.actor, cloud=self.cloud, session_id=self.request.GET.get("session_id")
        )

    def get_title(self) -> Any:
        return TITLES.get(str(self.row.status)) or gettext_lazy("Card payment")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        row = self.row
        slug = self.cloud.slug
        invoices = checkout_invoices(row)
        if row.account is not None:
            back = reverse("web:account_detail", args=[slug, row.account.code])
            query = "&".join(f"invoice={i.pk}" for i in invoices if i.status == "issued")
            retry = (
                reverse("web:card_list", args=[slug, row.account.code])
                if row.mode == "setup"
                else reverse("web:card_pay", args=[slug, row.account.code])
                + (f"?{query}" if query else "")
            )
        else:
            back = reverse("web:wholesale_invoices", args=[slug])
            retry = back
        card = None
        if row.mode == "setup" and row.status == CheckoutStatus.SAVED and row.account:
            card = saved_card_list(actor=self.actor, account=row.account).order_by("-id").first()
        ctx.update(
            row=row,
            invoices=invoices,
            back_url=back,
            retry_url=retry,
            card=card,
            failed=row.status
            in (CheckoutStatus.DECLINED, CheckoutStatus.AUTH_FAILED, CheckoutStatus.CANCELED),
        )
        return ctx


class CheckoutCancelPage(CheckoutResultPage):
    """Stripe's cancel address: the payer left the hosted page without paying (or
    after a decline). The payer's latest open session of that account (or of the
    cloud's wholesale) is expired at Stripe and shown as not paid."""

    cancel = True

    def find(self) -> Any:
        code = self.request.GET.get("account")
        account = account_get(actor=self.actor, cloud=self.cloud, code=code) if code else None
        return card_checkout_latest(
            actor=self.actor, cloud=self.cloud, user=self.request.user, account=account
        )


TITLES: dict[str, Any] = {
    CheckoutStatus.PAID: gettext_lazy("Payment received"),
    CheckoutStatus.SAVED: gettext_lazy("Card saved"),
    CheckoutStatus.DECLINED: gettext_lazy("Card declined"),
    CheckoutStatus.AUTH_FAILED: gettext_lazy("Authentication failed"),
    CheckoutStatus.CANCELED: gettext_lazy("Payment not completed"),
    CheckoutStatus.OPEN: gettext_lazy("Waiting for Stripe"),
}
