"""Sign-up through an agent's referral link (page and API): the link is shown
to the agent, the public form makes an attributed account and a login that
works, commission follows, and bad input, a dead link, floods and forged
posts write nothing."""

from __future__ import annotations

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client, override_settings
from rest_framework.test import APIClient

from cambill.accounts.models import User
from cambill.clouds.models import Account
from cambill.core.access import SYSTEM
from cambill.core.models import AuditEntry
from cambill.referrals.models import REFERRAL_CODE_LENGTH, Agent, CommissionEntry
from tests.api.helpers import bearer, err, unchanged
from tests.conftest import utc
from tests.invoicing.helpers import bill, camera, local, retail

from .helpers import programme

pytestmark = pytest.mark.django_db

PASSWORD = "Str0ng-pass-2026"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():  # type: ignore[no-untyped-def]
    cache.clear()  # the limiter counts in the cache, which outlives a test
    yield
    cache.clear()


def join_url(agent: Agent) -> str:
    return f"/join/{agent.cloud.slug}/{agent.referral_code}/"


def form(**over: str) -> dict[str, str]:
    data = {
        "name": "Nueva Tienda SAS",
        "email": "owner@nuevatienda.example",
        "username": "nuevatienda",
        "password": PASSWORD,
        "language": "es",
        "accept_terms": "on",
    }
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def test_each_agent_has_its_own_unguessable_code(world) -> None:  # type: ignore[no-untyped-def]
    a1, a2 = world.agents["agent1"], world.agents["agent2"]
    assert len(a1.referral_code) == REFERRAL_CODE_LENGTH
    assert a1.referral_code != a2.referral_code
    assert a1.code not in a1.referral_code


def test_the_link_is_shown_to_the_agent_and_copyable(world) -> None:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(world.users["agent"])
    html = c.get("/clouds/telenet/commission/?period=2026-03").content.decode()
    a1 = world.agents["agent1"]
    assert f'<code id="referral-link">testserver/join/telenet/{a1.referral_code}/</code>' in html
    assert 'data-copy="#referral-link"' in html
    assert world.agents["agent2"].referral_code not in html
    # Staff who manage agents see the link of the agent they look at.
    staff = Client()
    staff.force_login(world.users["cadmin"])
    html = staff.get("/clouds/telenet/commission/agent2/?period=2026-03").content.decode()
    assert f"/join/telenet/{world.agents['agent2'].referral_code}/" in html
    # An accountant reads statements but does not hand out links.
    acct = Client()
    acct.force_login(world.users["caccountant"])
    html = acct.get("/clouds/telenet/commission/agent2/?period=2026-03").content.decode()
    assert "/join/" not in html


def test_signup_makes_an_attributed_account_and_a_working_login(world) -> None:  # type: ignore[no-untyped-def]
    a1 = world.agents["agent1"]
    c = Client(enforce_csrf_checks=True)
    page = c.get(join_url(a1))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Agent One" in html and 'name="accept_terms"' in html
    token = page.cookies["csrftoken"].value
    resp = c.post(join_url(a1), {**form(), "csrfmiddlewaretoken": token}, REMOTE_ADDR="203.0.113.7")
    assert resp.status_code == 302 and resp["Location"] == "/login/"
    acc = Account.objects.get(cloud=world.clouds["telenet"], code="nuevatienda")
    assert (acc.name, acc.email, acc.language) == (
        "Nueva Tienda SAS",
        "owner@nuevatienda.example",
        "es",
    )
    assert acc.referral_agent_id == a1.pk
    user = User.objects.get(username="nuevatienda")
    assert (user.role, user.language, user.membership.account_id) == ("subscriber", "es", acc.pk)
    assert acc.owner_id == user.pk
    signup = AuditEntry.objects.get(verb="referral_signup")
    assert signup.after == {
        "agent": "agent1",
        "account": "nuevatienda",
        "username": "nuevatienda",
        "remote_addr": "203.0.113.7",
    }
    assert AuditEntry.objects.filter(verb="account_create", object_id=str(acc.pk)).exists()
    # The new subscriber signs in with what it chose and lands on its account.
    login = Client()
    resp = login.post("/login/", {"username": "nuevatienda", "password": PASSWORD})
    assert resp.status_code == 302
    home = login.get("/", follow=True)
    assert home.status_code == 200 and "Nueva Tienda SAS" in home.content.decode()
    # ...and the agent finds the account among its own.
    agent = Client()
    agent.force_login(world.users["agent"])
    assert "nuevatienda" in agent.get("/clouds/telenet/accounts/").content.decode()


def test_commission_of_a_signed_up_account_goes_to_the_agent(world) -> None:  # type: ignore[no-untyped-def]
    t = world.clouds["telenet"]
    resp = Client().post(join_url(world.agents["agent1"]), form())
    assert resp.status_code == 302
    acc = Account.objects.get(code="nuevatienda")
    camera(t, "N1", acc, "HOME3", local("America/Bogota", 2026, 3, 1))
    programme(t, base="issued")
    now = utc(2026, 4, 5, 12)
    with time_machine.travel(now, tick=False):
        bill(t, "2026-03", now)
        from cambill.invoicing.services import invoice_issue

        invoice_issue(actor=SYSTEM, invoice=retail(t, "2026-03", "nuevatienda"), now=now)
    e = CommissionEntry.objects.get(account=acc)
    assert (e.agent.code, e.level, str(e.base_amount), str(e.amount)) == (
        "agent1",
        1,
        "3.0000",
        "0.3000",
    )


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"accept_terms": None}, "accept_terms", "This field is required."),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"username": "agent"}, "username", "already exists"),
        ({"username": "bad name!"}, "username", ""),
        ({"password": "123"}, "password", "too short"),
        ({"name": ""}, "name", "This field is required."),
        ({"language": "fr"}, "language", "Select a valid choice."),
    ],
)
def test_bad_input_is_shown_on_the_form_and_writes_nothing(world, over, field, message) -> None:  # type: ignore[no-untyped-def]
    c = Client()
    with unchanged():
        resp = c.post(join_url(world.agents["agent1"]), form(**over))
    assert resp.status_code == 200
    errors = resp.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert not Account.objects.filter(code="nuevatienda").exists()
    assert not User.objects.filter(username="nuevatienda").exists()


def test_a_dead_link_is_a_clear_404_and_writes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.referrals.services import agent_deactivate, agent_referral_code_rotate

    a1, a2 = world.agents["agent1"], world.agents["agent2"]
    c = Client()
    old = join_url(a1)
    bad = [
        "/join/telenet/nosuchcode2345/",
        f"/join/othercloud/{a1.referral_code}/",  # the right code in the wrong cloud
        f"/join/telenet/{a1.code}/",  # the staff-chosen code is not the referral code
    ]
    agent_deactivate(actor=SYSTEM, agent=a2)
    bad.append(join_url(a2))
    for url in bad:
        resp = c.get(url)
        assert resp.status_code == 404, url
        assert "This sign-up link is not valid" in resp.content.decode()
        with unchanged():
            assert c.post(url, form()).status_code == 404
    # A rotated code kills the old link; the new one works.
    a1 = agent_referral_code_rotate(actor=SYSTEM, agent=a1)
    assert c.get(old).status_code == 404
    assert c.get(join_url(a1)).status_code == 200


def test_agent_deactivated_between_page_and_submit_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.referrals.services import agent_deactivate

    a1 = world.agents["agent1"]
    c = Client()
    assert c.get(join_url(a1)).status_code == 200
    url = join_url(a1)
    agent_deactivate(actor=SYSTEM, agent=a1)
    assert c.post(url, form()).status_code == 404
    assert not Account.objects.filter(code="nuevatienda").exists()


def test_forged_post_without_csrf_token_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    c = Client(enforce_csrf_checks=True)
    with unchanged():
        assert c.post(join_url(world.agents["agent1"]), form()).status_code == 403


@override_settings(CAMBILL_SIGNUP_RATE="2/h")
def test_signups_are_rate_limited_per_address(world) -> None:  # type: ignore[no-untyped-def]
    url = join_url(world.agents["agent1"])
    c = Client()
    assert c.post(url, form(username="one"), REMOTE_ADDR="198.51.100.1").status_code == 302
    assert c.post(url, form(username="two"), REMOTE_ADDR="198.51.100.1").status_code == 302
    with unchanged():
        resp = c.post(url, form(username="three"), REMOTE_ADDR="198.51.100.1")
    assert resp.status_code == 429
    # The sign-ups chose Spanish, so the client's language cookie says "es".
    assert "Demasiados registros" in resp.content.decode()
    # Another address still has its allowance; the API shares the page's.
    assert c.post(url, form(username="four"), REMOTE_ADDR="198.51.100.2").status_code == 302
    api = APIClient(REMOTE_ADDR="198.51.100.1")
    body = {**form(username="five"), "accept_terms": True}
    body["referral_code"] = world.agents["agent1"].referral_code
    err(api.post("/api/v1/clouds/telenet/signup/", body, format="json"), 429, "throttled")


def test_api_signup_with_a_referral_code(world) -> None:  # type: ignore[no-untyped-def]
    a1 = world.agents["agent1"]
    api = APIClient()
    body = {**form(), "accept_terms": True, "referral_code": a1.referral_code}
    resp = api.post("/api/v1/clouds/telenet/signup/", body, format="json")
    assert resp.status_code == 201, resp.json()
    assert resp.json() == {
        "cloud": "telenet",
        "account": "nuevatienda",
        "name": "Nueva Tienda SAS",
        "username": "nuevatienda",
    }
    assert Account.objects.get(code="nuevatienda").referral_agent_id == a1.pk
    with unchanged():
        body = {**body, "username": "other", "referral_code": "wrongcode2345"}
        err(
            api.post("/api/v1/clouds/telenet/signup/", body, format="json"), 400, "validation_error"
        )
        body = {**body, "referral_code": a1.referral_code, "accept_terms": False}
        r = err(
            api.post("/api/v1/clouds/telenet/signup/", body, format="json"), 400, "validation_error"
        )
        assert "accept_terms" in r["fields"]


def test_staff_create_an_account_with_a_referral_code(world) -> None:  # type: ignore[no-untyped-def]
    """An operator's own sign-up site passes the code it got from the link."""
    admin = bearer("cadmin")
    a2 = world.agents["agent2"]
    resp = admin.post(
        "/api/v1/clouds/telenet/accounts/",
        {"code": "webshop", "name": "Web Shop", "referral_code": a2.referral_code},
        format="json",
    )
    assert resp.status_code == 201, resp.json()
    assert resp.json()["referral_agent"] == "agent2"
    with unchanged():
        body = {"code": "webshop2", "name": "Web Shop 2", "referral_code": "nope"}
        r = err(
            admin.post("/api/v1/clouds/telenet/accounts/", body, format="json"),
            400,
            "validation_error",
        )
        assert "referral_code" in r["fields"]


def test_new_link_from_the_page(world) -> None:  # type: ignore[no-untyped-def]
    a1 = world.agents["agent1"]
    old = a1.referral_code
    agent = Client()
    agent.force_login(world.users["agent"])
    url = "/clouds/telenet/commission/agent1/referral-code/"
    resp = agent.post(url)
    assert resp.status_code == 302
    a1.refresh_from_db()
    assert a1.referral_code != old and len(a1.referral_code) == REFERRAL_CODE_LENGTH
    assert AuditEntry.objects.filter(verb="agent_referral_code_rotate").count() == 1
    acct = Client()
    acct.force_login(world.users["caccountant"])
    with unchanged():
        assert agent.post("/clouds/telenet/commission/agent2/referral-code/").status_code == 404
        assert acct.post(url).status_code == 403
        assert agent.get(url).status_code == 405


def test_api_shows_the_code_to_the_agent_itself_and_to_agent_managers(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.referrals.services import agent_create

    a1 = world.agents["agent1"]
    sub = agent_create(actor=SYSTEM, cloud=world.clouds["telenet"], code="sub", name="S", parent=a1)
    url = "/api/v1/clouds/telenet/agents/"
    mine = {a["code"]: a["referral_code"] for a in bearer("agent").get(url).json()["results"]}
    assert mine == {"agent1": a1.referral_code, "sub": None}  # not its downline's
    staff = {a["code"]: a["referral_code"] for a in bearer("cadmin").get(url).json()["results"]}
    assert staff["sub"] == sub.referral_code
    acct = {a["code"]: a["referral_code"] for a in bearer("caccountant").get(url).json()["results"]}
    assert set(acct.values()) == {None}
