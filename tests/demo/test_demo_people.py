"""The demo shows user management (issue #13, point 6): in its first cloud a
temporary accountant's login was made and deactivated, and the accountant was
sent a password-reset link that waits in the outbox for the SMTP sink."""

from __future__ import annotations

from typing import Any

from tests.demo.test_demo_data import demo  # noqa: F401  (the fixture)


def test_demo_has_a_deactivated_login_and_a_reset_link(demo: Any) -> None:  # noqa: F811
    from cambill.accounts.models import User
    from cambill.core.audit import AuditEntry
    from cambill.notifications.models import Message

    former = User.objects.get(username="telenet-former")
    assert (former.is_active, former.role, former.membership.cloud.slug) == (
        False,
        "cloud_accountant",
        "telenet",
    )
    assert list(
        AuditEntry.objects.filter(object_id=str(former.pk), object_type="accounts.user")
        .order_by("at", "id")
        .values_list("verb", "actor_repr")
    ) == [("user_create", "telenet-admin"), ("user_deactivate", "telenet-admin")]
    acct = User.objects.get(username="telenet-acct")
    (msg,) = Message.objects.filter(kind="password_reset")
    assert (msg.user_id, msg.to, msg.status, msg.cloud.slug) == (
        acct.pk,
        [acct.email],
        "queued",
        "telenet",
    )
    assert "{reset_url}" in msg.body
