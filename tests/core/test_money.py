from decimal import Decimal
from fractions import Fraction

import pytest

from cambill.core.money import (
    UnknownCurrency,
    format_money,
    is_currency,
    minor_units,
    money_text,
    percent_of,
    quantum,
    round_money,
)


@pytest.mark.parametrize(
    ("currency", "places"),
    [
        ("USD", 2),
        ("EUR", 2),
        ("JPY", 0),
        ("KWD", 3),
        ("COP", 2),
        ("CLP", 0),
        # ISO 4217 and CLDR disagree on these: babel says 0 for every one of them.
        ("IQD", 3),
        ("RSD", 2),
        ("LAK", 2),
        ("IRR", 2),
        ("KPW", 2),
        ("LBP", 2),
        ("SYP", 2),
        ("YER", 2),
        ("ALL", 2),
        ("AFN", 2),
        ("MMK", 2),
        ("SOS", 2),
        ("MGA", 2),
        ("ISK", 0),
        ("UYW", 4),
    ],
)
def test_minor_units_come_from_iso_4217(currency: str, places: int) -> None:
    assert minor_units(currency) == places


@pytest.mark.parametrize("code", ["XYZ", "usd", "", "XAU", "XXX", "HRK", "US", "USDD", None])
def test_unknown_currency_is_refused(code) -> None:  # type: ignore[no-untyped-def]
    assert not is_currency(code)
    with pytest.raises(UnknownCurrency):
        minor_units(code)


# One line of 10 / 3 of the currency, rounded once, half-up; its quantum.
@pytest.mark.parametrize(
    ("currency", "q", "line", "text"),
    [
        ("IQD", Decimal("0.001"), Decimal("3.333"), "3.333"),
        ("RSD", Decimal("0.01"), Decimal("3.33"), "3.33"),
        ("JPY", Decimal("1"), Decimal("3"), "3"),
        ("KWD", Decimal("0.001"), Decimal("3.333"), "3.333"),
        ("USD", Decimal("0.01"), Decimal("3.33"), "3.33"),
        ("COP", Decimal("0.01"), Decimal("3.33"), "3.33"),
        ("CLP", Decimal("1"), Decimal("3"), "3"),
    ],
)
def test_quantum_and_line_rounding_per_currency(currency, q, line, text) -> None:  # type: ignore[no-untyped-def]
    assert quantum(currency) == q
    assert str(quantum(currency)) == str(q)
    rounded = round_money(Fraction(10, 3), currency)
    assert rounded == line
    assert str(rounded) == text  # the exponent is the currency's, exactly
    assert round_money(Decimal(10) / Decimal(3), currency) == line


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (Decimal("30"), "USD", "30.00"),
        (Decimal("3E+1"), "USD", "30.00"),
        (Decimal("-10"), "USD", "-10.00"),
        (Decimal("1.2345"), "IQD", "1.235"),
        (Decimal("1E+3"), "JPY", "1000"),
    ],
)
def test_money_text_is_the_plain_exact_decimal(amount, currency, text) -> None:  # type: ignore[no-untyped-def]
    assert money_text(amount, currency) == text


def test_formatting_shows_the_iso_places_not_cldr() -> None:
    # CLDR's digits would print "1,235 IQD" and "1,234 RSD" (0 places).
    assert format_money(Decimal("1234.567"), "IQD", "en") == "1,234.567 IQD"
    assert format_money(Decimal("1234.5"), "RSD", "en") == "1,234.50 RSD"
    assert format_money(Decimal("1234.5"), "RSD", "es") == "1.234,50 RSD"
    assert format_money(Decimal("1234"), "JPY", "en") == "1,234 JPY"
    assert format_money(Decimal("0.305000"), "USD", "en", max_places=6) == "0.305 USD"


# The one formatter of pages, PDFs and e-mails, per language and currency: babel lays
# the number out for the language, ISO 4217 gives the places, the ISO code follows.
@pytest.mark.parametrize(
    ("language", "currency", "amount", "text"),
    [
        ("en", "USD", "1234567.5", "1,234,567.50 USD"),
        ("en", "COP", "1234567.5", "1,234,567.50 COP"),
        ("en", "JPY", "1234567", "1,234,567 JPY"),
        ("en", "IQD", "1234567.5", "1,234,567.500 IQD"),
        ("es", "USD", "1234567.5", "1.234.567,50 USD"),
        ("es", "COP", "1234567.5", "1.234.567,50 COP"),
        ("es", "JPY", "1234567", "1.234.567 JPY"),
        ("es", "IQD", "1234567.5", "1.234.567,500 IQD"),
        ("pt-br", "USD", "1234567.5", "1.234.567,50 USD"),
        ("pt-br", "COP", "1234567.5", "1.234.567,50 COP"),
        ("pt-br", "JPY", "1234567", "1.234.567 JPY"),
        ("pt-br", "IQD", "1234567.5", "1.234.567,500 IQD"),
        # babel's spelling of the language is accepted too.
        ("pt_BR", "USD", "-10", "-10,00 USD"),
        ("es", "USD", "-1.03", "-1,03 USD"),
        ("en", "JPY", "-500", "-500 JPY"),
    ],
)
def test_one_formatter_per_language_and_currency(language, currency, amount, text) -> None:  # type: ignore[no-untyped-def]
    assert format_money(Decimal(amount), currency, language) == text


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        # An amount is rounded once, half-up, to the currency's places (not babel's
        # half-even): 2.125 is 2.13, 0.5 yen is 1.
        ("2.125", "USD", "2.13 USD"),
        ("0.5", "JPY", "1 JPY"),
        ("1.0005", "IQD", "1.001 IQD"),
        ("3E+1", "USD", "30.00 USD"),
    ],
)
def test_formatter_rounds_half_up_to_iso_places(amount, currency, text) -> None:  # type: ignore[no-untyped-def]
    assert format_money(Decimal(amount), currency, "en") == text


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        ("12.000000", "USD", "12.00 USD"),
        ("0.305000", "USD", "0.305 USD"),
        ("0.123456", "JPY", "0.123456 JPY"),
        ("0.1234565", "USD", "0.123457 USD"),  # a price keeps 6 places at most
        ("1.5", "IQD", "1.500 IQD"),
    ],
)
def test_formatter_shows_price_places(amount, currency, text) -> None:  # type: ignore[no-untyped-def]
    assert format_money(Decimal(amount), currency, "en", max_places=6) == text


def test_formatter_follows_the_active_language() -> None:
    from django.utils import translation

    with translation.override("pt-br"):
        assert format_money(Decimal("1234.5"), "USD") == "1.234,50 USD"
    with translation.override("en"):
        assert format_money(Decimal("1234.5"), "USD") == "1,234.50 USD"


def test_pages_pdfs_and_emails_share_the_formatter() -> None:
    """The pages' filter, the invoice PDF, the report PDF and the reminder e-mail
    print the same text for one amount in one language."""
    from zoneinfo import ZoneInfo

    from django.utils import translation

    from cambill.invoicing import pdf as invoice_pdf
    from cambill.reports.pdf import Fmt
    from cambill.web.templatetags.cambill_web import price

    amount = Decimal("1234.5")
    for language, text in (("en", "1,234.50 USD"), ("es", "1.234,50 USD")):
        with translation.override(language):
            assert price(amount, "USD") == text
        assert invoice_pdf.money(amount, "USD", language) == text
        assert Fmt(language, "USD", ZoneInfo("UTC")).money(amount) == text


def test_money_class_is_gone() -> None:
    import cambill.core.money as money

    assert not hasattr(money, "Money")


def test_one_quantum() -> None:
    """The exports, the payments' amount check and the gateways' amounts all use
    ``quantum``: the quantum of an amount written by an export is the currency's."""
    from cambill.core.tabular import Money, plain

    for currency in ("USD", "JPY", "IQD"):
        cell = plain(Money(Decimal("1"), currency))
        assert cell.as_tuple().exponent == quantum(currency).as_tuple().exponent


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        (Fraction(3 * 22, 31), "USD", Decimal("2.13")),
        (Fraction(5, 1000), "USD", Decimal("0.01")),  # half-up, not banker's
        (Fraction(-5, 1000), "USD", Decimal("-0.01")),
        (Fraction(25, 10), "JPY", Decimal("3")),
        (Fraction(12345, 10000), "KWD", Decimal("1.235")),
        (Decimal("2.675"), "USD", Decimal("2.68")),
    ],
)
def test_round_once_half_up(value, currency, expected) -> None:  # type: ignore[no-untyped-def]
    assert round_money(value, currency) == expected


def test_percent_of_is_one_rounding() -> None:
    assert percent_of(Decimal("21.77"), Decimal("19"), "USD") == Decimal("4.14")
    assert percent_of(Decimal("10.32"), Decimal("10"), "USD") == Decimal("1.03")
