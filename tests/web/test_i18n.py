"""English, Spanish and Brazilian Portuguese: the switcher keeps the choice on
the user, sign-in opens in the user's language, the browser's Accept-Language
is heard, amounts and dates follow the language, and the Spanish and Portuguese
catalogues are complete and compiled."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _back_to_the_default_language() -> Any:
    """Requests in Spanish leave Spanish active in this thread (LocaleMiddleware
    never deactivates); later tests in the same worker must start in English."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


LOCALES = Path(__file__).resolve().parents[2] / "cambill" / "locale"
LOCALE = LOCALES / "es" / "LC_MESSAGES"


def test_the_switcher_keeps_the_language_on_the_user(world: Any, as_user: Any) -> None:
    client = as_user("cadmin")
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/clouds/telenet/"})
    assert response.status_code == 302 and response["Location"] == "/clouds/telenet/"
    world.users["cadmin"].refresh_from_db()
    assert world.users["cadmin"].language == "es"
    page = client.get("/clouds/telenet/").content.decode()
    assert '<html lang="es"' in page
    assert "Cerrar sesión" in page and "Administrador de la nube" in page
    # And back.
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    world.users["cadmin"].refresh_from_db()
    assert world.users["cadmin"].language == "en"
    assert "Sign out" in client.get("/clouds/telenet/").content.decode()


def test_an_anonymous_switch_changes_only_the_cookie(db: Any, client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/login/"})
    assert response.cookies["django_language"].value == "es"
    assert "Iniciar sesión" in client.get("/login/").content.decode()


def test_sign_in_opens_in_the_users_language(world: Any, client: Client) -> None:
    from cambill.accounts.services import user_update
    from cambill.core.access import SYSTEM

    user_update(actor=SYSTEM, user=world.users["amanager"], language="es")
    client.post("/login/", {"username": "amanager", "password": PASSWORD})
    page = client.get("/", follow=True).content.decode()
    assert "Gestor de cuentas" in page and "Cuentas" in page


def test_amounts_numbers_and_dates_follow_the_language() -> None:
    from cambill.web.core import format as fmt

    when = dt.datetime(2026, 3, 1, 5, 7, tzinfo=dt.UTC)
    with translation.override("en"):
        assert fmt.price_text(Decimal("1234.5"), "USD") == "1,234.50 USD"
        assert fmt.price_text(Decimal("0.305000"), "USD") == "0.305 USD"
        assert fmt.quantity_text(Decimal("12345.50")) == "12,345.5"
        assert fmt.date_text(when.date()) == "2026-03-01"
        assert fmt.datetime_text(when) == "2026-03-01 05:07 UTC"  # the zone named
    with translation.override("es"):
        assert fmt.price_text(Decimal("1234.5"), "USD") == "1.234,50 USD"
        assert fmt.price_text(Decimal("0.305000"), "USD") == "0,305 USD"
        assert fmt.price_text(Decimal("12"), "JPY") == "12 JPY"
        assert fmt.quantity_text(Decimal("12345.50")) == "12.345,5"
        assert fmt.percent_text(Decimal("7.50")) == "7,5 %"
        assert fmt.date_text(when.date()) == "01/03/2026"
        assert fmt.datetime_text(when) == "01/03/2026 05:07 UTC"


def test_a_spanish_page_shows_spanish_amounts_and_choices(world: Any, as_user: Any) -> None:
    client = as_user("padmin")
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    page = client.get("/clouds/telenet/").content.decode()
    assert "Por día local" in page or "Por segundo" in page  # proration choice
    assert "Activo" in page
    amounts = re.findall(r"\d+,\d{2,} USD", page)
    assert amounts, "amounts shown with a decimal comma"
    form = client.get("/clouds/telenet/edit/").content.decode()
    assert "Suspendido" in form and "Zona horaria" in form


def _entries(po: str) -> list[tuple[str, str, bool]]:
    out = []
    for block in po.split("\n\n"):
        fuzzy = "#, fuzzy" in block
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
        if msgid and msgstr:

            def text(group: str) -> str:
                return "".join(re.findall(r'"(.*)"', group))

            out.append((text(msgid.group(1)), text(msgstr.group(1)), fuzzy))
    return out


@pytest.mark.parametrize("locale", ["es", "pt_BR"])
def test_the_catalogue_is_complete(locale: str) -> None:
    po = LOCALES / locale / "LC_MESSAGES" / "django.po"
    entries = [e for e in _entries(po.read_text()) if e[0]]
    assert len(entries) > 400
    untranslated = [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy]
    assert untranslated == []
    for msgid, msgstr, _fuzzy in entries:
        placeholders = sorted(re.findall(r"%\(\w+\)[sd]|%%|\{\}", msgid))
        assert placeholders == sorted(re.findall(r"%\(\w+\)[sd]|%%|\{\}", msgstr)), msgid


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs gettext's msgfmt")
@pytest.mark.parametrize("locale", ["es", "pt_BR"])
def test_the_compiled_catalogue_is_up_to_date(tmp_path: Path, locale: str) -> None:
    folder = LOCALES / locale / "LC_MESSAGES"
    out = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(out), str(folder / "django.po")], check=True)
    assert out.read_bytes() == (folder / "django.mo").read_bytes()


def test_the_portuguese_catalogue_has_every_entry_of_the_spanish_one() -> None:
    def ids(locale: str) -> set[str]:
        po = (LOCALES / locale / "LC_MESSAGES" / "django.po").read_text()
        return {msgid for msgid, _msgstr, _fuzzy in _entries(po) if msgid}

    assert ids("es") - ids("pt_BR") == set()


# --- Brazilian Portuguese ---------------------------------------------------------


def test_the_switcher_offers_portuguese_and_keeps_it_on_the_user(world: Any, as_user: Any) -> None:
    client = as_user("cadmin")
    page = client.get("/clouds/telenet/").content.decode()
    assert '<option value="pt-br">PT-BR</option>' in page
    response = client.post("/i18n/setlang/", {"language": "pt-br", "next": "/clouds/telenet/"})
    assert response.status_code == 302 and response["Location"] == "/clouds/telenet/"
    world.users["cadmin"].refresh_from_db()
    assert world.users["cadmin"].language == "pt-br"
    page = client.get("/clouds/telenet/").content.decode()
    assert '<html lang="pt-br"' in page
    assert "Sair" in page and "Administrador da nuvem" in page
    assert "Sign out" not in page and "Cerrar sesión" not in page
    assert '<option value="pt-br" selected>' in page


def test_a_hand_made_switch_to_pt_BR_is_stored_as_pt_br(world: Any, as_user: Any) -> None:
    client = as_user("cadmin")
    client.post("/i18n/setlang/", {"language": "pt-BR", "next": "/"})
    world.users["cadmin"].refresh_from_db()
    assert world.users["cadmin"].language == "pt-br"
    assert "Sair" in client.get("/clouds/telenet/").content.decode()
    # A language the product does not speak leaves the profile alone.
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    world.users["cadmin"].refresh_from_db()
    assert world.users["cadmin"].language == "pt-br"


def test_the_browsers_accept_language_pt_br_gives_portuguese(db: Any, client: Client) -> None:
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9,en;q=0.5").content.decode()
    assert '<html lang="pt-br"' in page
    assert "Entrar" in page and "Senha" in page and "Usuário" in page
    assert "Password" not in page
    assert '<option value="pt-br" selected>Português (Brasil)</option>' in page
    # Plain "pt" (or Portugal's) is served Brazilian Portuguese, the one there is.
    assert "Senha" in client.get("/login/", HTTP_ACCEPT_LANGUAGE="pt-PT").content.decode()


def test_sign_in_opens_in_portuguese_for_a_pt_br_user(world: Any, client: Client) -> None:
    from cambill.accounts.services import user_update
    from cambill.core.access import SYSTEM

    user_update(actor=SYSTEM, user=world.users["amanager"], language="pt-br")
    response = client.post("/login/", {"username": "amanager", "password": PASSWORD})
    assert response.cookies["django_language"].value == "pt-br"
    page = client.get("/", follow=True).content.decode()
    assert "Gerente de contas" in page and "Contas" in page


def test_portuguese_amounts_numbers_and_dates() -> None:
    from cambill.web.core import format as fmt

    when = dt.datetime(2026, 3, 1, 5, 7, tzinfo=dt.UTC)
    with translation.override("pt-br"):
        assert fmt.page_locale() == "pt_BR"
        assert fmt.price_text(Decimal("1234.5"), "USD") == "1.234,50 USD"
        assert fmt.price_text(Decimal("0.305000"), "BRL") == "0,305 BRL"
        assert fmt.quantity_text(Decimal("12345.50")) == "12.345,5"
        assert fmt.percent_text(Decimal("7.50")) == "7,5 %"
        assert fmt.date_text(when.date()) == "01/03/2026"
        assert fmt.datetime_text(when) == "01/03/2026 05:07 UTC"


def test_a_portuguese_page_shows_portuguese_amounts_and_choices(world: Any, as_user: Any) -> None:
    client = as_user("padmin")
    client.post("/i18n/setlang/", {"language": "pt-br", "next": "/"})
    page = client.get("/clouds/telenet/").content.decode()
    assert "Por dia local" in page or "Por segundo" in page  # proration choice
    assert "Ativo" in page
    assert re.findall(r"\d+,\d{2,} USD", page), "amounts shown with a decimal comma"
    form = client.get("/clouds/telenet/edit/").content.decode()
    assert "Suspenso" in form and "Fuso horário" in form


def test_an_account_can_be_given_portuguese_invoices_in_its_form(world: Any, as_user: Any) -> None:
    client = as_user("cadmin")
    form = client.get("/clouds/telenet/accounts/acme/edit/").content.decode()
    assert '<option value="pt-br">Português (Brasil)</option>' in form
