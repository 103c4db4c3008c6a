"""Every page, every role: 200 when the role may open it, 403 when its role may
not attempt the action, 404 when the object is outside its scope (another
cloud, another account) exactly as if it did not exist."""

from __future__ import annotations

from typing import Any

import pytest

from cambill.accounts.roles import PROVIDER_ROLES, Role
from cambill.core.permissions import allowed

ROLE = {
    "padmin": Role.PROVIDER_ADMIN,
    "paccountant": Role.PROVIDER_ACCOUNTANT,
    "pmanager": Role.PROVIDER_MANAGER,
    "pmanager2": Role.PROVIDER_MANAGER,
    "cadmin": Role.CLOUD_ADMIN,
    "amanager": Role.ACCOUNT_MANAGER,
    "amanager2": Role.ACCOUNT_MANAGER,
    "caccountant": Role.CLOUD_ACCOUNTANT,
    "otheradmin": Role.CLOUD_ADMIN,
    "agent": Role.AGENT,
    "subscriber": Role.SUBSCRIBER,
    "subscriber2": Role.SUBSCRIBER,
}
OUTSIDE_TELENET = {"pmanager2", "otheradmin"}
# Who sees account acme (and its camera cam-a) inside telenet.
OUTSIDE_ACME = OUTSIDE_TELENET | {"amanager2", "subscriber2"}

# (url, action, scope). Scope: "provider" (no object), "provider_only" (provider
# staff pages), "cloud" (telenet), "acme" (acme or its camera).
PAGES: list[tuple[str, str, str]] = [
    ("/clouds/", "cloud.view", "provider"),
    ("/clouds/new/", "cloud.create", "provider"),
    ("/services/", "service.view", "provider"),
    ("/services/new/", "service.manage", "provider"),
    ("/services/REC_DAY/", "service.view", "provider"),
    ("/services/REC_DAY/edit/", "service.manage", "provider"),
    ("/services/REC_DAY/price/", "service.manage", "provider"),
    ("/provider-tariffs/", "service.view", "provider"),
    ("/provider-tariffs/new/", "tariff.manage", "provider_only"),
    ("/provider-tariffs/PROV1/edit/", "tariff.manage", "provider_only"),
    ("/staff/", "user.view", "provider_only"),
    ("/staff/new/", "user.manage", "provider_only"),
    ("/audit/", "audit.view", "provider"),
    ("/clouds/telenet/", "cloud.view", "cloud"),
    ("/clouds/telenet/edit/", "cloud.edit", "cloud"),
    ("/clouds/telenet/allowed-tariffs/", "cloud.edit", "cloud"),
    ("/clouds/telenet/service-prices/", "cloud.edit", "cloud"),
    ("/clouds/telenet/tariffs/", "tariff.view", "cloud"),
    ("/clouds/telenet/tariffs/new/", "tariff.manage", "cloud"),
    ("/clouds/telenet/tariffs/TRAFFIC7/", "tariff.view", "cloud"),
    ("/clouds/telenet/tariffs/PROV1/", "tariff.view", "cloud"),
    ("/clouds/telenet/tariffs/TRAFFIC7/edit/", "tariff.manage", "cloud"),
    ("/clouds/telenet/accounts/", "account.view", "cloud"),
    ("/clouds/telenet/accounts/new/", "account.create", "cloud"),
    ("/clouds/telenet/accounts/acme/", "account.view", "acme"),
    ("/clouds/telenet/accounts/acme/edit/", "account.edit", "acme"),
    ("/clouds/telenet/accounts/acme/discounts/new/", "account.edit", "acme"),
    ("/clouds/telenet/cameras/", "camera.view", "cloud"),
    ("/clouds/telenet/cameras/new/", "camera.manage", "cloud"),
    ("/clouds/telenet/cameras/cam-a/", "camera.view", "acme"),
    ("/clouds/telenet/cameras/cam-a/edit/", "camera.manage", "acme"),
    ("/clouds/telenet/cameras/cam-a/tariff/", "camera.manage", "acme"),
    ("/clouds/telenet/cameras/cam-a/move/", "camera.manage", "acme"),
    ("/clouds/telenet/agents/", "agent.view", "cloud"),
    ("/clouds/telenet/agents/new/", "agent.manage", "cloud"),
    ("/clouds/telenet/agents/agent1/edit/", "agent.manage", "cloud"),
    ("/clouds/telenet/users/", "user.view", "cloud"),
    ("/clouds/telenet/users/new/", "user.manage", "cloud"),
    # legal data and e-invoice certificates (issue #19)
    ("/provider/legal/", "provider.legal_view", "provider"),
    ("/provider/einvoice/credentials/", "einvoice.provider_credentials", "provider"),
    ("/clouds/telenet/legal/", "cloud.view", "cloud"),
    ("/clouds/telenet/einvoice/credentials/", "einvoice.credentials", "cloud"),
    ("/clouds/telenet/accounts/acme/legal/", "account.view", "acme"),
    # the provider's own Stripe account (issue #13, point 3)
    ("/billing/payment-gateway/", "payment.configure_provider", "provider"),
    # a cloud's Stripe account, on the pages as in the API
    ("/clouds/telenet/payment-gateway/", "payment.configure", "cloud"),
]


def expected_status(user: str, action: str, scope: str) -> int:
    role = ROLE[user]
    if not allowed(role, action):
        return 403
    if scope == "provider_only" and role not in PROVIDER_ROLES:
        return 403
    if scope == "cloud" and user in OUTSIDE_TELENET:
        return 404
    if scope == "acme" and user in OUTSIDE_ACME:
        return 404
    return 200


@pytest.mark.parametrize(("url", "action", "scope"), PAGES, ids=[p[0] for p in PAGES])
def test_page_answers_each_role_per_matrix(
    world: Any, cams: Any, as_user: Any, url: str, action: str, scope: str
) -> None:
    wrong = []
    for user in ROLE:
        status = as_user(user).get(url).status_code
        want = expected_status(user, action, scope)
        if status != want:
            wrong.append(f"{user}: got {status}, want {want}")
    assert not wrong, f"{url}: " + "; ".join(wrong)


def test_anonymous_is_sent_to_login(world: Any, cams: Any, client: Any) -> None:
    for url, _, _ in PAGES:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/?next="), url


@pytest.mark.parametrize(
    ("user", "url"),
    [
        ("cadmin", "/clouds/othercloud/"),
        ("cadmin", "/clouds/othercloud/accounts/gamma/"),
        ("cadmin", "/clouds/othercloud/cameras/cam-g/"),
        ("cadmin", "/clouds/othercloud/tariffs/HOME3/"),
        ("cadmin", "/clouds/othercloud/accounts/gamma/edit/"),
        ("cadmin", "/clouds/othercloud/cameras/cam-g/tariff/"),
        ("otheradmin", "/clouds/telenet/cameras/cam-a/"),
        ("pmanager", "/clouds/othercloud/"),
        ("amanager", "/clouds/telenet/accounts/beta/"),
        ("subscriber", "/clouds/telenet/accounts/beta/"),
        ("agent", "/clouds/telenet/accounts/beta/"),
        ("cadmin", "/clouds/telenet/accounts/nope/"),
        ("cadmin", "/clouds/telenet/cameras/nope/"),
        ("cadmin", "/clouds/nope/"),
        ("padmin", "/services/NOPE/"),
        ("cadmin", "/clouds/telenet/tariffs/PROV1/edit/"),
    ],
)
def test_other_scopes_are_not_found(
    world: Any, cams: Any, as_user: Any, user: str, url: str
) -> None:
    assert as_user(user).get(url).status_code == 404


def test_forbidden_post_writes_nothing(world: Any, cams: Any, as_user: Any) -> None:
    from cambill.catalog.models import TariffPlan
    from cambill.clouds.models import Account, Cloud

    before = (Cloud.objects.count(), Account.objects.count(), TariffPlan.objects.count())
    assert as_user("cadmin").post("/clouds/new/", {"slug": "x", "name": "X"}).status_code == 403
    assert (
        as_user("caccountant")
        .post("/clouds/telenet/accounts/new/", {"code": "zz", "name": "Z", "language": "en"})
        .status_code
        == 403
    )
    assert (
        as_user("otheradmin")
        .post("/clouds/telenet/tariffs/new/", {"code": "T", "name": "T", "price": "1"})
        .status_code
        == 404
    )
    assert (
        as_user("amanager2")
        .post(
            "/clouds/telenet/accounts/acme/edit/",
            {"name": "Hacked", "language": "en", "status": "active"},
        )
        .status_code
        == 404
    )
    assert (Cloud.objects.count(), Account.objects.count(), TariffPlan.objects.count()) == before
    assert Account.objects.get(code="acme").name == "ACME Logistics"


def test_other_clouds_filter_choices_are_not_offered(world: Any, cams: Any, as_user: Any) -> None:
    html = as_user("cadmin").get("/clouds/telenet/cameras/new/").content.decode()
    assert "gamma" not in html
    assert "Other home" not in html


def test_lists_are_scoped(world: Any, cams: Any, as_user: Any) -> None:
    html = as_user("amanager").get("/clouds/telenet/accounts/").content.decode()
    assert "/clouds/telenet/accounts/acme/" in html
    assert "/clouds/telenet/accounts/beta/" not in html
    html = as_user("pmanager").get("/clouds/").content.decode()
    assert "/clouds/telenet/" in html and "/clouds/othercloud/" not in html
    html = as_user("subscriber").get("/clouds/telenet/cameras/").content.decode()
    assert "cam-a" in html
