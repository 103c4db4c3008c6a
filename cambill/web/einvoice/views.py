"""Legal data and e-invoice certificate pages.

* ``/clouds/<slug>/legal/``: the cloud's legal data and regime (its cloud admin's);
* ``/clouds/<slug>/accounts/<code>/legal/``: an account's (the cloud admin edits,
  its account manager and the subscriber read);
* ``/provider/legal/``: the provider's (its admin edits, provider staff read);
* ``/clouds/<slug>/einvoice/credentials/`` and ``/provider/einvoice/credentials/``:
  the certificates with their expiry, the upload, and forgetting one.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cambill.clouds.selectors import account_get
from cambill.core import clock
from cambill.core.errors import DomainError, ErrorCode
from cambill.core.permissions import require
from cambill.einvoice.selectors import (
    credential_get,
    credential_list,
    legal_of,
    provider_legal_get,
    secrets_set,
)
from cambill.einvoice.services import (
    account_legal_update,
    cloud_legal_update,
    credential_delete,
    credential_upload,
    expiry_notice_days,
    provider_legal_update,
)
from cambill.web.core.pages import (
    CloudDetailPage,
    CloudFormPage,
    DetailPage,
    ProviderFormPage,
    apply_domain_error,
)

from .forms import CredentialUploadForm, LegalForm, ProviderLegalForm


class LegalPage:
    """What the three legal data pages share: read-only for readers, the regime's
    fields mapped back from the verb's names, the secrets stored named."""

    success_message = gettext_lazy("Legal data saved.")
    edit_action = ""
    role: str = "cloud"
    actor: Any

    def party(self) -> Any:
        raise NotImplementedError

    def may_edit(self) -> bool:
        return bool(self.actor.can(self.edit_action, self.party()))

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["role"] = self.role
        return kwargs

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)  # type: ignore[misc]
        if not self.may_edit():
            form.disable()
        return form

    def get_initial(self) -> dict[str, Any]:
        return LegalForm.initial_of(legal_of(self.party()))

    def form_valid(self, form: Any) -> Any:
        self.error_aliases = form.aliases()
        return super().form_valid(form)  # type: ignore[misc]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)  # type: ignore[misc]
        ctx["can_edit"] = self.may_edit()
        ctx["secrets_set"] = secrets_set(self.party())
        return ctx


class CloudLegalView(LegalPage, CloudFormPage):
    template_name = "web/einvoice/legal.html"
    action = "cloud.view"
    edit_action = "cloud.legal_edit"
    form_class = LegalForm
    role = "cloud"

    def party(self) -> Any:
        return self.cloud

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        if self.request.method == "POST":
            require(self.actor, "cloud.legal_edit", self.cloud)

    def get_title(self) -> Any:
        return _("Legal data of %(cloud)s") % {"cloud": self.cloud.name}

    def get_actions(self) -> Any:
        return [
            self.button(
                _("E-invoice certificates"),
                reverse("web:cloud_einvoice_credentials", args=[self.cloud.slug]),
                "einvoice.credentials",
            )
        ]

    def perform(self, form: Any) -> Any:
        return cloud_legal_update(actor=self.actor, cloud=self.cloud, **form.verb_fields())

    def get_success_url(self) -> str:
        return reverse("web:cloud_legal", args=[self.cloud.slug])


class AccountLegalView(LegalPage, CloudFormPage):
    template_name = "web/einvoice/legal.html"
    action = "account.view"
    edit_action = "account.legal_edit"
    form_class = LegalForm
    role = "receiver"

    def party(self) -> Any:
        return self.object

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        self.object = account_get(actor=self.actor, cloud=self.cloud, code=kwargs["code"])
        if self.request.method == "POST":
            require(self.actor, "account.legal_edit", self.object)

    def get_title(self) -> Any:
        return _("Legal data of %(account)s") % {"account": self.object.name}

    def perform(self, form: Any) -> Any:
        return account_legal_update(actor=self.actor, account=self.object, **form.verb_fields())

    def get_success_url(self) -> str:
        return reverse("web:account_legal", args=[self.cloud.slug, self.object.code])

    def default_cancel_url(self) -> str:
        return reverse("web:account_detail", args=[self.cloud.slug, self.object.code])


class ProviderLegalView(LegalPage, ProviderFormPage):
    template_name = "web/einvoice/legal.html"
    action = "provider.legal_view"
    edit_action = "provider.legal_edit"
    form_class = ProviderLegalForm
    role = "issuer"
    title = gettext_lazy("Provider legal data")

    def resolve(self, **kwargs: Any) -> None:
        self.profile = provider_legal_get(actor=self.actor)
        if self.request.method == "POST":
            require(self.actor, "provider.legal_edit")

    def party(self) -> Any:
        return self.profile

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        initial.update(
            name=self.profile.name, email=self.profile.email, address=self.profile.address
        )
        return initial

    def get_actions(self) -> Any:
        return [
            self.button(
                _("E-invoice certificates"),
                reverse("web:provider_einvoice_credentials"),
                "einvoice.provider_credentials",
            )
        ]

    def perform(self, form: Any) -> Any:
        return provider_legal_update(actor=self.actor, **form.verb_fields())

    def get_success_url(self) -> str:
        return reverse("web:provider_legal")


# --- certificates -------------------------------------------------------------------

CREDENTIALS_TEMPLATE = "web/einvoice/credentials.html"


class CredentialsPage:
    """The issuer's certificates, newest expiry first, and the upload form."""

    actor: Any
    request: HttpRequest

    def issuer_cloud(self) -> Any:
        raise NotImplementedError

    def page_url(self) -> str:
        raise NotImplementedError

    def delete_url(self, pk: int) -> str:
        raise NotImplementedError

    def _render(self, form: CredentialUploadForm, status: int = 200) -> HttpResponse:
        now = clock.now()
        rows = []
        notice = expiry_notice_days()
        for cred in credential_list(actor=self.actor, cloud=self.issuer_cloud()):
            days = (cred.valid_until - now).days
            rows.append(
                {
                    "obj": cred,
                    # one attribute a line: a subject is too long for one table line
                    "subject_parts": re.split(r"(?<!\\),", cred.subject),
                    "expired": cred.valid_until <= now,
                    "days_left": days,
                    "expiring": 0 <= days <= notice,
                    "delete_url": self.delete_url(cred.pk),
                }
            )
        ctx = self.get_context_data(form=form, rows=rows, notice_days=notice)  # type: ignore[attr-defined]
        return render(self.request, CREDENTIALS_TEMPLATE, ctx, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._render(CredentialUploadForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = CredentialUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(form, 400)
        data = form.cleaned_data
        files = {
            name: (data[name].read() if data.get(name) else None)
            for name in ("certificate", "private_key", "pkcs12")
        }
        try:
            with transaction.atomic():
                credential_upload(
                    actor=self.actor,
                    cloud=self.issuer_cloud(),
                    password=data.get("password") or "",
                    **files,
                )
        except DomainError as e:
            if e.code in (ErrorCode.NOT_FOUND, ErrorCode.FORBIDDEN):
                raise
            apply_domain_error(form, e)
            return self._render(form, 400)
        messages.success(request, _("Certificate stored."))
        return HttpResponseRedirect(self.page_url())


class CloudCredentialsView(CredentialsPage, CloudDetailPage):
    template_name = CREDENTIALS_TEMPLATE
    action = "einvoice.credentials"

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        require(self.actor, "einvoice.credentials", self.cloud)

    def issuer_cloud(self) -> Any:
        return self.cloud

    def get_title(self) -> Any:
        return _("E-invoice certificates of %(cloud)s") % {"cloud": self.cloud.name}

    def get_actions(self) -> Any:
        return [
            self.button(
                _("Legal data"), reverse("web:cloud_legal", args=[self.cloud.slug]), "cloud.view"
            )
        ]

    def page_url(self) -> str:
        return reverse("web:cloud_einvoice_credentials", args=[self.cloud.slug])

    def delete_url(self, pk: int) -> str:
        return reverse("web:cloud_einvoice_credential_delete", args=[self.cloud.slug, pk])


class ProviderCredentialsView(CredentialsPage, DetailPage):
    template_name = CREDENTIALS_TEMPLATE
    action = "einvoice.provider_credentials"
    title = gettext_lazy("Provider e-invoice certificates")

    def issuer_cloud(self) -> Any:
        return None

    def get_actions(self) -> Any:
        return [self.button(_("Legal data"), reverse("web:provider_legal"), "provider.legal_view")]

    def page_url(self) -> str:
        return reverse("web:provider_einvoice_credentials")

    def delete_url(self, pk: int) -> str:
        return reverse("web:provider_einvoice_credential_delete", args=[pk])


class CredentialDeleteMixin:
    """POST: forget one certificate (a replaced or compromised one)."""

    actor: Any
    http_method_names = ["post"]
    # issuer_cloud() and page_url() come from the page it deletes from

    def post(self, request: HttpRequest, *args: Any, pk: int, **kwargs: Any) -> HttpResponse:
        cred = credential_get(actor=self.actor, cloud=self.issuer_cloud(), pk=pk)  # type: ignore[attr-defined]
        with transaction.atomic():
            credential_delete(actor=self.actor, credential=cred)
        messages.success(request, _("Certificate deleted."))
        return HttpResponseRedirect(self.page_url())  # type: ignore[attr-defined]


class CloudCredentialDeleteView(CredentialDeleteMixin, CloudCredentialsView):  # type: ignore[misc]
    pass


class ProviderCredentialDeleteView(CredentialDeleteMixin, ProviderCredentialsView):  # type: ignore[misc]
    pass
