"""The demo brands every cloud and the provider (issue #14, point 2): distinct logos
and colours, and a retail invoice PDF of each demo cloud carries that cloud's
branding; the wholesale PDF the provider's."""

from __future__ import annotations

from typing import Any

import pytest

from tests.demo.test_demo_data import run_demo

from .test_branding_documents import pdf_text


@pytest.mark.django_db
def test_every_demo_cloud_and_the_provider_have_their_branding_on_their_pdfs() -> None:
    from cambill.branding.models import Branding
    from cambill.clouds.models import Cloud
    from cambill.invoicing.models import Invoice
    from cambill.invoicing.pdf import render_invoice_pdf

    run_demo()
    # the clouds of the plan (the one made today for its first steps has no branding yet)
    clouds = list(Cloud.objects.filter(pk__in=Invoice.objects.values("cloud")).order_by("pk"))
    assert len(clouds) == 2
    rows = {b.cloud_id: b for b in Branding.objects.filter(is_provider=False)}
    assert set(rows) == {c.pk for c in clouds}
    assert len({bytes(b.logo) for b in rows.values()}) == len(clouds)  # distinct logos
    assert len({b.primary_color for b in rows.values()}) == len(clouds)
    provider = Branding.objects.get(is_provider=True)
    assert provider.logo and provider.bank_details
    for cloud in clouds:
        branding: Any = rows[cloud.pk]
        inv = Invoice.objects.filter(cloud=cloud, kind="retail").exclude(number="").first()
        assert inv is not None, cloud.slug
        text = pdf_text(render_invoice_pdf(inv))
        assert cloud.name in text, cloud.slug  # the logo's name
        assert branding.bank_details.splitlines()[0][:30] in text, cloud.slug
        assert "cambill" not in text.lower(), cloud.slug
        ws = Invoice.objects.filter(cloud=cloud, kind="wholesale").first()
        assert ws is not None
        ws_text = pdf_text(render_invoice_pdf(ws))
        assert "Skyline Video Platform" in ws_text and "IBAN GB33 BUKB" in ws_text
        assert "1 Canada Square" in ws_text and "Tax ID: 980780684" in ws_text
        assert branding.bank_details.splitlines()[0][:30] not in ws_text
