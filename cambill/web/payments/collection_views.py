"""The collections page of a cloud (issue #13, point 5): open money by age
bucket in the cloud's time zone, the accounts worst first with their next
dunning step and last reminder, "send reminder now" on the selected accounts,
and the suspension queue with "confirm suspension" and "dismiss"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cambill.clouds.selectors import account_get
from cambill.core.errors import DomainError, ErrorCode, Forbidden, NotFound
from cambill.payments.collections.selectors import (
    BUCKETS,
    collections_overview,
    collections_require,
    suspension_queue,
)
from cambill.payments.collections.services import (
    MAX_ACCOUNTS,
    ReminderStatus,
    collections_remind,
    suspension_confirm,
    suspension_dismiss,
)
from cambill.web.core.pages import CloudDetailPage

PER_PAGE = 25


class CollectionsFilter(forms.Form):
    bucket = forms.ChoiceField(
        label=_("Age"),
        required=False,
        choices=[("", _("All ages"))] + [(key, label) for key, label, _lo, _hi in BUCKETS],
    )
    search = forms.CharField(label=_("Account"), required=False, max_length=200)


class DismissForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)


def _url(cloud: Any) -> str:
    return reverse("web:payments_collections", args=[cloud.slug])


class CollectionsPage(CloudDetailPage):
    """Overdue accounts by age, their next dunning step, and the suspension queue."""

    template_name = "web/payments/collections.html"
    title = _("Collections")

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        collections_require(self.actor, self.cloud)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        form = CollectionsFilter(self.request.GET or None)
        bucket, search = None, ""
        if form.is_valid():
            bucket = form.cleaned_data["bucket"] or None
            search = form.cleaned_data["search"].strip()
        data = collections_overview(
            actor=self.actor, cloud=self.cloud, bucket=bucket, search=search
        )
        page = Paginator(data.rows, PER_PAGE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx.update(
            filter_form=form,
            data=data,
            page=page,
            query=query.urlencode(),
            bucket=bucket,
            buckets=BUCKETS,
            queue=suspension_queue(actor=self.actor, cloud=self.cloud),
            can_remind=self.actor.can("collections.remind"),
            can_suspend=self.actor.can("collections.suspend"),
            confirm_mode=self.cloud.suspension_mode == "confirm",
            can_settings=self.actor.can("cloud.billing_settings", self.cloud),
            dismiss_form=DismissForm(),
        )
        return ctx


class _CollectionsAction(CloudDetailPage):
    """A POST from the collections page: run one verb, say what happened, back to the page."""

    http_method_names = ["post"]

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        collections_require(self.actor, self.cloud)
        self.code = kwargs.get("code")

    def act(self, request: HttpRequest) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            self.act(request)
        except DomainError as e:
            if isinstance(e, Forbidden) or e.code == ErrorCode.NOT_FOUND:
                raise
            messages.error(request, e.message)
        back = _url(self.cloud)
        query = request.POST.get("back", "")
        if query.startswith("?") and "\n" not in query and len(query) < 500:
            back += query
        return HttpResponseRedirect(back)

    def account(self) -> Any:
        try:
            return account_get(actor=self.actor, cloud=self.cloud, code=self.code or "")
        except NotFound:
            raise NotFound("account") from None


class RemindAction(_CollectionsAction):
    def act(self, request: HttpRequest) -> None:
        codes = request.POST.getlist("account")
        if not codes:
            raise DomainError(ErrorCode.VALIDATION, gettext("Select the accounts to remind first."))
        if len(codes) > MAX_ACCOUNTS:
            raise DomainError(
                ErrorCode.VALIDATION,
                gettext("At most %(max)s accounts at a time.") % {"max": MAX_ACCOUNTS},
            )
        results = collections_remind(actor=self.actor, cloud=self.cloud, accounts=codes)
        sent = [r.account.code for r in results if r.status == ReminderStatus.SENT]
        if sent:
            messages.success(
                request,
                ngettext(
                    "Reminder sent to %(count)d account: %(codes)s.",
                    "Reminders sent to %(count)d accounts: %(codes)s.",
                    len(sent),
                )
                % {"count": len(sent), "codes": ", ".join(sent)},
            )
        notes = {
            ReminderStatus.ALREADY_SENT: gettext("already reminded today"),
            ReminderStatus.NOTHING_OVERDUE: gettext("nothing overdue"),
            ReminderStatus.NO_CONTACT: gettext("no billing contact"),
        }
        skipped = [f"{r.account.code} ({notes[r.status]})" for r in results if r.status in notes]
        if skipped:
            messages.info(
                request, gettext("Not reminded: %(list)s.") % {"list": ", ".join(skipped)}
            )


class ConfirmAction(_CollectionsAction):
    def act(self, request: HttpRequest) -> None:
        account = self.account()
        suspension_confirm(actor=self.actor, account=account)
        messages.success(
            request, gettext("Account %(code)s is suspended.") % {"code": account.code}
        )


class DismissAction(_CollectionsAction):
    def act(self, request: HttpRequest) -> None:
        account = self.account()
        form = DismissForm(request.POST)
        if not form.is_valid():
            raise DomainError(ErrorCode.VALIDATION, gettext("A reason of at most 300 characters."))
        suspension_dismiss(actor=self.actor, account=account, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            gettext("Account %(code)s stays active; it left the suspension queue.")
            % {"code": account.code},
        )
