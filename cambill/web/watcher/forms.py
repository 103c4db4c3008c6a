"""Forms of the Watcher pages: adoption, connection, attaching a camera from intake."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cambill.catalog.selectors import tariffs_for_cloud
from cambill.clouds.selectors import account_field_max_length, account_list
from cambill.watcher.choices import SuspendMode
from cambill.watcher.selectors import (
    accounts_without_organization,
)
from cambill.web.core.forms import LocalDateTimeField, local_to_utc
from cambill.web.core.labels import tr_choices


class AdoptForm(forms.Form):
    """Adopt one Watcher organization: link it to an account, or create one."""

    organization = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    account = forms.ChoiceField(label=_("Account"), required=False)
    code = forms.CharField(
        label=_("New account code"),
        required=False,
        max_length=account_field_max_length("code"),
    )
    name = forms.CharField(
        label=_("New account name"),
        required=False,
        max_length=account_field_max_length("name"),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, Any]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["account"].choices = choices  # type: ignore[attr-defined]

    @staticmethod
    def account_choices(actor: Any, cloud: Any) -> list[tuple[str, Any]]:
        return [("", _("Create a new account"))] + [
            (a.code, f"{a.code} · {a.name}")
            for a in accounts_without_organization(actor=actor, cloud=cloud)
        ]


class ConnectionForm(forms.Form):
    base_url = forms.CharField(label=_("Watcher address"), max_length=300)
    username = forms.CharField(label=_("User"), max_length=150)
    password = forms.CharField(
        label=_("Password"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to keep the stored password."),
    )
    suspend_mode = forms.ChoiceField(
        label=_("On suspension"), choices=tr_choices(SuspendMode.choices)
    )
    enabled = forms.BooleanField(label=_("Enabled"), required=False)

    def __init__(self, *args: Any, actor: Any = None, cloud: Any = None, tz: Any = None, **kw: Any):
        super().__init__(*args, **kw)


class AttachForm(forms.Form):
    account = forms.ChoiceField(label=_("Account"))
    code = forms.CharField(
        label=_("Camera code"), required=False, help_text=_("Empty: the device's serial.")
    )
    tariff = forms.ChoiceField(label=_("Tariff"), required=False)
    at = LocalDateTimeField(label=_("Tariff from"), required=False, help_text=_("Empty: now."))
    product = forms.ChoiceField(
        label=_("Product sold"),
        required=False,
        help_text=_("Charged once to the account for this camera. Empty: none."),
    )

    def __init__(self, *args: Any, actor: Any = None, cloud: Any = None, tz: Any = None, **kw: Any):
        super().__init__(*args, **kw)
        self.tz = tz
        self.fields["account"].choices = [  # type: ignore[attr-defined]
            (a.code, f"{a.code} · {a.name}") for a in account_list(actor=actor, cloud=cloud)
        ]
        self.fields["tariff"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (t.code, f"{t.code} · {t.name}") for t in tariffs_for_cloud(cloud).filter(active=True)
        ]
        from cambill.sales.selectors import product_choices

        self.fields["product"].choices = [("", "—"), *product_choices(cloud)]  # type: ignore[attr-defined]

    def clean_at(self) -> Any:
        value = self.cleaned_data.get("at")
        if value is not None and value.tzinfo is None and self.tz is not None:
            return local_to_utc(value, self.tz)
        return value
