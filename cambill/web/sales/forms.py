"""Forms of the sales pages: products, one-off charges, coupons, redeeming one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cambill.catalog.selectors import tariffs_for_cloud
from cambill.core.validation import check_amount, check_percent
from cambill.sales.choices import CouponDuration
from cambill.sales.selectors import field_max_length, product_choices
from cambill.web.core.forms import ActorForm, DateInput, LocalDateTimeField, decimal_field
from cambill.web.core.labels import tr_choices


class ProductForm(ActorForm):
    code = forms.CharField(label=_("Code"), max_length=field_max_length("Product", "code"))
    name = forms.CharField(label=_("Name"), max_length=field_max_length("Product", "name"))
    description = forms.CharField(
        label=_("Description"),
        max_length=field_max_length("Product", "description"),
        required=False,
    )
    price = decimal_field(
        _("Price"), help_text=_("Per unit, tax excluded."), money=True, check=check_amount
    )
    active = forms.BooleanField(label=_("On sale"), required=False, initial=True)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]


class ChargeForm(ActorForm):
    product = forms.ChoiceField(label=_("Product"), required=False)
    description = forms.CharField(
        label=_("Description"),
        max_length=field_max_length("Charge", "description"),
        required=False,
        help_text=_("Default: the product's name."),
    )
    quantity = decimal_field(_("Quantity"), initial="1")
    unit_price = decimal_field(
        _("Unit price"), required=False, help_text=_("Default: the product's price."), money=True
    )
    date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Local date; the charge lands on the invoice of its month, or on the next one "
            "when that invoice is already issued. Default: today."
        ),
    )
    camera = forms.ChoiceField(label=_("Camera"), required=False)

    def __init__(self, *args: Any, cameras: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        product = self.fields["product"]
        camera = self.fields["camera"]
        assert isinstance(product, forms.ChoiceField) and isinstance(camera, forms.ChoiceField)
        product.choices = [("", "—"), *product_choices(self.cloud)]
        camera.choices = [("", "—"), *((c, c) for c in cameras or [])]


class CouponForm(ActorForm):
    code = forms.CharField(label=_("Code"), max_length=field_max_length("Coupon", "code"))
    description = forms.CharField(
        label=_("Description"),
        max_length=field_max_length("Coupon", "description"),
        required=False,
    )
    percent = decimal_field(_("Percent off"), required=False, check=check_percent)
    amount = decimal_field(
        _("Amount off"),
        required=False,
        help_text=_("Per invoice, in the cloud's currency."),
        money=True,
    )
    duration = forms.ChoiceField(label=_("Duration"), choices=tr_choices(CouponDuration.choices))
    months = forms.IntegerField(
        label=_("Months"), required=False, help_text=_("Repeating coupons only.")
    )
    max_redemptions = forms.IntegerField(label=_("Max redemptions"), required=False)
    valid_until = forms.DateField(
        label=_("Redeemable until (local date)"), required=False, widget=DateInput()
    )
    tariffs = forms.MultipleChoiceField(
        label=_("Tariffs"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None: the whole invoice."),
    )

    def setup(self) -> None:
        codes = sorted(set(tariffs_for_cloud(self.cloud).values_list("code", flat=True)))
        tariffs = self.fields["tariffs"]
        assert isinstance(tariffs, forms.MultipleChoiceField)
        tariffs.choices = [(c, c) for c in codes]


class RedeemForm(ActorForm):
    coupon = forms.CharField(label=_("Coupon code"), max_length=field_max_length("Coupon", "code"))
    at = LocalDateTimeField(
        label=_("Redeemed at"),
        required=False,
        help_text=_("Default: now. It applies to the invoices of the periods ending after it."),
    )

    def setup(self) -> None:
        if self.actor.role == "subscriber":
            del self.fields["at"]
