"""The one list of languages: English, Spanish and Brazilian Portuguese, and
everything a language needs to exist for each of them (settings, catalogue,
invoice labels, reminder e-mails, date patterns)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from cambill.core import languages

ROOT = Path(__file__).resolve().parents[2] / "cambill"


def test_the_products_languages() -> None:
    assert languages.CODES == ("en", "es", "pt-br")
    assert languages.CHOICES == [
        ("en", "English"),
        ("es", "Español"),
        ("pt-br", "Português (Brasil)"),
    ]
    # Django reads the same list: the switcher, LocaleMiddleware, model choices.
    assert list(settings.LANGUAGES) == languages.CHOICES
    assert settings.LANGUAGE_CODE == languages.DEFAULT == "en"


@pytest.mark.parametrize(
    ("code", "supported"),
    [("en", True), ("es", True), ("pt-br", True), ("pt-BR", False), ("pt", False), ("fr", False)],
)
def test_is_supported_takes_only_the_stored_codes(code: str, supported: bool) -> None:
    assert languages.is_supported(code) is supported


def test_is_supported_refuses_what_is_not_a_code() -> None:
    for value in (None, "", 1, ["es"], "ES", " es"):
        assert languages.is_supported(value) is False


@pytest.mark.parametrize(
    ("tag", "code"),
    [
        ("pt-br", "pt-br"),
        ("pt-BR", "pt-br"),
        ("pt_BR", "pt-br"),
        ("pt", "pt-br"),
        ("pt-PT", "pt-br"),  # the only Portuguese there is
        ("es-CO", "es"),
        ("ES", "es"),
        ("en-us", "en"),
        ("fr", None),
        ("", None),
        (None, None),
    ],
)
def test_match_reads_tags_from_outside(tag: str | None, code: str | None) -> None:
    assert languages.match(tag) == code
    assert languages.supported(tag) == (code or "en")


def test_babel_locales_and_date_patterns() -> None:
    assert [languages.babel_locale(c) for c in languages.CODES] == ["en", "es", "pt_BR"]
    assert languages.babel_locale("fr") == "en"
    assert languages.DATE_PATTERNS == {
        "en": "yyyy-MM-dd",
        "es": "dd/MM/yyyy",
        "pt-br": "dd/MM/yyyy",
    }
    assert languages.DATETIME_PATTERNS["pt-br"] == "dd/MM/yyyy HH:mm"


def test_the_error_message_names_every_code() -> None:
    assert languages.use_message() == "Use 'en', 'es' or 'pt-br'."


@pytest.mark.parametrize("lang", languages.LANGUAGES, ids=lambda lang: lang.code)
def test_every_language_has_all_it_needs(lang: languages.Language) -> None:
    from cambill.invoicing.labels import LABELS, labels

    # Invoice labels, read from the catalogue in the invoice's language: every
    # one present, and in another language than English for the others.
    printed = labels(lang.code)
    assert set(printed) == set(LABELS) and all(printed.values())
    if lang.code != "en":
        assert printed["total"] != labels("en")["total"]
        assert printed["reverse_charge"] != labels("en")["reverse_charge"]
    # Reminder e-mails.
    emails = ROOT / "payments" / "templates" / "payments" / "email"
    assert (emails / f"reminder.{lang.code}.txt").is_file()
    assert (emails / f"reminder_subject.{lang.code}.txt").is_file()
    # A compiled catalogue (English is the source language).
    if lang.code != "en":
        mo = ROOT / "locale" / lang.locale / "LC_MESSAGES" / "django.mo"
        assert mo.is_file() and mo.with_suffix(".po").is_file()
