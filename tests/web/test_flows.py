"""Setting up by hand through the pages: a provider admin builds a cloud, a
cloud admin its tariffs, accounts and cameras. Bad input comes back on the
form with the verb's message and nothing is written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from cambill.catalog.models import Service, TariffPlan
from cambill.clouds.models import Account, Camera, CameraTariffPeriod, Cloud
from cambill.core.models import AuditEntry
from tests.conftest import utc


def rows(*components: tuple[Any, Any], total: int = 3, initial: int = 0) -> dict[str, Any]:
    """Formset data for tariff components ``(service pk, quantity)``."""
    data: dict[str, Any] = {
        "rows-TOTAL_FORMS": str(total),
        "rows-INITIAL_FORMS": str(initial),
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
    }
    for i, (service, quantity) in enumerate(components):
        data[f"rows-{i}-service"] = str(service)
        data[f"rows-{i}-quantity"] = str(quantity)
    return data


def cloud_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "slug": "andes",
        "name": "Andes Video",
        "currency": "EUR",
        "timezone": "Europe/Madrid",
        "proration": "day",
        "discount_percent": "5",
        "tax_percent": "21",
        "wholesale_tax_percent": "0",
        "trial_until": "2026-04-01T00:00",
        "manager": "",
        "legal_name": "Andes Video SL",
        "tax_id": "ESB123",
        "address": "Calle 1",
        "invoice_prefix": "",
        "invoice_number_width": "6",
    }
    data.update(overrides)
    return data


def errors_of(response: Any) -> str:
    form = response.context["form"]
    return " ".join(str(e) for errs in form.errors.values() for e in errs)


# --- provider ---------------------------------------------------------------


def test_provider_admin_creates_a_cloud(world: Any, as_user: Any) -> None:
    client = as_user("padmin")
    assert client.get("/clouds/new/").status_code == 200
    response = client.post("/clouds/new/", cloud_form(manager=world.users["pmanager"].pk))
    assert response.status_code == 302, errors_of(response)
    assert response["Location"] == "/clouds/andes/"
    cloud = Cloud.objects.get(slug="andes")
    assert (cloud.currency, cloud.timezone, cloud.discount_percent) == (
        "EUR",
        "Europe/Madrid",
        Decimal(5),
    )
    assert cloud.manager == world.users["pmanager"]
    assert cloud.invoice_prefix == "ANDES-"
    # Local midnight of 1 April in Madrid (summer time, UTC+2) is 22:00 UTC the day before.
    assert cloud.trial_until == utc(2026, 3, 31, 22)
    assert AuditEntry.objects.filter(verb="cloud_create", object_id=str(cloud.pk)).exists()
    page = client.get("/clouds/andes/").content.decode()
    assert "Andes Video SL" in page and "2026-04-01 00:00" in page and "Europe/Madrid" in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone", "is not an IANA time zone"),
        ({"slug": "telenet"}, "slug", "already exists"),
        ({"currency": "XYZ"}, "currency", "ISO 4217"),
        ({"discount_percent": "120"}, "discount_percent", "between 0 and 100"),
        ({"discount_percent": "ten"}, "discount_percent", "Enter a number"),
        ({"trial_until": "2026-03-29T02:30"}, "trial_until", "does not exist"),
    ],
)
def test_bad_cloud_input_is_shown_and_nothing_written(
    world: Any, as_user: Any, overrides: dict[str, str], field: str, message: str
) -> None:
    clouds, audit = Cloud.objects.count(), AuditEntry.objects.count()
    response = as_user("padmin").post("/clouds/new/", cloud_form(**overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors.get(field, [])), errors_of(response)
    assert message in response.content.decode()
    assert (Cloud.objects.count(), AuditEntry.objects.count()) == (clouds, audit)


def test_provider_admin_edits_a_cloud_and_its_terms(world: Any, as_user: Any) -> None:
    client = as_user("padmin")
    telenet = world.clouds["telenet"]
    page = client.get("/clouds/telenet/edit/").content.decode()
    assert 'value="America/Bogota"' in page
    data = cloud_form(
        currency="USD", timezone="America/Bogota", status="active", trial_until="2026-05-01T00:00"
    )
    del data["slug"]
    response = client.post("/clouds/telenet/edit/", data)
    assert response.status_code == 302, errors_of(response)
    telenet.refresh_from_db()
    assert telenet.trial_until == utc(2026, 5, 1, 5) and telenet.name == "Andes Video"

    rec, lpr = world.services["REC_DAY"], world.services["LPR"]
    response = client.post(
        "/clouds/telenet/service-prices/",
        {f"svc_{rec.pk}": "0.25", f"svc_{lpr.pk}": "", "valid_from": "2026-01-01"},
    )
    assert response.status_code == 302
    from cambill.catalog.models import CloudServicePrice

    assert list(
        CloudServicePrice.objects.filter(cloud=telenet).values_list(
            "service__code", "amount", "valid_from"
        )
    ) == [("REC_DAY", Decimal("0.25"), date(2026, 1, 1))]
    assert "0.25 USD" in client.get("/clouds/telenet/").content.decode()
    assert 'value="0.25"' in client.get("/clouds/telenet/service-prices/").content.decode()

    response = client.post("/clouds/telenet/allowed-tariffs/", {})
    assert response.status_code == 302
    from cambill.catalog.models import CloudAllowedTariff

    assert not CloudAllowedTariff.objects.filter(cloud=telenet).exists()
    assert (
        "None: the cloud sells only its own tariffs."
        in client.get("/clouds/telenet/").content.decode()
    )
    # A USD provider tariff cannot be offered to a EUR cloud: the verb says so, nothing changes.
    before = AuditEntry.objects.count()
    response = client.post(
        "/clouds/othercloud/allowed-tariffs/", {"allowed_tariffs": [world.tariffs["PROV1"].pk]}
    )
    assert response.status_code == 200 and "priced in USD" in response.content.decode()
    assert AuditEntry.objects.count() == before


def test_provider_admin_manages_services(world: Any, as_user: Any) -> None:
    client = as_user("padmin")
    response = client.post(
        "/services/new/",
        {
            "code": "MOTION_DAY",
            "name": "1 day of motion recording",
            "kind": "fixed",
            "unit": "camera-month",
            "preset_settings": '{"dvr_days": 1}',
            "currency": "usd",
            "amount": "0.12",
            "valid_from": "2026-01-01",
        },
    )
    assert response.status_code == 302, errors_of(response)
    svc = Service.objects.get(code="MOTION_DAY")
    assert list(svc.prices.values_list("currency", "amount")) == [("USD", Decimal("0.12"))]
    assert "0.12 USD" in client.get("/services/").content.decode()
    response = client.post(
        "/services/MOTION_DAY/edit/",
        {
            "name": "Motion day",
            "kind": "fixed",
            "unit": "camera-month",
            "preset_settings": "{}",
            "active": "on",
        },
    )
    assert response.status_code == 302, errors_of(response)
    response = client.post(
        "/services/MOTION_DAY/price/",
        {"currency": "EUR", "amount": "0.10", "valid_from": "2026-02-01"},
    )
    assert response.status_code == 302, errors_of(response)
    assert svc.prices.count() == 2
    page = client.get("/services/MOTION_DAY/").content.decode()
    assert "Motion day" in page and "0.10 EUR" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"code": "REC_DAY", "amount": ""}, "already exists"),
        ({"code": "NEW", "amount": "-1", "currency": "USD"}, "Must not be negative."),
        ({"code": "NEW", "amount": "1", "currency": ""}, "Give the currency of the price."),
        ({"code": "NEW", "preset_settings": '{"fps": 5}'}, "Unknown preset setting"),
        ({"code": "bad code!"}, "Use letters, digits"),
    ],
)
def test_bad_service_input_is_shown_and_nothing_written(
    world: Any, as_user: Any, data: dict[str, str], message: str
) -> None:
    base = {
        "name": "X",
        "kind": "fixed",
        "unit": "camera-month",
        "preset_settings": "{}",
        "currency": "",
        "amount": "",
        "valid_from": "",
    }
    counts = (Service.objects.count(), AuditEntry.objects.count())
    response = as_user("padmin").post("/services/new/", {**base, **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Service.objects.count(), AuditEntry.objects.count()) == counts


def test_provider_tariff_create_and_edit(world: Any, as_user: Any) -> None:
    client = as_user("padmin")
    rec = world.services["REC_DAY"]
    response = client.post(
        "/provider-tariffs/new/",
        {
            "code": "PROV2",
            "name": "Provider 2",
            "currency": "USD",
            "price": "4",
            **rows((rec.pk, 2)),
        },
    )
    assert response.status_code == 302, errors_of(response)
    response = client.post(
        "/provider-tariffs/PROV2/edit/",
        {
            "name": "Provider two",
            "price": "4.50",
            "active": "on",
            **rows((rec.pk, 3), total=4, initial=1),
        },
    )
    assert response.status_code == 302, errors_of(response)
    plan = TariffPlan.objects.get(code="PROV2", cloud__isnull=True)
    assert plan.price == Decimal("4.5") and plan.components.get().quantity == 3


def test_provider_admin_creates_staff(world: Any, as_user: Any) -> None:
    from cambill.accounts.models import User

    response = as_user("padmin").post(
        "/staff/new/",
        {
            "username": "pacc2",
            "password": "long-enough-pass",
            "role": "provider_accountant",
            "email": "a@b.test",
            "first_name": "Ana",
            "last_name": "Ruiz",
            "language": "es",
        },
    )
    assert response.status_code == 302, errors_of(response)
    assert User.objects.get(username="pacc2").role == "provider_accountant"
    assert "Ana Ruiz" in as_user("padmin").get("/staff/").content.decode()
    response = as_user("padmin").post(
        "/staff/new/",
        {"username": "x", "password": "short", "role": "provider_admin", "language": "en"},
    )
    assert response.status_code == 200 and not User.objects.filter(username="x").exists()


def test_audit_log_filters_and_shows_before_after(world: Any, as_user: Any) -> None:
    client = as_user("padmin")
    client.post(
        "/clouds/telenet/edit/",
        {
            **{
                k: v
                for k, v in cloud_form(
                    currency="USD", timezone="America/Bogota", name="Telenet 2", status="active"
                ).items()
                if k != "slug"
            }
        },
    )
    page = client.get("/audit/?verb=cloud_update").content.decode()
    body = page.split("<tbody", 1)[1]
    # A sentence per row; padmin has no name in this world, so its login stands in.
    assert "padmin changed cloud telenet" in body and "Telenet 2" in page and "Telenet" in page
    assert "created tariff" not in body
    page = client.get("/audit/?cloud=othercloud").content.decode()
    assert "othercloud" in page and "changed cloud telenet" not in page.split("<tbody", 1)[1]
    page = client.get("/audit/?actor=padmin&object_type=clouds.cloud").content.decode()
    assert "padmin changed cloud telenet" in page.split("<tbody", 1)[1]
    # The results alone, for the htmx filter form.
    response = client.get(
        "/audit/?verb=cloud_update", headers={"HX-Request": "true", "HX-Target": "list-results"}
    )
    assert (
        response.status_code == 200
        and b"<html" not in response.content
        and b"list-results" in response.content
    )


# --- cloud admin ---------------------------------------------------------------


def test_cloud_admin_sets_up_tariff_account_camera_and_changes_tariff(
    world: Any, as_user: Any
) -> None:
    client = as_user("cadmin")
    rec, lpr = world.services["REC_DAY"], world.services["LPR"]

    response = client.post(
        "/clouds/telenet/tariffs/new/",
        {
            "code": "CITY5",
            "name": "City 5 + plates",
            "price": "8.50",
            **rows((rec.pk, 5), (lpr.pk, 1)),
        },
    )
    assert response.status_code == 302, errors_of(response)
    plan = TariffPlan.objects.get(cloud=world.clouds["telenet"], code="CITY5")
    assert plan.currency == "USD" and plan.price == Decimal("8.5")
    assert sorted(plan.components.values_list("service__code", "quantity")) == [
        ("LPR", Decimal(1)),
        ("REC_DAY", Decimal(5)),
    ]
    page = client.get("/clouds/telenet/tariffs/CITY5/").content.decode()
    assert "8.50 USD" in page and "REC_DAY" in page and "LPR" in page

    response = client.post(
        "/clouds/telenet/accounts/new/",
        {
            "code": "zeta",
            "name": "Zeta Parking",
            "email": "ap@zeta.test",
            "account_manager": world.users["amanager"].pk,
            "referral_agent": world.agents["agent1"].pk,
            "trial_until": "",
            "language": "es",
        },
    )
    assert response.status_code == 302, errors_of(response)
    zeta = Account.objects.get(code="zeta")
    assert (
        zeta.account_manager == world.users["amanager"]
        and zeta.referral_agent == world.agents["agent1"]
    )

    response = client.post(
        "/clouds/telenet/cameras/new/",
        {
            "code": "cam-z",
            "title": "Entrance",
            "account": zeta.pk,
            "tariff": plan.pk,
            "at": "2026-03-01T00:00",
        },
    )
    assert response.status_code == 302, errors_of(response)
    assert response["Location"] == "/clouds/telenet/cameras/cam-z/"
    camera = Camera.objects.get(code="cam-z")

    response = client.post(
        "/clouds/telenet/cameras/cam-z/tariff/",
        {"tariff": world.tariffs["HOME3"].pk, "at": "2026-03-16T12:00"},
    )
    assert response.status_code == 302, errors_of(response)
    periods = list(
        CameraTariffPeriod.objects.filter(camera=camera)
        .order_by("valid_from")
        .values_list("tariff__code", "valid_from", "valid_to")
    )
    # Bogota is UTC-5: local midnight 1 March is 05:00 UTC, noon 16 March is 17:00 UTC.
    assert periods == [
        ("CITY5", utc(2026, 3, 1, 5), utc(2026, 3, 16, 17)),
        ("HOME3", utc(2026, 3, 16, 17), None),
    ]

    page = client.get("/clouds/telenet/cameras/cam-z/").content.decode()
    history = page[page.index("Tariff history") :]
    assert history.index("HOME3") < history.index("CITY5")  # newest first
    for text in ("2026-03-01 00:00", "2026-03-16 12:00", "open", "8.50 USD", "3.00 USD"):
        assert text in history
    page = client.get("/clouds/telenet/accounts/zeta/").content.decode()
    assert "cam-z" in page and "HOME3" in page

    response = client.post(
        "/clouds/telenet/cameras/cam-z/move/",
        {"account": world.accounts["beta"].pk, "at": "2026-04-01T00:00"},
    )
    assert response.status_code == 302, errors_of(response)
    camera.refresh_from_db()
    assert camera.account == world.accounts["beta"]
    assert "beta" in client.get("/clouds/telenet/cameras/cam-z/").content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"code": "TRAFFIC7"}, "already exists"),
        ({"price": "-1"}, "Must not be negative."),
        ({"price": "abc"}, "Enter a number."),
        ({"components": []}, "at least one component"),
        ({"code": "bad code"}, "Use letters, digits"),
    ],
)
def test_bad_tariff_input_is_shown_and_nothing_written(
    world: Any, as_user: Any, data: dict[str, Any], message: str
) -> None:
    rec = world.services["REC_DAY"]
    components = data.pop("components", [(rec.pk, 1)])
    post = {"code": "NEWT", "name": "New", "price": "5", **data, **rows(*components)}
    counts = (TariffPlan.objects.count(), AuditEntry.objects.count())
    response = as_user("cadmin").post("/clouds/telenet/tariffs/new/", post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (TariffPlan.objects.count(), AuditEntry.objects.count()) == counts


def test_cloud_admin_edits_a_tariff(world: Any, as_user: Any) -> None:
    client = as_user("cadmin")
    rec, lpr = world.services["REC_DAY"], world.services["LPR"]
    page = client.get("/clouds/telenet/tariffs/TRAFFIC7/edit/").content.decode()
    assert 'value="7"' in page and 'value="12.00"' in page
    # Row 0 blanked (removed), row 1 kept, row 2 added.
    data = {
        "name": "Traffic",
        "price": "13",
        "active": "on",
        **rows(("", ""), (lpr.pk, 1), (rec.pk, 10), total=5, initial=2),
    }
    response = client.post("/clouds/telenet/tariffs/TRAFFIC7/edit/", data)
    assert response.status_code == 302, errors_of(response)
    plan = world.tariffs["TRAFFIC7"]
    plan.refresh_from_db()
    assert plan.price == 13 and sorted(
        plan.components.values_list("service__code", "quantity")
    ) == [("LPR", 1), ("REC_DAY", 10)]


def test_bad_account_and_camera_input(world: Any, as_user: Any, cams: Any) -> None:
    client = as_user("cadmin")
    counts = (
        Account.objects.count(),
        Camera.objects.count(),
        CameraTariffPeriod.objects.count(),
        AuditEntry.objects.count(),
    )
    response = client.post(
        "/clouds/telenet/accounts/new/", {"code": "acme", "name": "Again", "language": "en"}
    )
    assert response.status_code == 200 and "already exists" in response.content.decode()
    response = client.post(
        "/clouds/telenet/accounts/new/",
        {"code": "ok", "name": "Ok", "email": "not-an-email", "language": "en"},
    )
    assert response.status_code == 200 and "valid e-mail" in response.content.decode()
    response = client.post(
        "/clouds/telenet/cameras/new/", {"code": "cam-a", "account": world.accounts["acme"].pk}
    )
    assert response.status_code == 200 and "already exists" in response.content.decode()
    response = client.post(
        "/clouds/telenet/cameras/new/", {"code": "cam-n", "tariff": world.tariffs["HOME3"].pk}
    )
    assert (
        response.status_code == 200
        and "Attach the camera to an account" in response.content.decode()
    )
    response = client.post(
        "/clouds/telenet/cameras/cam-a/tariff/", {"tariff": world.tariffs["HOME3"].pk, "at": ""}
    )
    assert response.status_code == 200 and "required" in response.content.decode()
    # Another cloud's tariff is not even a choice.
    response = client.post(
        "/clouds/telenet/cameras/cam-a/tariff/",
        {"tariff": world.tariffs["OTHER"].pk, "at": "2026-03-20T00:00"},
    )
    assert response.status_code == 200 and "valid choice" in response.content.decode()
    assert (
        Account.objects.count(),
        Camera.objects.count(),
        CameraTariffPeriod.objects.count(),
        AuditEntry.objects.count(),
    ) == counts


def test_local_time_that_does_not_exist_is_refused(world: Any, as_user: Any, cams: Any) -> None:
    # Europe/Madrid jumps from 02:00 to 03:00 on 29 March 2026.
    client = as_user("padmin")
    before = CameraTariffPeriod.objects.count()
    response = client.post(
        "/clouds/othercloud/cameras/cam-g/tariff/",
        {"tariff": world.tariffs["OTHER"].pk, "at": "2026-03-29T02:30"},
    )
    assert (
        response.status_code == 200
        and "does not exist in Europe/Madrid" in response.content.decode()
    )
    response = client.post(
        "/clouds/othercloud/cameras/cam-g/tariff/", {"tariff": "", "at": "2026-03-29T03:30"}
    )
    assert response.status_code == 302
    assert CameraTariffPeriod.objects.get(camera=cams["cam-g"]).valid_to == utc(2026, 3, 29, 1, 30)
    assert CameraTariffPeriod.objects.count() == before


def test_discount_agent_and_users(world: Any, as_user: Any) -> None:
    from cambill.accounts.models import User
    from cambill.referrals.models import Agent

    client = as_user("cadmin")
    response = client.post(
        "/clouds/telenet/accounts/acme/discounts/new/",
        {
            "kind": "percent",
            "value": "10",
            "valid_from": "2026-03-01",
            "valid_to": "",
            "description": "Launch",
        },
    )
    assert response.status_code == 302, errors_of(response)
    assert "Launch" in client.get("/clouds/telenet/accounts/acme/").content.decode()
    response = client.post(
        "/clouds/telenet/accounts/acme/discounts/new/", {"kind": "percent", "value": "150"}
    )
    assert response.status_code == 200 and "at most 100" in response.content.decode()

    response = client.post(
        "/clouds/telenet/agents/new/",
        {
            "code": "agent3",
            "name": "Agent Three",
            "parent": world.agents["agent1"].pk,
            "rate_percent": "5",
        },
    )
    assert response.status_code == 302, errors_of(response)
    assert Agent.objects.get(code="agent3").parent == world.agents["agent1"]
    # agent1 under agent3 would be a cycle.
    response = client.post(
        "/clouds/telenet/agents/agent1/edit/",
        {"name": "Agent One", "parent": Agent.objects.get(code="agent3").pk, "active": "on"},
    )
    assert response.status_code == 200 and "cycle" in response.content.decode()

    response = client.post(
        "/clouds/telenet/users/new/",
        {
            "username": "acme2",
            "password": "long-enough-pass",
            "role": "subscriber",
            "account": world.accounts["acme"].pk,
            "language": "en",
        },
    )
    assert response.status_code == 302, errors_of(response)
    assert User.objects.get(username="acme2").membership.account == world.accounts["acme"]
    response = client.post(
        "/clouds/telenet/users/new/",
        {
            "username": "ag2",
            "password": "long-enough-pass",
            "role": "agent",
            "agent": world.agents["agent2"].pk,
            "language": "en",
        },
    )
    assert response.status_code == 302, errors_of(response)
    response = client.post(
        "/clouds/telenet/users/new/",
        {
            "username": "nosub",
            "password": "long-enough-pass",
            "role": "subscriber",
            "language": "en",
        },
    )
    assert response.status_code == 200 and "needs an account" in response.content.decode()
    response = client.post(
        "/clouds/telenet/users/new/",
        {
            "username": "boss",
            "password": "long-enough-pass",
            "role": "provider_admin",
            "language": "en",
        },
    )
    assert (
        response.status_code == 200
        and not User.objects.filter(username__in=["nosub", "boss"]).exists()
    )
    page = client.get("/clouds/telenet/users/?role=subscriber").content.decode()
    assert "acme2" in page and "cadmin" not in page.split("<tbody", 1)[1]


# --- other roles -----------------------------------------------------------------


def test_agent_creates_an_account_attributed_to_itself(world: Any, as_user: Any) -> None:
    client = as_user("agent")
    page = client.get("/clouds/telenet/accounts/new/").content.decode()
    assert 'name="referral_agent"' not in page and 'name="account_manager"' not in page
    response = client.post(
        "/clouds/telenet/accounts/new/",
        {"code": "fromagent", "name": "From agent", "language": "en"},
    )
    assert response.status_code == 302, errors_of(response)
    assert Account.objects.get(code="fromagent").referral_agent == world.agents["agent1"]
    assert "fromagent" in client.get("/clouds/telenet/accounts/").content.decode()


def test_account_manager_works_on_its_accounts(world: Any, as_user: Any, cams: Any) -> None:
    client = as_user("amanager")
    response = client.post(
        "/clouds/telenet/accounts/new/", {"code": "mine", "name": "Mine", "language": "en"}
    )
    assert response.status_code == 302, errors_of(response)
    assert Account.objects.get(code="mine").account_manager == world.users["amanager"]
    page = client.get("/clouds/telenet/cameras/new/").content.decode()
    assert "acme" in page and "beta" not in page
    response = client.post(
        "/clouds/telenet/cameras/new/",
        {
            "code": "cam-m",
            "account": Account.objects.get(code="mine").pk,
            "tariff": world.tariffs["HOME3"].pk,
            "at": "",
        },
    )
    assert response.status_code == 302, errors_of(response)
    assert CameraTariffPeriod.objects.filter(
        camera__code="cam-m", tariff__code="HOME3", valid_to__isnull=True
    ).exists()
    page = client.get("/clouds/telenet/cameras/").content.decode()
    assert "cam-a" in page and "cam-m" in page


def test_subscriber_sees_its_account_and_cameras_with_tariffs(
    world: Any, as_user: Any, cams: Any
) -> None:
    client = as_user("subscriber")
    page = client.get("/clouds/telenet/accounts/acme/").content.decode()
    assert "ACME Logistics" in page and "cam-a" in page and "TRAFFIC7" in page
    assert "/edit/" not in page and "discounts/new" not in page
    page = client.get("/clouds/telenet/cameras/cam-a/").content.decode()
    assert "2026-03-01 00:00" in page and "Change tariff" not in page


def test_list_filters(world: Any, as_user: Any, cams: Any) -> None:
    client = as_user("cadmin")
    page = client.get("/clouds/telenet/accounts/?q=acme").content.decode()
    assert "/accounts/acme/" in page and "/accounts/beta/" not in page
    page = client.get("/clouds/telenet/accounts/?status=suspended").content.decode()
    assert "/accounts/acme/" not in page
    page = client.get("/clouds/telenet/cameras/?tariff=traffic7").content.decode()
    assert "cam-a" in page
    page = client.get("/clouds/telenet/cameras/?tariff=HOME3").content.decode()
    assert "/cameras/cam-a/" not in page
    page = client.get("/clouds/telenet/accounts/?sort=-code").content.decode()
    assert page.index("/accounts/beta/") < page.index("/accounts/acme/")
    assert client.get("/clouds/telenet/accounts/?page=99").status_code == 200
