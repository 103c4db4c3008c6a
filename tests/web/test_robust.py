"""Odd input never becomes a 500: malformed filters, missing formset data,
stream names with slashes and spaces, markup in names."""

from __future__ import annotations

from typing import Any

import pytest

from cambill.clouds.models import Camera


@pytest.mark.parametrize(
    "url",
    [
        "/clouds/telenet/cameras/?sort=bogus",
        "/clouds/telenet/cameras/?account=abc",
        "/clouds/telenet/cameras/?account=999999",
        "/clouds/telenet/cameras/?page=x",
        "/clouds/telenet/cameras/?status=exploded",
        "/clouds/telenet/tariffs/?active=maybe",
        "/audit/?cloud=nope&verb=nope",
        "/clouds/telenet/accounts/acme/?page=-1&sort=-nothing",
    ],
)
def test_malformed_list_parameters(world: Any, cams: Any, as_user: Any, url: str) -> None:
    client = as_user("padmin")
    assert client.get(url).status_code == 200


def test_missing_formset_data_is_a_form_error(world: Any, as_user: Any) -> None:
    response = as_user("cadmin").post(
        "/clouds/telenet/tariffs/new/", {"code": "X", "name": "X", "price": "1"}
    )
    assert response.status_code == 200
    assert "ManagementForm" in response.content.decode()


def test_stream_names_with_slashes_and_spaces(world: Any, as_user: Any) -> None:
    client = as_user("cadmin")
    response = client.post(
        "/clouds/telenet/cameras/new/",
        {"code": "site 1/cam#2", "title": "<b>Door</b>", "account": world.accounts["acme"].pk},
    )
    assert response.status_code == 302
    url = response["Location"]
    assert url == "/clouds/telenet/cameras/site%201/cam%232/"
    page = client.get(url).content.decode()
    assert "&lt;b&gt;Door&lt;/b&gt;" in page and "<b>Door</b>" not in page
    for action in ("edit", "tariff", "move"):
        assert client.get(f"{url}{action}/").status_code == 200
    response = client.post(f"{url}edit/", {"title": "Door", "status": "disabled"})
    assert response.status_code == 302
    assert Camera.objects.get(code="site 1/cam#2").status == "disabled"
    assert "site 1/cam#2" in client.get("/clouds/telenet/cameras/?q=cam%232").content.decode()


def test_markup_in_names_is_escaped_everywhere(world: Any, as_user: Any) -> None:
    client = as_user("cadmin")
    client.post(
        "/clouds/telenet/accounts/new/",
        {"code": "xss", "name": "<script>alert(1)</script>", "language": "en"},
    )
    for url in ("/clouds/telenet/accounts/", "/clouds/telenet/accounts/xss/", "/clouds/telenet/"):
        assert "<script>alert" not in client.get(url).content.decode()
    assert "<script>alert" not in as_user("padmin").get("/audit/").content.decode()
