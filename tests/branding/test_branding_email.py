"""E-mails carry their sender's branding: a cloud's messages its name, logo,
colours, legal identity and footer; the provider's (no cloud) the provider's."""

from __future__ import annotations

from typing import Any

from cambill.branding.services import branding_logo_set, branding_update
from cambill.core.access import SYSTEM
from cambill.notifications.models import Message
from cambill.notifications.services import build_email

from .test_branding_api import SVG


def test_a_clouds_email_carries_its_branding(world: Any) -> None:
    cloud = world.clouds["telenet"]
    branding_update(
        actor=SYSTEM, cloud=cloud, primary_color="#0b5d3b", footer_text="Telenet · soporte"
    )
    branding_logo_set(actor=SYSTEM, cloud=cloud, data=SVG)
    msg = Message(
        cloud=cloud, kind="dunning_reminder", subject="s", body="Hola.\n\nPague.", to=["a@b.c"]
    )
    email = build_email(msg)
    assert email.from_email.startswith("Telenet <")
    assert email.body.startswith("Hola.\n\nPague.\n\n-- \nTelenet\n")
    assert email.body.rstrip().endswith("Telenet · soporte")
    html, kind = email.alternatives[0]
    assert kind == "text/html"
    assert "data:image/svg+xml;base64," in html and "#0b5d3b" in html
    assert "Telenet · soporte" in html and "cambill" not in html.lower()


def test_a_message_without_a_cloud_carries_the_providers_branding(world: Any) -> None:
    branding_update(actor=SYSTEM, cloud=None, footer_text="Provider footer")
    msg = Message(kind="invoice_issued", subject="s", body="Hello.", to=["a@b.c"])
    email = build_email(msg)
    assert "Telenet" not in email.from_email
    assert email.body.rstrip().endswith("Provider footer")
    assert "Provider footer" in email.alternatives[0][0]
