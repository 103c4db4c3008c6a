"""The languages cambill speaks: the one list every part of the product reads.

Adding a language is one entry here, plus its gettext catalogue under
``cambill/locale/<locale>/`` and its invoice labels and reminder e-mails (a test
fails while one of those is missing).

A language's ``code`` is Django's language code, lowercase (``"pt-br"``): it is
what users, subscriber accounts, invoices and agents' statements store, what the
API accepts and what ``translation.get_language()`` returns. babel (CLDR) and
the catalogue directory spell the same language ``pt_BR`` (``locale``).

This module is imported by ``settings.py``: it must not import Django.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Language:
    """One language of the product."""

    code: str  # Django language code, as stored on users, accounts and invoices
    name: str  # the language's own name, shown in the switchers (never translated)
    locale: str  # babel / CLDR locale and the catalogue's directory name
    date_pattern: str  # CLDR pattern of a date on pages and reports
    datetime_pattern: str


# English keeps ISO order, which billing teams read without ambiguity; Spanish
# and Brazilian Portuguese write day/month/year.
LANGUAGES: tuple[Language, ...] = (
    Language("en", "English", "en", "yyyy-MM-dd", "yyyy-MM-dd HH:mm"),
    Language("es", "Español", "es", "dd/MM/yyyy", "dd/MM/yyyy HH:mm"),
    Language("pt-br", "Português (Brasil)", "pt_BR", "dd/MM/yyyy", "dd/MM/yyyy HH:mm"),
)

DEFAULT = "en"
CODES: tuple[str, ...] = tuple(lang.code for lang in LANGUAGES)
# (code, native name) pairs for settings.LANGUAGES, model and form choices.
CHOICES: list[tuple[str, str]] = [(lang.code, lang.name) for lang in LANGUAGES]
BY_CODE: dict[str, Language] = {lang.code: lang for lang in LANGUAGES}
DATE_PATTERNS: dict[str, str] = {lang.code: lang.date_pattern for lang in LANGUAGES}
DATETIME_PATTERNS: dict[str, str] = {lang.code: lang.datetime_pattern for lang in LANGUAGES}


def is_supported(code: object) -> bool:
    """Whether ``code`` is exactly one of the stored language codes."""
    return isinstance(code, str) and code in BY_CODE


def match(code: str | None) -> str | None:
    """The product language for a language tag from outside (a browser, a
    setting, ``get_language()``): ``"pt-BR"``, ``"pt_BR"`` and ``"pt"`` give
    ``"pt-br"``, ``"es-CO"`` gives ``"es"``; None when nothing fits. The same
    fallbacks as Django's ``get_supported_language_variant``."""
    if not code:
        return None
    tag = code.strip().lower().replace("_", "-")
    if tag in BY_CODE:
        return tag
    base = tag.split("-")[0]
    if base in BY_CODE:
        return base
    for known in CODES:
        if known.split("-")[0] == base:
            return known
    return None


def supported(code: str | None) -> str:
    """``match(code)``, or the default language when nothing fits."""
    return match(code) or DEFAULT


def babel_locale(code: str | None) -> str:
    """The babel locale of a language code (``"pt-br"`` -> ``"pt_BR"``)."""
    return BY_CODE[supported(code)].locale


def codes_text() -> str:
    """The accepted codes for an error message: ``'en', 'es' or 'pt-br'``."""
    quoted = [f"'{c}'" for c in CODES]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1] if len(quoted) > 1 else quoted[0]


def use_message() -> str:
    """The message of a validation error on a language field."""
    from django.utils.translation import gettext

    return gettext("Use %(codes)s.") % {"codes": codes_text()}
