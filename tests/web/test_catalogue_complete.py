"""The Spanish and Brazilian Portuguese catalogues are complete, and stay
complete as pages are added.

``test_i18n.py`` checks the committed ``django.po`` with a small parser that
sees singular entries only; here Babel reads it whole (plural forms and
``msgctxt`` entries too), and the catalogue is regenerated from the sources
into a scratch copy, so a string wrapped in gettext but never added to the
catalogue (or an extraction that silently misses strings) fails a test instead
of showing English on a Spanish or Portuguese page. Every test runs once per
catalogue: a new language of ``cambill.core.languages`` joins ``LOCALES``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ["es", "pt_BR"]
# The header's plural rule per catalogue (Brazilian Portuguese: 0 and 1 are singular).
PLURAL_FORMS = {"es": "nplurals=2; plural=(n != 1);", "pt_BR": "nplurals=2; plural=(n > 1);"}


def po(locale: str) -> Path:
    return ROOT / "cambill" / "locale" / locale / "LC_MESSAGES" / "django.po"


GETTEXT_TOOLS = ("xgettext", "msguniq", "msgmerge", "msgattrib")

# %(name)s / %(name)d / %(ratio).1f / %% / %s / %d, {name} / {}, and HTML tags
# must survive translation unchanged (in any order).
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdfr]|%%|%[sd]|\{\w*\}|</?[a-zA-Z][^>]*>")


def read(path: Path, locale: str = "es") -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=locale, abort_invalid=True)


def label(m: Message) -> str:
    ident = m.id[0] if isinstance(m.id, tuple) else m.id
    return f"{m.context}|{ident}" if m.context else str(ident)


def incomplete(catalog: Catalog) -> list[str]:
    """Entries with no translation, an empty plural form, or a fuzzy flag."""
    out = []
    for m in catalog:
        if not m.id:
            continue  # the header
        forms = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy or not all(forms):
            out.append(label(m))
    return out


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_the_catalogues_are_those_of_the_products_languages() -> None:
    from cambill.core import languages

    assert sorted(lang.locale for lang in languages.LANGUAGES if lang.code != "en") == sorted(
        LOCALES
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_the_catalogue_has_no_untranslated_or_fuzzy_entry(locale: str) -> None:
    catalog = read(po(locale), locale)
    assert catalog.num_plurals == 2
    assert catalog.plural_forms == PLURAL_FORMS[locale]
    header = po(locale).read_text(encoding="utf-8")
    assert f'"Plural-Forms: {PLURAL_FORMS[locale]}\\n"' in header
    assert not catalog.fuzzy  # the header
    entries = [m for m in catalog if m.id]
    assert len(entries) > 700
    assert any(m.pluralizable for m in entries) and any(m.context for m in entries)
    assert incomplete(catalog) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_placeholders_markup_and_plural_forms(locale: str) -> None:
    wrong = []
    for m in read(po(locale), locale):
        if not m.id:
            continue
        if m.pluralizable:
            assert isinstance(m.string, tuple) and len(m.string) == 2, label(m)
            # Spanish and Portuguese have two forms, as English has (the rule
            # that picks one differs: Portuguese says "0 fatura").
            pairs = list(zip(m.id, m.string, strict=True))
        else:
            pairs = [(m.id, m.string)]
        for source, translation in pairs:
            if placeholders(source) != placeholders(translation):
                wrong.append((label(m), placeholders(source), placeholders(translation)))
    assert wrong == []


@pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in GETTEXT_TOOLS), reason="needs GNU gettext"
)
@pytest.mark.parametrize("locale", LOCALES)
def test_every_string_of_the_sources_is_in_the_catalogue(
    tmp_path: Path, monkeypatch: Any, settings: Any, locale: str
) -> None:
    """``makemessages`` over a scratch copy of the sources must find nothing new:
    every string wrapped in gettext already has its translation."""
    from django.core.management import call_command

    shutil.copytree(
        ROOT / "cambill",
        tmp_path / "cambill",
        ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo", "*.sqlite3"),
    )
    copy = tmp_path / "cambill" / "locale"
    settings.LOCALE_PATHS = [copy]  # never touch the real catalogue
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=[locale], no_obsolete=True, verbosity=0)
    regenerated = read(copy / locale / "LC_MESSAGES" / "django.po", locale)
    missing = incomplete(regenerated)
    assert missing == [], (
        f"strings without a {locale} translation; run `cambill makemessages -l {locale} "
        "--no-obsolete --ignore=.venv --ignore=.venv-openmeter --ignore=tests --ignore=var "
        "--ignore=bench --ignore=test-artifacts --ignore=clients --ignore=cambill_sandbox`, "
        "translate them, then msgfmt: " + ", ".join(missing[:20])
    )
    # The extraction saw the whole product, Django templates and Python alike,
    # including the PDF reports' own template engine.
    sources = {loc for m in regenerated for loc, _line in m.locations}
    for expected in (
        "cambill/reports/templates/reports/bill_run_pdf.html",
        "cambill/referrals/templates/referrals/statement_pdf.html",
        "cambill/web/dashboard/views/dashboards.py",
    ):
        assert expected in sources, expected
