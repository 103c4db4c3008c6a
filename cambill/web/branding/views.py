"""Branding pages and the portal's branded assets.

* ``/clouds/<slug>/branding/``: the cloud's logo, colours, bank details, footer and
  invoice note (its cloud admin edits; its staff read);
* ``/provider/branding/``: the provider's (its admin edits; provider staff read);
* ``/branding/theme.css`` and ``/branding/logo``: the signed-in user's cloud's colours as
  CSS custom properties and its logo. The strict CSP forbids inline styles, so the
  colours come as a stylesheet of their own, linked from every page of a cloud's users.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from cambill.branding.selectors import (
    branding_get,
    branding_of_cloud,
    colors,
    logo_data_uri,
    logo_of,
)
from cambill.branding.services import branding_logo_clear, branding_logo_set, branding_update
from cambill.core.access import actor_for
from cambill.core.permissions import require
from cambill.einvoice.selectors import legal_of, provider_profile
from cambill.web.core.navigation import home_cloud
from cambill.web.core.pages import CloudFormPage, ProviderFormPage

from .forms import BrandingForm


class BrandingPage:
    """What the cloud's and the provider's branding pages share."""

    success_message = gettext_lazy("Branding saved.")
    edit_action = ""
    actor: Any
    branding: Any

    def issuer_cloud(self) -> Any:
        raise NotImplementedError

    def legal_party(self) -> Any:
        raise NotImplementedError

    def legal_url(self) -> str:
        raise NotImplementedError

    def may_edit(self) -> bool:
        cloud = self.issuer_cloud()
        return bool(
            self.actor.can(self.edit_action, cloud) if cloud else self.actor.can(self.edit_action)
        )

    def get_initial(self) -> dict[str, Any]:
        b = self.branding
        return {
            "primary_color": b.primary_color,
            "accent_color": b.accent_color,
            "bank_details": b.bank_details,
            "invoice_note": b.invoice_note,
            "footer_text": b.footer_text,
        }

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)  # type: ignore[misc]
        if not self.may_edit():
            form.disable()
        return form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)  # type: ignore[misc]
        ctx["can_edit"] = self.may_edit()
        ctx["logo_src"] = logo_data_uri(self.branding)
        ctx["primary"], ctx["accent"] = colors(self.branding)
        party = self.legal_party()
        legal = legal_of(party)
        ctx["legal"] = {
            "legal_name": legal.get("legal_name") or getattr(party, "name", ""),
            "tax_id": legal.get("tax_id", ""),
            "address": getattr(party, "address", "")
            or ", ".join(
                str(legal.get(k))
                for k in ("street", "postal_code", "city", "country")
                if legal.get(k)
            ),
        }
        ctx["legal_url"] = self.legal_url()
        return ctx

    def perform(self, form: Any) -> Any:
        cloud = self.issuer_cloud()
        row = branding_update(actor=self.actor, cloud=cloud, **form.verb_fields())
        data = form.logo_bytes()
        if data is not None:
            row = branding_logo_set(actor=self.actor, cloud=cloud, data=data)
        elif form.cleaned_data.get("remove_logo") and row.logo:
            row = branding_logo_clear(actor=self.actor, cloud=cloud)
        return row


class CloudBrandingView(BrandingPage, CloudFormPage):
    template_name = "web/branding/branding.html"
    form_class = BrandingForm
    action = "cloud.view"
    edit_action = "cloud.branding_edit"

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        self.branding = branding_get(actor=self.actor, cloud=self.cloud)
        if self.request.method == "POST":
            require(self.actor, "cloud.branding_edit", self.cloud)

    def issuer_cloud(self) -> Any:
        return self.cloud

    def legal_party(self) -> Any:
        return self.cloud

    def legal_url(self) -> str:
        return reverse("web:cloud_legal", args=[self.cloud.slug])

    def get_title(self) -> Any:
        return _("Branding of %(cloud)s") % {"cloud": self.cloud.name}

    def get_success_url(self) -> str:
        return reverse("web:cloud_branding", args=[self.cloud.slug])


class ProviderBrandingView(BrandingPage, ProviderFormPage):
    template_name = "web/branding/branding.html"
    form_class = BrandingForm
    action = "provider.branding_view"
    edit_action = "provider.branding_edit"
    title = gettext_lazy("Provider branding")

    def resolve(self, **kwargs: Any) -> None:
        self.branding = branding_get(actor=self.actor, cloud=None)
        if self.request.method == "POST":
            require(self.actor, "provider.branding_edit")

    def issuer_cloud(self) -> Any:
        return None

    def legal_party(self) -> Any:
        return provider_profile()

    def legal_url(self) -> str:
        return reverse("web:provider_legal")

    def get_success_url(self) -> str:
        return reverse("web:provider_branding")


def _own_branding(request: HttpRequest) -> Any:
    """The branding of the signed-in user's cloud (404 for provider staff and guests)."""
    if not request.user.is_authenticated:
        raise Http404
    cloud = home_cloud(actor_for(request.user))
    if cloud is None:
        raise Http404
    return branding_of_cloud(cloud)


# The assets change with the branding: the URLs carry a version (``?v=``), so they
# may be cached for a day; private, as they are served to signed-in users only.
CACHE = "private, max-age=86400"


class ThemeCssView(View):
    """The cloud's colours as CSS custom properties over the product's stylesheet."""

    def get(self, request: HttpRequest) -> HttpResponse:
        branding = _own_branding(request)
        primary, accent = colors(branding)
        css = (
            ":root {\n"
            f"  --primary: {primary};\n"
            f"  --primary-dark: color-mix(in srgb, {primary} 80%, #000);\n"
            f"  --primary-soft: color-mix(in srgb, {primary} 10%, #fff);\n"
            f"  --accent: {accent};\n"
            "}\n"
        )
        response = HttpResponse(css, content_type="text/css; charset=utf-8")
        response["Cache-Control"] = CACHE
        return response


class LogoView(View):
    """The cloud's logo, as uploaded (an SVG was checked to hold nothing active; it is
    served with a CSP of its own all the same)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        logo = logo_of(_own_branding(request))
        if logo is None:
            raise Http404
        data, kind = logo
        response = HttpResponse(data, content_type=kind)
        response["Cache-Control"] = CACHE
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
        return response
