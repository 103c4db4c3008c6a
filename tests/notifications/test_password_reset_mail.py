"""A password-reset link through the outbox, received by a real SMTP server in
the user's language, then used on the public page: once (issue #13, point 6)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from cambill.accounts.models import User
from cambill.core.access import SYSTEM
from cambill.notifications.models import Message

pytestmark = pytest.mark.django_db


def test_reset_mail_arrives_in_the_users_language_and_its_link_works_once(
    world: Any, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from cambill.accounts.password_reset import password_reset_send
    from cambill.accounts.services import user_update

    user_update(
        actor=SYSTEM,
        user=world.users["subscriber"],
        email="sam@acme.test",
        first_name="Sam",
        language="pt-br",
    )
    with django_capture_on_commit_callbacks(execute=True):
        password_reset_send(actor=world.actor("cadmin"), user=world.users["subscriber"])

    (got,) = smtp.received
    assert got.rcpt_tos == ["sam@acme.test"]
    assert got.message["Subject"] == "Telenet: defina uma nova senha"
    assert got.message["Content-Language"] == "pt-br"
    body = got.message.get_body(preferencelist=("plain",)).get_content()
    assert body.startswith("Olá Sam,")
    assert "durante 24 horas" in body
    (path,) = re.findall(r"http://127\.0\.0\.1:8000(/password/reset/\S+/)", body)
    assert Message.objects.get(kind="password_reset").status == "sent"

    browser = Client()
    assert browser.get(path).status_code == 200
    resp = browser.post(
        path, {"new_password1": "nova-senha-123", "new_password2": "nova-senha-123"}
    )
    assert (resp.status_code, resp["Location"]) == (302, "/login/")
    assert User.objects.get(username="subscriber").check_password("nova-senha-123")
    # Used: the same link opens nothing and changes nothing.
    assert browser.get(path).status_code == 400
    resp = browser.post(
        path, {"new_password1": "other-pass-456", "new_password2": "other-pass-456"}
    )
    assert resp.status_code == 400
    assert User.objects.get(username="subscriber").check_password("nova-senha-123")
