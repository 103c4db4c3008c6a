"""Fields that offer the valid values instead of a text box: currency (ISO 4217
with its name), country (ISO 3166-1 with its name), language (the product's
three) and time zone (IANA, searchable).

Names are read in the reader's language (babel / CLDR) each time a form is
built, so the lists follow the language switcher. The choices are the same
rules the verbs apply (``is_currency``, ``is_timezone``, ``legal.countries``):
a value the form offers is one the verb accepts, and a value typed by hand
(the time zone box, a crafted POST) is refused on its field in the same submit
as every other field error.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cambill.core import languages
from cambill.core.money import is_currency
from cambill.core.periods import is_timezone


def _locale() -> str:
    return languages.babel_locale(translation.get_language())


@lru_cache(maxsize=1)
def currency_codes() -> tuple[str, ...]:
    """Active ISO 4217 currencies with a minor unit (what ``is_currency`` accepts)."""
    from iso4217 import Currency

    return tuple(sorted(c.code for c in Currency if is_currency(c.code)))


@lru_cache(maxsize=8)
def _currency_labels(locale: str) -> tuple[tuple[str, str], ...]:
    from babel.numbers import get_currency_name

    return tuple(
        (code, f"{code} - {get_currency_name(code, locale=locale)}") for code in currency_codes()
    )


def currency_choices(blank: bool = False) -> list[tuple[str, str]]:
    """``[("USD", "USD - US Dollar"), ...]`` in the reader's language."""
    out = list(_currency_labels(_locale()))
    return [("", "---------"), *out] if blank else out


@lru_cache(maxsize=8)
def _country_labels(locale: str) -> tuple[tuple[str, str], ...]:
    from babel import Locale

    from cambill.einvoice.legal import countries

    names = Locale.parse(locale).territories
    rows = [(code, str(names.get(code, english))) for code, english in countries().items()]
    # Sorted by the name the reader sees (the code comes second, e.g. "Colombia (CO)").
    return tuple((code, f"{name} ({code})") for code, name in sorted(rows, key=lambda r: r[1]))


def country_choices(blank: bool = True) -> list[tuple[str, str]]:
    """ISO 3166-1 alpha-2 codes with their names in the reader's language."""
    out = list(_country_labels(_locale()))
    return [("", "---------"), *out] if blank else out


def country_name(code: str) -> str:
    """A country's name in the reader's language (the code when unknown)."""
    return dict(_country_labels(_locale())).get(code, code).rsplit(" (", 1)[0]


def language_choices() -> list[tuple[str, str]]:
    """The product's languages, each in its own name (as the switchers show them)."""
    return list(languages.CHOICES)


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    """The IANA zones to suggest: regions' cities and UTC (not the ``Etc/`` aliases)."""
    names = {z for z in available_timezones() if is_timezone(z)}
    cities = sorted(z for z in names if "/" in z and not z.startswith(("Etc/", "SystemV/")))
    return (*cities, "UTC")


def utc_offset(name: str, now: datetime | None = None) -> str:
    """``UTC-05:00``: the zone's offset now (it changes with daylight saving)."""
    offset = (now or datetime.now(UTC)).astimezone(ZoneInfo(name)).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def zone_choices() -> list[tuple[str, str]]:
    """``[("America/Bogota", "UTC-05:00"), ...]``: the suggestions of the time zone box."""
    now = datetime.now(UTC)
    return [(z, utc_offset(z, now)) for z in zone_names()]


class CurrencyField(forms.ChoiceField):
    """An ISO 4217 currency, chosen from the list (code and name)."""

    def __init__(self, *, required: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Currency"))
        super().__init__(
            choices=lambda: currency_choices(blank=not required), required=required, **kwargs
        )

    def to_python(self, value: Any) -> str:
        # An API-style lower-case code typed into a crafted POST still means the currency.
        return super().to_python(value).strip().upper()

    def validate(self, value: Any) -> None:
        super(forms.ChoiceField, self).validate(value)
        if value and not is_currency(value):
            raise forms.ValidationError(
                gettext("'%(value)s' is not an ISO 4217 currency code.") % {"value": value},
                code="unknown_currency",
            )


class CountryField(forms.ChoiceField):
    """An ISO 3166-1 country, chosen from the list (its name in the reader's language)."""

    def __init__(self, *, required: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Country"))
        super().__init__(choices=lambda: country_choices(blank=True), required=required, **kwargs)

    def to_python(self, value: Any) -> str:
        return super().to_python(value).strip().upper()


class LanguageField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Language"))
        super().__init__(choices=language_choices, **kwargs)


class TimezoneInput(forms.TextInput):
    """A text box that searches the IANA zones as one types (a native ``<datalist>``:
    no script, so it works with the strict CSP and without JavaScript)."""

    template_name = "web/widgets/timezone.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = {**(attrs or {}), "autocomplete": "off", "spellcheck": "false"}
        attrs["list"] = f"{attrs.get('id', name)}-zones"
        ctx = super().get_context(name, value, attrs)
        ctx["widget"]["zones"] = zone_choices()
        return ctx


class TimezoneField(forms.CharField):
    """An IANA time zone: typed with suggestions, refused on its field when unknown."""

    widget = TimezoneInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Time zone"))
        kwargs.setdefault("max_length", 64)
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and not is_timezone(value):
            raise forms.ValidationError(
                gettext("'%(value)s' is not an IANA time zone; pick one from the list.")
                % {"value": value},
                code="unknown_timezone",
            )
