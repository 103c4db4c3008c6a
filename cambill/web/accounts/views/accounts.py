"""A cloud's subscriber accounts: list, detail (the account's workspace), new,
edit and discounts (cameras are in ``cameras.py``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tables2 import RequestConfig

from cambill.accounts.roles import Role
from cambill.accounts.selectors import account_users
from cambill.catalog.services import account_discount_create
from cambill.clouds.choices import AccountStatus
from cambill.clouds.selectors import (
    account_get,
    account_list,
    account_suspensions,
    camera_list,
    with_current_tariff,
)
from cambill.clouds.services import (
    account_create,
    account_update,
)
from cambill.core import clock
from cambill.core.periods import Period
from cambill.invoicing.choices import InvoiceKind
from cambill.invoicing.selectors import invoices_in_scope
from cambill.payments import ledger
from cambill.payments.selectors import account_payment_list
from cambill.web.accounts.filters import AccountFilter
from cambill.web.accounts.forms import (
    AccountForm,
    DiscountForm,
)
from cambill.web.accounts.tables import AccountTable, CameraTable
from cambill.web.core.pages import CloudDetailPage, CloudFormPage, CloudListPage

# Roles that see every account (and so every interval) of their cloud.


# --- accounts ---------------------------------------------------------------


class AccountListView(CloudListPage):
    action = "account.view"
    title = _("Accounts")
    table_class = AccountTable
    filterset_class = AccountFilter

    def rows(self) -> Any:
        return (
            account_list(actor=self.actor, cloud=self.cloud)
            .annotate(n_cameras=Count("cameras"))
            .order_by("code")
        )

    def get_actions(self) -> Any:
        return [
            self.button(
                _("New account"),
                reverse("web:account_create", args=[self.cloud.slug]),
                "account.create",
            )
        ]


class AccountMixin:
    """Pages of one account: loaded through the scoped selector (else 404)."""

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        self.object = account_get(actor=self.actor, cloud=self.cloud, code=kwargs["code"])  # type: ignore[attr-defined]

    def account_url(self) -> str:
        return reverse("web:account_detail", args=[self.cloud.slug, self.object.code])  # type: ignore[attr-defined]

    def get_success_url(self) -> str:
        return self.account_url()

    def default_cancel_url(self) -> str:
        return self.account_url()


class AccountDetailView(AccountMixin, CloudDetailPage):
    action = "account.view"
    template_name = "web/account_detail.html"

    def get_title(self) -> Any:
        return f"{self.object.code} - {self.object.name}"

    def get_actions(self) -> Any:
        slug, code = self.cloud.slug, self.object.code
        return [
            self.button(_("Edit"), reverse("web:account_edit", args=[slug, code]), "account.edit"),
            self.button(_("Legal data"), reverse("web:account_legal", args=[slug, code])),
            self.button(
                _("New camera"),
                reverse("web:camera_create", args=[slug]) + f"?account={code}",
                "camera.manage",
            ),
            self.button(
                _("Add discount"), reverse("web:discount_create", args=[slug, code]), "account.edit"
            ),
            self._suspension_button(slug, code),
            self.button(
                _("Add charge"), reverse("web:charge_create", args=[slug, code]), "charge.manage"
            ),
            self.button(
                _("Redeem coupon"), reverse("web:coupon_redeem", args=[slug, code]), "coupon.redeem"
            ),
        ]

    def _suspension_button(self, slug: str, code: str) -> Any:
        """Suspend an active account, resume a suspended one (dated facts, a history)."""
        if self.object.status == AccountStatus.CLOSED:
            return None
        if self.object.status == AccountStatus.SUSPENDED:
            url, label = reverse("web:account_resume", args=[slug, code]), _("Resume")
        else:
            url, label = reverse("web:account_suspend", args=[slug, code]), _("Suspend")
        return self.button(label, url, "account.edit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        acc = self.object
        ctx["account"] = acc
        ctx["suspensions"] = account_suspensions(account=acc)
        cameras = with_current_tariff(
            camera_list(actor=self.actor, cloud=self.cloud).filter(account=acc)
        )
        table = CameraTable(
            cameras, cloud=self.cloud, tz=self.tz, actor=self.actor, exclude=("account",)
        )
        RequestConfig(self.request, paginate={"per_page": 25}).configure(table)
        ctx["cameras"] = table
        ctx["discounts"] = acc.discounts.all()
        ctx["users"] = account_users(account=acc)
        ctx["n_cameras"] = table.paginator.count if table.paginator else len(table.rows)
        ctx["is_subscriber"] = self.actor.role == Role.SUBSCRIBER
        if not ctx["is_subscriber"]:
            from cambill.watcher.selectors import account_stream_states

            # Streams whose enable/disable push Watcher has not yet confirmed.
            ctx["watcher_streams"] = account_stream_states(account=acc)
        ctx.update(account_workspace(self.actor, self.cloud, acc))
        from cambill.web.sales.views import account_sales

        ctx.update(account_sales(self.actor, acc))
        return ctx


def usage_url(cloud: Any, account: Any, first: date, last: date) -> str:
    """The usage report (``UsageReportView``) of one account for local days ``[first, last]``."""
    query = urlencode(
        {"account": account.code, "date_from": first.isoformat(), "date_to": last.isoformat()}
    )
    return f"{reverse('web:usage_report', args=[cloud.slug])}?{query}"


def account_workspace(actor: Any, cloud: Any, account: Any) -> dict[str, Any]:
    """What the account page adds for whoever may see it: usage reports by
    month, the account's invoices (PDF, and the usage each was built from),
    and its balance with the last payments."""
    from cambill.payments.collections.selectors import account_overdue

    ctx: dict[str, Any] = {}
    slug = cloud.slug
    tz = ZoneInfo(cloud.timezone)
    if actor.can("report.view"):
        this = Period.containing(clock.now(), cloud.timezone)
        months = [this]
        for _ in range(3):
            months.append(months[-1].previous())
        today = timezone.localdate(clock.now(), timezone=tz)
        ctx["usage_months"] = [
            {
                "key": p.key,
                "current": p is this,
                "url": usage_url(
                    cloud,
                    account,
                    p.first_day,
                    today if p is this else p.next_first_day - timedelta(days=1),
                ),
            }
            for p in months
        ]
        ctx["usage_report_url"] = reverse("web:usage_report", args=[slug])
        ctx["usage_default_from"] = months[1].first_day
        ctx["usage_default_to"] = months[1].next_first_day - timedelta(days=1)
    if actor.can("invoice.view"):
        invoices = list(
            invoices_in_scope(actor, cloud)
            .filter(account=account, kind=InvoiceKind.RETAIL)
            .order_by("-period", "-id")[:12]
        )
        for inv in invoices:
            period = Period.parse(inv.period, cloud.timezone)
            inv.detail_url = reverse("web:invoice_detail", args=[slug, inv.pk])  # type: ignore[attr-defined]
            inv.pdf_url = reverse("web:invoice_pdf", args=[slug, inv.pk])  # type: ignore[attr-defined]
            inv.due_local = (  # type: ignore[attr-defined]
                timezone.localtime(inv.due_at, tz).date() if inv.due_at else None
            )
            inv.usage_url = (  # type: ignore[attr-defined]
                usage_url(
                    cloud, account, period.first_day, period.next_first_day - timedelta(days=1)
                )
                if actor.can("report.view")
                else None
            )
        ctx["invoices"] = invoices
        ctx["show_invoices"] = True
        ctx["invoice_list_url"] = (
            reverse("web:invoice_list", args=[slug]) + "?" + urlencode({"account": account.code})
        )
    if actor.can("payment.view_account", account):
        ctx["money"] = {
            "balance": ledger.account_balance(account),
            "credit": ledger.account_credit(account),
            "payments": list(
                account_payment_list(actor=actor, account=account).order_by("-received_at")[:5]
            ),
            "url": reverse("web:payments_account", args=[slug, account.code]),
            # Overdue as the collections page counts it (same selector rules).
            "overdue": account_overdue(actor=actor, account=account),
        }
    from cambill.web.payments.card_views import account_card_context

    # "Pay now", the balance, saved cards and autopay (issue #13, "Collect").
    ctx["card"] = account_card_context(actor, cloud, account)
    return ctx


class AccountCreateView(CloudFormPage):
    action = "account.create"
    title = _("New account")
    form_class = AccountForm
    success_message = _("Account created.")

    def perform(self, form: Any) -> Any:
        d = form.verb_fields()
        return account_create(
            actor=self.actor,
            cloud=self.cloud,
            code=form.cleaned_data["code"],
            name=d.pop("name"),
            **d,
        )

    def get_success_url(self) -> str:
        return reverse("web:account_detail", args=[self.cloud.slug, self.object.code])

    def default_cancel_url(self) -> str:
        return reverse("web:account_list", args=[self.cloud.slug])


class AccountEditView(AccountMixin, CloudFormPage):
    action = "account.edit"
    form_class = AccountForm
    success_message = _("Account saved.")

    def get_title(self) -> Any:
        return _("Edit account %(code)s") % {"code": self.object.code}

    def get_initial(self) -> dict[str, Any]:
        a = self.object
        return {n: getattr(a, n) for n in AccountForm.base_fields}

    def perform(self, form: Any) -> Any:
        return account_update(actor=self.actor, account=self.object, **form.verb_fields())


class DiscountCreateView(AccountMixin, CloudFormPage):
    action = "account.edit"
    form_class = DiscountForm
    success_message = _("Discount added.")

    def get_title(self) -> Any:
        return _("Discount for %(code)s") % {"code": self.object.code}

    def perform(self, form: Any) -> Any:
        account_discount_create(actor=self.actor, account=self.object, **form.cleaned_data)
