"""Signing in and out, landing pages per role, language, API tokens."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import PASSWORD


def test_login_page_renders(db: Any, client: Client) -> None:
    response = client.get("/login/")
    assert response.status_code == 200
    assert b'name="username"' in response.content and b'name="password"' in response.content


def test_login_with_a_wrong_password_is_refused(world: Any, client: Client) -> None:
    response = client.post("/login/", {"username": "cadmin", "password": "wrong-password"})
    assert response.status_code == 200
    assert b"errorlist" in response.content
    assert "_auth_user_id" not in client.session


def test_login_then_logout(world: Any, client: Client) -> None:
    response = client.post("/login/", {"username": "cadmin", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/clouds/telenet/dashboard/"
    assert b"Cloud admin" in response.content
    # Signing out is a POST: a link or an image on any page must not do it.
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert client.get("/clouds/telenet/").status_code == 302


def test_login_honours_next_and_the_users_language(world: Any, client: Client) -> None:
    from cambill.accounts.services import user_update
    from cambill.core.access import SYSTEM

    user_update(actor=SYSTEM, user=world.users["cadmin"], language="es")
    response = client.post(
        "/login/", {"username": "cadmin", "password": PASSWORD, "next": "/clouds/telenet/cameras/"}
    )
    assert response["Location"] == "/clouds/telenet/cameras/"
    assert response.cookies["django_language"].value == "es"


def test_signed_in_user_skips_the_login_page(world: Any, as_user: Any) -> None:
    assert as_user("padmin").get("/login/").status_code == 302


@pytest.mark.parametrize(
    ("user", "landing"),
    [
        ("padmin", "/dashboard/"),
        ("paccountant", "/dashboard/"),
        ("pmanager", "/dashboard/"),
        ("cadmin", "/clouds/telenet/dashboard/"),
        ("caccountant", "/clouds/telenet/dashboard/"),
        ("amanager", "/clouds/telenet/dashboard/"),
        ("agent", "/clouds/telenet/accounts/"),
        ("subscriber", "/clouds/telenet/accounts/acme/"),
        ("otheradmin", "/clouds/othercloud/dashboard/"),
    ],
)
def test_home_redirects_to_the_roles_landing_page(
    world: Any, as_user: Any, user: str, landing: str
) -> None:
    client = as_user(user)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == landing
    assert client.get(landing).status_code == 200


def test_user_without_a_role_lands_on_an_explanation(world: Any) -> None:
    from cambill.accounts.models import User

    user = User.objects.create_user(username="lost", password=PASSWORD, role="cloud_admin")
    client = Client()
    client.force_login(user)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/no-access/"
    assert response.status_code == 200
    assert client.get("/clouds/telenet/").status_code == 403


def test_navigation_follows_the_role(world: Any, as_user: Any) -> None:
    def nav(user: str) -> str:
        html = as_user(user).get("/tokens/").content.decode()
        return html[html.index('<nav class="sidebar"') : html.index("</nav>")]

    padmin = nav("padmin")
    for url in ("/clouds/", "/services/", "/provider-tariffs/", "/staff/", "/audit/", "/tokens/"):
        assert f'href="{url}"' in padmin
    assert 'href="/audit/"' not in nav("paccountant")
    cadmin = nav("cadmin")
    for url in ("tariffs", "accounts", "cameras", "agents", "users"):
        assert f'href="/clouds/telenet/{url}/"' in cadmin
    assert 'href="/audit/"' not in cadmin and 'href="/clouds/"' not in cadmin
    subscriber = nav("subscriber")
    assert 'href="/clouds/telenet/accounts/acme/"' in subscriber
    assert 'href="/clouds/telenet/cameras/"' in subscriber
    assert "tariffs/" not in subscriber and "agents/" not in subscriber
    agent = nav("agent")
    assert 'href="/clouds/telenet/accounts/"' in agent and "users/" not in agent
    assert 'href="/clouds/telenet/agents/"' not in nav("amanager")


def test_topbar_shows_name_role_and_cloud(world: Any, as_user: Any) -> None:
    html = as_user("subscriber").get("/tokens/").content.decode()
    assert "Subscriber" in html and ">telenet<" in html
    assert 'action="/logout/"' in html and 'action="/i18n/setlang/"' in html


def test_language_switch(world: Any, as_user: Any) -> None:
    client = as_user("cadmin")
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/tokens/"})
    assert response.status_code == 302 and response["Location"] == "/tokens/"
    assert response.cookies["django_language"].value == "es"
    assert b'lang="es"' in client.get("/tokens/").content


def test_api_token_is_shown_once_then_revoked(world: Any, as_user: Any) -> None:
    from cambill.accounts.models import ApiToken
    from cambill.accounts.services import token_user

    client = as_user("amanager")
    response = client.post("/tokens/", {"name": "export"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=world.users["amanager"])
    secret = response.context["secret"]
    assert secret.startswith(f"cb_{token.prefix}_")
    assert secret in response.content.decode()
    assert token_user(secret) == world.users["amanager"]
    page = client.get("/tokens/").content.decode()
    assert secret not in page and token.prefix in page and "export" in page
    # Someone else's token is not there to revoke.
    assert as_user("cadmin").post(f"/tokens/{token.pk}/revoke/").status_code == 404
    assert client.get(f"/tokens/{token.pk}/revoke/").status_code == 405
    response = client.post(f"/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token_user(secret) is None
    assert "revoked" in client.get("/tokens/").content.decode()
