"""404 and 500 are the product's own pages: styled like it, in the reader's
language, with a way back, and never a detail of the error (the demo runs with
DEBUG off, so these are the pages it shows)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_afterwards() -> Any:
    yield
    from django.utils import translation

    translation.activate("en")


def test_an_unknown_url_renders_our_404(world: Any) -> None:
    from django.conf import settings

    assert settings.DEBUG is False  # as in `make demo`: no technical page
    client = Client()
    client.force_login(world.users["cadmin"])
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Not found</h1>" in html
    assert "Back to your start page" in html
    assert "/static/web/cambill.css" in html and 'class="sidebar"' in html  # the product's layout
    assert "Traceback" not in html and "Page not found at" not in html and "URLconf" not in html


def test_the_404_speaks_the_browsers_language(db: Any) -> None:
    html = Client().get("/no/such/page/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es"' in html and "No encontrado" in html


def test_a_forced_error_renders_our_500_without_details(world: Any, monkeypatch: Any) -> None:
    from cambill.web.provider import views

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret-detail-42 in /work/main/cambill")

    monkeypatch.setattr(views.CloudDetailView, "get_context_data", boom)
    client = Client(raise_request_exception=False)
    client.force_login(world.users["cadmin"])
    response = client.get("/clouds/telenet/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html or "Algo salió mal" in html
    assert "/static/web/cambill.css" in html and 'class="brand"' in html and 'href="/"' in html
    for leak in ("secret-detail-42", "RuntimeError", "Traceback", "/work/main"):
        assert leak not in html
