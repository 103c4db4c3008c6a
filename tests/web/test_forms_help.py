"""Forms that help (issue #14, point 6): every error of a submit at once, each on
its field; currency, country, language and time zone chosen from lists checked
on the server; money boxes that show their currency; price changes dated."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.utils import translation

from cambill.clouds.models import Cloud
from cambill.core.errors import DomainError, ErrorCode, validation
from cambill.core.field_errors import FieldErrors
from cambill.core.models import AuditEntry
from cambill.web.core.choices import country_choices, currency_choices
from cambill.web.core.pages import apply_domain_error
from tests.web.test_flows import cloud_form


def field_errors(response: Any) -> dict[str, list[str]]:
    form = response.context["form"]
    return {name: [str(e) for e in errs] for name, errs in form.errors.items()}


def test_three_bad_fields_of_a_new_cloud_are_three_field_errors_in_one_submit(
    world: Any, as_user: Any
) -> None:
    before = (Cloud.objects.count(), AuditEntry.objects.count())
    response = as_user("padmin").post(
        "/clouds/new/",
        cloud_form(currency="XYZ", timezone="Mars/Olympus", discount_percent="120"),
    )
    assert response.status_code == 200
    errors = field_errors(response)
    assert errors == {
        "currency": ["'XYZ' is not an ISO 4217 currency code."],
        "timezone": ["'Mars/Olympus' is not an IANA time zone; pick one from the list."],
        "discount_percent": ["Must be between 0 and 100."],
    }
    html = response.content.decode()
    assert 'class="form-errors"' not in html  # no banner: each error sits on its field
    assert html.count('class="field required has-error"') == 3
    assert (Cloud.objects.count(), AuditEntry.objects.count()) == before


def test_three_refusals_of_the_verb_are_three_field_errors_in_one_submit(
    world: Any, as_user: Any
) -> None:
    """The form's shapes are right; the verb refuses three fields and says all of them."""
    telenet = Cloud.objects.get(slug="telenet")
    other = Cloud.objects.get(slug="othercloud")
    data = {
        **cloud_form(),
        "name": "Telenet",
        "status": telenet.status,
        "currency": "EUR",  # telenet has tariffs: its currency is locked
        "timezone": "America/Bogota",
        "invoice_prefix": other.invoice_prefix,  # another cloud's series
        "invoice_number_width": "13",  # 1 to 12 digits
    }
    data.pop("slug")
    before = AuditEntry.objects.count()
    response = as_user("padmin").post("/clouds/telenet/edit/", data)
    assert response.status_code == 200
    errors = field_errors(response)
    assert set(errors) == {"currency", "invoice_prefix", "invoice_number_width"}, errors
    assert errors["currency"] == ["The currency cannot change once the cloud has tariffs."]
    assert len(errors["invoice_prefix"]) == 1 and "already exists" in errors["invoice_prefix"][0]
    assert errors["invoice_number_width"] == ["Between 1 and 12 digits."]
    assert 'class="form-errors"' not in response.content.decode()
    telenet.refresh_from_db()
    assert (telenet.currency, telenet.invoice_number_width) == ("USD", 6)
    assert AuditEntry.objects.count() == before


def test_field_errors_collects_and_keeps_each_code() -> None:
    errors = FieldErrors()
    errors.check(lambda: (_ for _ in ()).throw(validation("a", "Bad a.")))
    errors.add("b", "Bad b.", ErrorCode.UNKNOWN_CURRENCY)
    errors.add_error(DomainError(ErrorCode.DUPLICATE, "A thing with c 'x' exists.", {"c": ["x"]}))
    with pytest.raises(DomainError) as exc:
        errors.raise_if_any()
    e = exc.value
    assert e.code == ErrorCode.VALIDATION and e.http_status == 400
    assert e.fields == {"a": ["Bad a."], "b": ["Bad b."], "c": ["A thing with c 'x' exists."]}
    assert e.field_codes == {  # type: ignore[attr-defined]
        "a": "validation_error",
        "b": "unknown_currency",
        "c": "duplicate",
    }
    # One refusal is raised as it was (a duplicate stays a 409).
    one = FieldErrors()
    one.add_error(DomainError(ErrorCode.DUPLICATE, "Taken.", {"c": ["x"]}))
    with pytest.raises(DomainError) as exc:
        one.raise_if_any()
    assert exc.value.http_status == 409
    # A 404 is never collected: there is no field to show it on.
    with pytest.raises(DomainError), FieldErrors().field():
        raise DomainError(ErrorCode.NOT_FOUND, "No such account.", {"account": ["?"]})


def test_a_refusal_goes_on_top_only_when_it_belongs_to_no_field() -> None:
    class F(forms.Form):
        name = forms.CharField()

    form = F(data={"name": "x"})
    assert form.is_valid()
    apply_domain_error(
        form, DomainError(ErrorCode.CYCLE, "That would make a cycle.", {"name": ["Cycle."]})
    )
    assert form.errors == {"name": ["That would make a cycle."]}
    form = F(data={"name": "x"})
    form.is_valid()
    apply_domain_error(form, DomainError(ErrorCode.INVALID_STATE, "The invoice is issued."))
    assert form.errors == {"__all__": ["The invoice is issued."]}
    form = F(data={"name": "x"})
    form.is_valid()
    apply_domain_error(
        form, DomainError(ErrorCode.VALIDATION, "x", {"name": ["A."], "hidden": ["B."]})
    )
    assert form.errors == {"name": ["A."], "__all__": ["hidden: B."]}


def test_cloud_form_offers_currency_and_time_zone_lists(world: Any, as_user: Any) -> None:
    html = as_user("padmin").get("/clouds/new/").content.decode()
    select = html.split('name="currency"')[1].split("</select>")[0]
    assert '<option value="USD">USD - US Dollar</option>' in select
    assert '<option value="COP">COP - Colombian Peso</option>' in select
    assert 'value="XXX"' not in select  # no "no currency" code: the verbs refuse it
    assert 'list="id_timezone-zones"' in html
    zones = html.split('<datalist id="id_timezone-zones">')[1].split("</datalist>")[0]
    assert '<option value="America/Bogota" label="UTC-05:00">' in zones
    assert 'value="UTC"' in zones and 'value="Etc/GMT+5"' not in zones


def test_currency_and_country_names_follow_the_reader_s_language() -> None:
    with translation.override("es"):
        assert ("USD", "USD - dólar estadounidense") in currency_choices()
        assert ("DE", "Alemania (DE)") in country_choices()
    with translation.override("pt-br"):
        assert ("DE", "Alemanha (DE)") in country_choices()
    with translation.override("en"):
        assert ("DE", "Germany (DE)") in country_choices()
        assert country_choices()[0] == ("", "---------")


def test_a_money_box_shows_its_currency(world: Any, as_user: Any) -> None:
    html = as_user("padmin").get("/services/REC_DAY/price/").content.decode()
    box = re.search(r'<span class="input-money">.*?</span></span>', html, re.S)
    assert box and 'name="amount"' in box.group(0)
    assert 'data-currency-of="id_currency"' in box.group(0)
    # A cloud's retail tariff is priced in the cloud's currency, shown beside the box.
    html = as_user("cadmin").get("/clouds/telenet/tariffs/new/").content.decode()
    assert re.search(
        r'name="price"[^>]*aria-describedby="[^"]*id_price_currency"[^>]*>\s*'
        r'<span class="addon" id="id_price_currency">USD</span>',
        html,
    ), html.split('name="price"')[1][:400]


def test_the_payment_form_has_a_money_box_and_a_time_picker(world: Any, as_user: Any) -> None:
    html = as_user("cadmin").get("/clouds/telenet/payments/").content.decode()
    assert '<span class="addon" id="id_amount_currency">USD</span>' in html
    assert 'type="datetime-local" name="received_at"' in html


def test_a_tariff_price_change_asks_for_and_shows_its_effective_date(
    world: Any, as_user: Any
) -> None:
    import time_machine

    from cambill.catalog.models import TariffPrice
    from tests.conftest import utc
    from tests.web.test_flows import rows

    client = as_user("cadmin")
    rec, lpr = world.services["REC_DAY"], world.services["LPR"]
    plan = world.tariffs["TRAFFIC7"]
    base = {"name": plan.name, "active": "on", **rows((rec.pk, 7), (lpr.pk, 1), total=2, initial=2)}
    url = "/clouds/telenet/tariffs/TRAFFIC7/edit/"
    before = list(TariffPrice.objects.filter(tariff=plan).values_list("valid_from", "amount"))
    with time_machine.travel(utc(2026, 5, 10, 15), tick=False):
        page = client.get(url).content.decode()
        assert 'type="date" name="price_valid_from"' in page
        assert "New price effective from" in page
        # Saving with the same price adds no dated price.
        response = client.post(url, {**base, "price": "12.00"})
        assert response.status_code == 302
        assert (
            list(TariffPrice.objects.filter(tariff=plan).values_list("valid_from", "amount"))
            == before
        )
        response = client.post(url, {**base, "price": "14.50", "price_valid_from": "2026-06-01"})
        assert response.status_code == 302
        new = TariffPrice.objects.get(tariff=plan, valid_from=date(2026, 6, 1))
        assert new.amount == Decimal("14.50")
        detail = client.get("/clouds/telenet/tariffs/TRAFFIC7/").content.decode()
    section = detail.split('id="prices"')[1].split("</section>")[0]
    assert "Effective from" in section
    assert "2026-06-01" in section and "14.50" in section and "scheduled" in section
    assert "12.00" in section and "in effect" in section
