"""Money names its currency unambiguously in every language, with ISO 4217's decimals
(docs/decisions/0009: COP 2, JPY 0): the ISO code after the number by default, or,
with ``CAMBILL_MONEY_DISPLAY=symbol``, the reader's CLDR layout with a symbol only
where no other currency uses it ("$" and "¥" alone never)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import override_settings

from cambill.core.money import currency_sign, format_money

NB = "\u00a0"
AMOUNT = Decimal("1234.565")

CODE = {
    "en": [
        "1,234.57 USD",
        "1,234.57 COP",
        "1,234.57 EUR",
        "1,234.57 BRL",
        "1,234.57 MXN",
        "1,235 JPY",
    ],
    "es": [
        "1.234,57 USD",
        "1.234,57 COP",
        "1.234,57 EUR",
        "1.234,57 BRL",
        "1.234,57 MXN",
        "1.235 JPY",
    ],
    "pt-br": [
        "1.234,57 USD",
        "1.234,57 COP",
        "1.234,57 EUR",
        "1.234,57 BRL",
        "1.234,57 MXN",
        "1.235 JPY",
    ],
}
SYMBOL = {
    "en": [
        f"USD{NB}1,234.57",
        f"COP{NB}1,234.57",
        "€1,234.57",
        "R$1,234.57",
        "MX$1,234.57",
        f"JPY{NB}1,235",
    ],
    "es": [
        f"1.234,57{NB}US$",
        f"1.234,57{NB}COP",
        f"1.234,57{NB}€",
        f"1.234,57{NB}BRL",
        f"1.234,57{NB}MXN",
        f"1.235{NB}JPY",
    ],
    "pt-br": [
        f"US${NB}1.234,57",
        f"COP{NB}1.234,57",
        f"€{NB}1.234,57",
        f"R${NB}1.234,57",
        f"MX${NB}1.234,57",
        f"JP¥{NB}1.235",
    ],
}
CURRENCIES = ["USD", "COP", "EUR", "BRL", "MXN", "JPY"]


@pytest.mark.parametrize("lang", ["en", "es", "pt-br"])
def test_the_iso_code_after_the_number_by_default(lang: str) -> None:
    assert [format_money(AMOUNT, c, lang) for c in CURRENCIES] == CODE[lang]


@pytest.mark.parametrize("lang", ["en", "es", "pt-br"])
def test_the_cldr_layout_with_unambiguous_symbols(lang: str) -> None:
    with override_settings(CAMBILL_MONEY_DISPLAY="symbol"):
        assert [format_money(AMOUNT, c, lang) for c in CURRENCIES] == SYMBOL[lang]


def test_a_bare_dollar_or_yen_is_never_shown_and_negatives_lead_with_the_minus() -> None:
    assert currency_sign("USD", "en") == "USD"  # "$" is the dollar of 27 currencies
    assert currency_sign("JPY", "en") == "JPY"  # "¥" is also the yuan's
    assert currency_sign("CAD", "en") == "CA$"
    assert currency_sign("EUR", "es") == "€"
    with override_settings(CAMBILL_MONEY_DISPLAY="symbol"):
        assert format_money(Decimal("-12.5"), "USD", "en") == f"-USD{NB}12.50"
        assert format_money(Decimal("-12.5"), "EUR", "es") == f"-12,50{NB}€"
        assert format_money(Decimal("-12.5"), "BRL", "pt-br") == f"-R${NB}12,50"
        # ISO 4217 places, never CLDR's: IQD has 3 in ISO (CLDR says 0)
        assert format_money(Decimal("5"), "IQD", "en") == f"IQD{NB}5.000"
