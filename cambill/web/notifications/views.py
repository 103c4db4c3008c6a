"""The cloud's e-mail outbox (with resend), one message, the templates with a
preview, and billing contacts (of an account, of the cloud)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cambill.clouds.selectors import account_get
from cambill.core import languages
from cambill.core.errors import DomainError, Forbidden, NotFound
from cambill.notifications.choices import Kind, Status
from cambill.notifications.defaults import PLACEHOLDERS
from cambill.notifications.selectors import (
    billing_contacts_of_account,
    billing_contacts_of_cloud,
    message_get,
    message_list,
    templates_of,
)
from cambill.notifications.services import (
    billing_contacts_set,
    message_resend,
    template_for,
    template_preview,
    template_set,
)
from cambill.web.core.pages import CloudDetailPage, CloudFormPage, apply_domain_error

from .forms import ContactsForm, TemplateForm


class _OutboxMixin:
    def resolve_in_cloud(self, **kwargs: Any) -> None:
        if not self.actor.can("payment.view", self.cloud):  # type: ignore[attr-defined]
            raise Forbidden(gettext("Your role may not see this cloud's e-mail."))


class OutboxPage(_OutboxMixin, CloudDetailPage):
    """Every message of the cloud, newest first, filtered by status, with resend."""

    template_name = "web/notifications/outbox.html"
    title = _("E-mail outbox")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        status = self.request.GET.get("status") or ""
        if status not in Status.values:
            status = ""
        ctx["status"] = status
        ctx["statuses"] = Status.choices
        ctx["rows"] = message_list(actor=self.actor, cloud=self.cloud, status=status or None)[:200]
        ctx["can_resend"] = self.actor.can("payment.manage", self.cloud)
        ctx["can_edit_templates"] = self.actor.can("payment.configure", self.cloud)
        ctx["can_edit_contacts"] = self.actor.can("payment.manage_wholesale", self.cloud)
        ctx["cloud_contacts"] = billing_contacts_of_cloud(self.cloud)
        return ctx

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        m = message_get(actor=self.actor, cloud=self.cloud, pk=request.POST.get("resend"))
        try:
            message_resend(actor=self.actor, message=m)
            messages.success(request, str(_("The message is queued to be sent again.")))
        except DomainError as e:
            messages.error(request, e.message)
        return HttpResponseRedirect(
            reverse("web:notification_list", kwargs={"slug": self.cloud.slug})
        )


class MessagePage(_OutboxMixin, CloudDetailPage):
    template_name = "web/notifications/message.html"
    title = _("E-mail")

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        super().resolve_in_cloud(**kwargs)
        self.object = message_get(actor=self.actor, cloud=self.cloud, pk=kwargs.get("pk"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["m"] = self.object
        ctx["can_resend"] = self.actor.can("payment.manage", self.cloud)
        return ctx

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            message_resend(actor=self.actor, message=self.object)
            messages.success(request, str(_("The message is queued to be sent again.")))
        except DomainError as e:
            messages.error(request, e.message)
        return HttpResponseRedirect(
            reverse(
                "web:notification_detail", kwargs={"slug": self.cloud.slug, "pk": self.object.pk}
            )
        )


def _language(value: Any) -> str:
    return value if value in languages.CODES else languages.DEFAULT


class TemplatesPage(_OutboxMixin, CloudDetailPage):
    """Every kind's subject in one language: the cloud's own or the default."""

    template_name = "web/notifications/templates.html"
    title = _("E-mail templates")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        lang = _language(self.request.GET.get("language"))
        ctx["language"] = lang
        ctx["languages"] = [(x.code, x.name) for x in languages.LANGUAGES]
        ctx["rows"] = templates_of(cloud=self.cloud, language=lang)
        ctx["can_edit"] = self.actor.can("payment.configure", self.cloud)
        return ctx


class TemplateEditPage(_OutboxMixin, CloudDetailPage):
    """Edit one kind's subject and body in one language, with a preview filled with
    sample values; blank both to go back to the default."""

    template_name = "web/notifications/template_edit.html"
    title = _("Edit e-mail template")

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        super().resolve_in_cloud(**kwargs)
        self.kind = kwargs.get("kind", "")
        self.language = kwargs.get("language", "")
        if self.kind not in Kind.values or self.language not in languages.CODES:
            raise NotFound("template")

    def _context(self, form: TemplateForm, preview: tuple[str, str] | None) -> dict[str, Any]:
        # The template is written in its own language, whatever the reader's:
        # say so to screen readers and spell checkers (WCAG 3.1.2).
        for name in ("subject", "body"):
            form.fields[name].widget.attrs["lang"] = self.language
        ctx = self.get_context_data()
        ctx.update(
            form=form,
            kind_label=Kind(self.kind).label,
            template_language=self.language,
            language_name=next(x.name for x in languages.LANGUAGES if x.code == self.language),
            placeholders=PLACEHOLDERS[self.kind],
            preview=preview or template_preview(self.cloud, self.kind, self.language),
            can_edit=self.actor.can("payment.configure", self.cloud),
            back=reverse("web:notification_templates", kwargs={"slug": self.cloud.slug})
            + f"?language={self.language}",
        )
        return ctx

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        subject, body = template_for(self.cloud, self.kind, self.language)
        form = TemplateForm(initial={"subject": subject, "body": body})
        return render(request, self.template_name, self._context(form, None))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = TemplateForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, self._context(form, None), status=400)
        subject, body = form.cleaned_data["subject"], form.cleaned_data["body"]
        if "preview" in request.POST:
            preview = template_preview(self.cloud, self.kind, self.language, subject, body)
            return render(request, self.template_name, self._context(form, preview))
        if "reset" in request.POST:
            subject, body = "", ""
        try:
            template_set(
                actor=self.actor,
                cloud=self.cloud,
                kind=self.kind,
                language=self.language,
                subject=subject,
                body=body,
            )
        except DomainError as e:
            apply_domain_error(form, e)
            return render(request, self.template_name, self._context(form, None), status=400)
        messages.success(request, str(_("Template saved.")))
        return HttpResponseRedirect(self._context(form, None)["back"])


class CloudContactsPage(CloudFormPage):
    """Where the provider's wholesale invoices to this cloud are mailed."""

    form_class = ContactsForm
    title = _("Billing contacts of the cloud")
    submit_label = _("Save")
    success_message = _("Billing contacts saved.")

    def get_initial(self) -> dict[str, Any]:
        return {"billing_contacts": "\n".join(billing_contacts_of_cloud(self.cloud))}

    def perform(self, form: Any) -> Any:
        return billing_contacts_set(actor=self.actor, cloud=self.cloud, emails=form.emails())

    def get_success_url(self) -> str:
        return reverse("web:notification_list", kwargs={"slug": self.cloud.slug})


class AccountContactsPage(CloudFormPage):
    """Where an account's invoices, receipts and reminders are mailed."""

    form_class = ContactsForm
    title = _("Billing contacts")
    submit_label = _("Save")
    success_message = _("Billing contacts saved.")

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        self.account = account_get(actor=self.actor, cloud=self.cloud, code=str(kwargs["code"]))

    def get_initial(self) -> dict[str, Any]:
        return {"billing_contacts": "\n".join(billing_contacts_of_account(self.account))}

    def perform(self, form: Any) -> Any:
        return billing_contacts_set(
            actor=self.actor, cloud=self.cloud, account=self.account, emails=form.emails()
        )

    def get_success_url(self) -> str:
        return reverse(
            "web:account_detail", kwargs={"slug": self.cloud.slug, "code": self.account.code}
        )
