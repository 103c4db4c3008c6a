"""The portal's branding in the page frame: ``{% portal_brand nav_cloud as brand %}``
gives the URLs of the cloud's stylesheet and logo (versioned by the branding's last
change) and its name, or None for provider staff."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from cambill.branding.selectors import branding_of_cloud

register = template.Library()


@register.simple_tag
def portal_brand(cloud: Any) -> dict[str, str] | None:
    if not cloud:  # provider staff, or a page without a signed-in cloud user
        return None
    branding = branding_of_cloud(cloud)
    version = branding.updated_at.strftime("%Y%m%d%H%M%S%f") if branding.updated_at else "0"
    out = {"name": cloud.name, "css": f"{reverse('web:brand_theme')}?v={version}", "logo": ""}
    if branding.logo_digest:
        out["logo"] = f"{reverse('web:brand_logo')}?v={branding.logo_digest[:16]}"
    return out
