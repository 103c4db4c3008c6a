"""The user pages (issue #13, point 6): the list's filters, a user's page with
edit / deactivate / reactivate / password-reset link for whoever manages it,
My account (details, password), and the public "forgot password?" pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cambill.accounts.models import User
from cambill.notifications.models import Message
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _text(resp: Any) -> str:
    return str(resp.content.decode())


def _fresh(name: str) -> User:
    return User.objects.get(username=name)


def test_user_list_filters(world: Any, as_user: Any) -> None:
    from cambill.accounts.services import user_deactivate

    user_deactivate(actor=world.actor("cadmin"), user=world.users["amanager2"])
    c = as_user("cadmin")
    html = _text(c.get("/clouds/telenet/users/?is_active=false"))
    assert "amanager2" in html and "caccountant" not in html
    html = _text(c.get("/clouds/telenet/users/?role=cloud_accountant"))
    assert "caccountant" in html and "amanager2" not in html
    html = _text(as_user("padmin").get("/staff/?is_active=true"))
    assert "pmanager2" in html


def test_manager_edits_a_user_with_only_the_roles_it_may_give(world: Any, as_user: Any) -> None:
    c = as_user("cadmin")
    page = _text(c.get("/users/caccountant/"))
    for url in ("/users/caccountant/edit/", "/users/caccountant/deactivate/"):
        assert url in page
    form = _text(c.get("/users/caccountant/edit/"))
    assert 'value="account_manager"' in form
    assert 'value="provider_admin"' not in form and 'value="subscriber"' not in form
    resp = c.post(
        "/users/caccountant/edit/",
        {
            "first_name": "Carla",
            "last_name": "Díaz",
            "email": "carla@t.test",
            "language": "es",
            "role": "account_manager",
        },
    )
    assert (resp.status_code, resp["Location"]) == (302, "/users/caccountant/")
    u = _fresh("caccountant")
    assert (u.first_name, u.last_name, u.email, u.language, u.role) == (
        "Carla",
        "Díaz",
        "carla@t.test",
        "es",
        "account_manager",
    )
    # A role it may not give is refused by the form, and nothing changes.
    resp = c.post(
        "/users/caccountant/edit/",
        {"first_name": "X", "email": "", "language": "en", "role": "provider_admin"},
    )
    assert resp.status_code == 200
    assert _fresh("caccountant").first_name == "Carla"
    # A subscriber's login: no role field at all.
    assert 'name="role"' not in _text(c.get("/users/subscriber/edit/"))


def test_user_pages_scope(world: Any, as_user: Any) -> None:
    c = as_user("cadmin")
    for url in ("/users/otheradmin/edit/", "/users/padmin/edit/"):
        assert c.get(url).status_code == 404
    for url in ("/users/otheradmin/deactivate/", "/users/otheradmin/password-reset/"):
        assert c.post(url).status_code == 404
    # Itself: its page offers no management, the edit page is refused.
    assert "/users/cadmin/edit/" not in _text(c.get("/users/cadmin/"))
    assert c.get("/users/cadmin/edit/").status_code == 403
    assert c.post("/users/cadmin/deactivate/").status_code == 403
    assert as_user("caccountant").post("/users/amanager/deactivate/").status_code == 403
    assert _fresh("otheradmin").is_active and _fresh("cadmin").is_active
    assert _fresh("amanager").is_active


def test_deactivate_signs_the_user_out_and_reactivate_lets_it_back(
    world: Any, as_user: Any
) -> None:
    victim = as_user("amanager")
    assert victim.get("/me/").status_code == 200
    c = as_user("cadmin")
    resp = c.post("/users/amanager/deactivate/", follow=True)
    assert "no longer work" in _text(resp)
    assert not _fresh("amanager").is_active
    assert victim.get("/me/").status_code == 302
    page = _text(c.get("/users/amanager/"))
    assert "/users/amanager/reactivate/" in page and "/users/amanager/deactivate/" not in page
    c.post("/users/amanager/reactivate/")
    assert _fresh("amanager").is_active
    assert victim.get("/me/").status_code == 302  # the old session stays dead
    assert Client().login(username="amanager", password=PASSWORD)
    # Twice: a message, no error page.
    resp = c.post("/users/amanager/reactivate/", follow=True)
    assert "already active" in _text(resp)


def test_send_password_reset_link_from_the_users_page(world: Any, as_user: Any) -> None:
    c = as_user("cadmin")
    resp = c.post("/users/amanager/password-reset/", follow=True)
    assert "no e-mail address" in _text(resp)
    assert not Message.objects.exists()
    resp = c.post(
        "/users/amanager/edit/",
        {"email": "am@t.test", "language": "en", "role": "account_manager"},
    )
    assert resp.status_code == 302
    resp = c.post("/users/amanager/password-reset/", follow=True)
    assert "on its way" in _text(resp)
    assert list(Message.objects.values_list("kind", "to")) == [("password_reset", ["am@t.test"])]


def test_my_account_details_and_password(world: Any, as_user: Any) -> None:
    c = as_user("subscriber")
    page = _text(c.get("/me/"))
    for url in ("/me/password/", "/two-factor/setup/", "/tokens/"):
        assert url in page
    resp = c.post("/me/", {"first_name": "Sam", "email": "sam@acme.test", "language": "es"})
    assert resp.status_code == 302
    assert resp.cookies["django_language"].value == "es"
    u = _fresh("subscriber")
    assert (u.first_name, u.email, u.language) == ("Sam", "sam@acme.test", "es")

    other_session = as_user("subscriber")
    resp = c.post(
        "/me/password/",
        {
            "current_password": "wrong",
            "new_password1": "new-pass-12345",
            "new_password2": "new-pass-12345",
        },
    )
    assert resp.status_code == 200
    # the page now speaks the language just chosen
    assert "no es su contraseña actual" in _text(resp)
    resp = c.post(
        "/me/password/",
        {"current_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert resp.status_code == 200
    assert _fresh("subscriber").check_password(PASSWORD)
    resp = c.post(
        "/me/password/",
        {
            "current_password": PASSWORD,
            "new_password1": "new-pass-12345",
            "new_password2": "new-pass-12345",
        },
    )
    assert resp.status_code == 302
    assert _fresh("subscriber").check_password("new-pass-12345")
    assert c.get("/me/").status_code == 200  # this session stays
    assert other_session.get("/me/").status_code == 302  # the others end


def test_forgot_password_answers_the_same_and_is_rate_limited(world: Any, client: Any) -> None:
    from cambill.accounts.services import user_update
    from cambill.core.access import SYSTEM

    user_update(actor=SYSTEM, user=world.users["amanager"], email="am@t.test")
    assert "/password/forgot/" in _text(client.get("/login/"))
    known = client.post("/password/forgot/", {"email": "am@t.test"}, follow=True)
    unknown = client.post("/password/forgot/", {"email": "nobody@t.test"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain == [("/login/", 302)]
    assert "If an active user has that e-mail address" in _text(known)
    assert "If an active user has that e-mail address" in _text(unknown)
    assert Message.objects.filter(kind="password_reset").count() == 1
    for _ in range(3):
        client.post("/password/forgot/", {"email": "x@t.test"})
    resp = client.post("/password/forgot/", {"email": "am@t.test"})
    assert resp.status_code == 429
    assert Message.objects.filter(kind="password_reset").count() == 1


def test_a_bad_reset_link_opens_nothing(world: Any, client: Any) -> None:
    resp = client.get("/password/reset/MQ/abc-123/")
    assert resp.status_code == 400
    assert "not valid any more" in _text(resp)
    assert resp["Referrer-Policy"] == "no-referrer"
    resp = client.post(
        "/password/reset/MQ/abc-123/", {"new_password1": "x-long-pass-1", "new_password2": "x"}
    )
    assert resp.status_code == 400
