"""Suspend and resume a subscriber account from its page: dated facts, a history
(``account_suspend`` / ``account_resume``; the cloud's ``suspended_days`` decides
whether the suspended days are charged)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from cambill.clouds.services import account_resume, account_suspend
from cambill.web.accounts.forms import SuspensionForm
from cambill.web.core.pages import CloudFormPage

from .accounts import AccountMixin


class AccountSuspendView(AccountMixin, CloudFormPage):
    action = "account.edit"
    form_class = SuspensionForm
    success_message = _("Account suspended.")
    submit_label = _("Suspend")

    def get_title(self) -> Any:
        return _("Suspend account %(code)s") % {"code": self.object.code}

    def perform(self, form: Any) -> Any:
        d = form.cleaned_data
        account_suspend(
            actor=self.actor, account=self.object, at=d.get("at"), reason=d.get("reason", "")
        )
        return self.object  # the page goes back to the account


class AccountResumeView(AccountSuspendView):
    success_message = _("Account resumed.")
    submit_label = _("Resume")

    def get_title(self) -> Any:
        return _("Resume account %(code)s") % {"code": self.object.code}

    def perform(self, form: Any) -> Any:
        d = form.cleaned_data
        account_resume(
            actor=self.actor, account=self.object, at=d.get("at"), reason=d.get("reason", "")
        )
        return self.object
