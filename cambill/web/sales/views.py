"""Sales pages: a cloud's products and coupons; on an account's page, its
one-off charges and redeemed coupons (the subscriber redeems one in its portal)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from cambill.clouds.selectors import account_get, camera_list
from cambill.core.errors import DomainError, Forbidden
from cambill.sales.selectors import (
    charge_get,
    charge_list,
    coupon_get,
    coupon_list,
    product_get,
    product_list,
    redemption_list,
)
from cambill.sales.services import (
    charge_create,
    charge_delete,
    coupon_create,
    coupon_deactivate,
    coupon_redeem,
    product_create,
    product_update,
)
from cambill.web.core.pages import CloudFormPage, CloudListPage, CloudMixin
from cambill.web.sales.forms import ChargeForm, CouponForm, ProductForm, RedeemForm
from cambill.web.sales.tables import CouponTable, ProductTable

# --- products ---------------------------------------------------------------


class ProductListView(CloudListPage):
    action = "product.view"
    title = _("Products")
    table_class = ProductTable

    def rows(self) -> Any:
        return product_list(actor=self.actor, cloud=self.cloud)

    def get_actions(self) -> Any:
        if not self.actor.can("product.manage", self.cloud):
            return []
        return [
            self.button(_("New product"), reverse("web:product_create", args=[self.cloud.slug]))
        ]


class ProductListMixin:
    def get_success_url(self) -> str:
        return reverse("web:product_list", args=[self.cloud.slug])  # type: ignore[attr-defined]

    def default_cancel_url(self) -> str:
        return self.get_success_url()


class ProductCreateView(ProductListMixin, CloudFormPage):
    action = "product.manage"
    title = _("New product")
    form_class = ProductForm
    success_message = _("Product added.")

    def perform(self, form: Any) -> Any:
        return product_create(actor=self.actor, cloud=self.cloud, **form.cleaned_data)


class ProductEditView(ProductListMixin, CloudFormPage):
    action = "product.manage"
    form_class = ProductForm
    success_message = _("Product saved.")

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        self.object = product_get(actor=self.actor, cloud=self.cloud, code=kwargs["code"])

    def get_title(self) -> Any:
        return _("Product %(code)s") % {"code": self.object.code}

    def form_extra_kwargs(self) -> dict[str, Any]:
        return {**super().form_extra_kwargs(), "editing": True}

    def get_initial(self) -> dict[str, Any]:
        p = self.object
        return {"name": p.name, "description": p.description, "price": p.price, "active": p.active}

    def perform(self, form: Any) -> Any:
        return product_update(actor=self.actor, product=self.object, **form.cleaned_data)


# --- coupons ----------------------------------------------------------------


class CouponListView(CloudListPage):
    action = "coupon.view"
    title = _("Coupons")
    table_class = CouponTable
    template_name = "web/sales/coupon_list.html"

    def rows(self) -> Any:
        return coupon_list(actor=self.actor, cloud=self.cloud)

    def get_template_names(self) -> list[str]:
        return [self.template_name]

    def get_actions(self) -> Any:
        if not self.actor.can("coupon.manage", self.cloud):
            return []
        return [self.button(_("New coupon"), reverse("web:coupon_create", args=[self.cloud.slug]))]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["can_manage"] = self.actor.can("coupon.manage", self.cloud)
        ctx["active_coupons"] = [c.code for c in self.rows() if c.active]
        return ctx


class CouponCreateView(CloudFormPage):
    action = "coupon.manage"
    title = _("New coupon")
    form_class = CouponForm
    success_message = _("Coupon created.")

    def get_success_url(self) -> str:
        return reverse("web:coupon_list", args=[self.cloud.slug])

    def default_cancel_url(self) -> str:
        return self.get_success_url()

    def perform(self, form: Any) -> Any:
        return coupon_create(actor=self.actor, cloud=self.cloud, **form.cleaned_data)


class CouponDeactivateView(CloudMixin, TemplateView):
    """POST only: stop new redemptions of a coupon."""

    action = "coupon.manage"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        coupon = coupon_get(actor=self.actor, cloud=self.cloud, code=kwargs["code"])
        coupon_deactivate(actor=self.actor, coupon=coupon)
        messages.success(request, _("Coupon %(code)s deactivated.") % {"code": coupon.code})
        return HttpResponseRedirect(reverse("web:coupon_list", args=[self.cloud.slug]))


# --- an account's charges and coupons --------------------------------------------


class AccountPageMixin:
    def resolve_in_cloud(self, **kwargs: Any) -> None:
        self.object = account_get(actor=self.actor, cloud=self.cloud, code=kwargs["code"])  # type: ignore[attr-defined]

    def get_success_url(self) -> str:
        return reverse("web:account_detail", args=[self.cloud.slug, self.object.code])  # type: ignore[attr-defined]

    def default_cancel_url(self) -> str:
        return self.get_success_url()


class ChargeCreateView(AccountPageMixin, CloudFormPage):
    action = "charge.manage"
    form_class = ChargeForm
    success_message = _("Charge added.")

    def get_title(self) -> Any:
        return _("One-off charge to %(code)s") % {"code": self.object.code}

    def form_extra_kwargs(self) -> dict[str, Any]:
        cams = camera_list(actor=self.actor, cloud=self.cloud).filter(account=self.object)
        return {
            **super().form_extra_kwargs(),
            "cameras": list(cams.order_by("code").values_list("code", flat=True)),
        }

    def perform(self, form: Any) -> Any:
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        charge_create(actor=self.actor, account=self.object, **data)


class ChargeDeleteView(AccountPageMixin, CloudMixin, TemplateView):
    """POST only: delete a charge not yet invoiced."""

    action = "charge.view"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        charge = charge_get(actor=self.actor, account=self.object, pk=kwargs["pk"])
        try:
            charge_delete(actor=self.actor, charge=charge)
            messages.success(request, _("Charge deleted."))
        except (DomainError, Forbidden) as e:
            if isinstance(e, Forbidden):
                raise
            messages.error(request, e.message)
        return HttpResponseRedirect(self.get_success_url())


class RedeemView(AccountPageMixin, CloudFormPage):
    """Staff on an account, or the subscriber in its portal (its own account)."""

    action = "account.view"
    form_class = RedeemForm
    success_message = _("Coupon redeemed.")
    submit_label = _("Redeem")

    def get_title(self) -> Any:
        return _("Redeem a coupon for %(code)s") % {"code": self.object.code}

    def perform(self, form: Any) -> Any:
        portal = self.actor.role == "subscriber"
        coupon_redeem(
            actor=self.actor,
            account=self.object,
            coupon=form.cleaned_data["coupon"],
            at=form.cleaned_data.get("at"),
            source="portal" if portal else "staff",
        )


def account_sales(actor: Any, account: Any) -> dict[str, Any]:
    """What the account's page shows of its charges and coupons."""
    if not actor.can("charge.view", account):
        return {}
    from cambill.sales.selectors import charge_amount, charge_status

    charges = []
    for c in charge_list(actor=actor, account=account)[:50]:
        charges.append({"charge": c, "amount": charge_amount(c), "status": charge_status(c)})
    return {
        "sales_visible": True,
        "sales_charges": charges,
        "sales_coupons": list(redemption_list(actor=actor, account=account)),
        "sales_can_charge": actor.can("charge.manage", account),
        "sales_can_redeem": actor.can("coupon.redeem", account),
    }
