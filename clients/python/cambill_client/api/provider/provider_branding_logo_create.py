from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.branding_out import BrandingOut
from ...models.error import Error
from ...models.logo_in_request import LogoInRequest
from typing import cast



def _get_kwargs(
    *,
    body: LogoInRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/provider/branding/logo/",
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BrandingOut | Error | None:
    if response.status_code == 200:
        response_200 = BrandingOut.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())



        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())



        return response_404

    if response.status_code == 406:
        response_406 = Error.from_dict(response.json())



        return response_406

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())



        return response_409

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())



        return response_413

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())



        return response_415

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())



        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[BrandingOut | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: LogoInRequest,

) -> Response[BrandingOut | Error]:
    """  Upload the logo (multipart, field `logo`): SVG, PNG or JPEG, 256 KB and 4000 px at most. Refused
    with `logo_too_large` (413), `logo_unreadable` (not one of the three) or `logo_unsafe` (an SVG
    holding a script, an event handler, a DTD or a link to another document). DELETE removes it:
    documents then print the issuer's name.

    Args:
        body (LogoInRequest): A request body: known keys only, shapes only, JSON types as the
            schema says.

            An unknown (or read-only) key is refused with a clear message instead of
            being silently dropped: a client that misspells ``discount_percnt`` must
            learn it changed nothing. ``hints`` adds a pointer for keys that are read
            elsewhere (e.g. a camera's ``account`` changes through ``moves/``).

            A value of another JSON type than its field's is refused (``"yes"`` for a
            boolean, ``"5"`` for an integer, ``5`` for text, ``1`` for a choice of
            strings): see ``_strict_error``. Decimals (``DecimalIn``) take a string or a
            number, as the schema documents.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BrandingOut | Error]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: LogoInRequest,

) -> BrandingOut | Error | None:
    """  Upload the logo (multipart, field `logo`): SVG, PNG or JPEG, 256 KB and 4000 px at most. Refused
    with `logo_too_large` (413), `logo_unreadable` (not one of the three) or `logo_unsafe` (an SVG
    holding a script, an event handler, a DTD or a link to another document). DELETE removes it:
    documents then print the issuer's name.

    Args:
        body (LogoInRequest): A request body: known keys only, shapes only, JSON types as the
            schema says.

            An unknown (or read-only) key is refused with a clear message instead of
            being silently dropped: a client that misspells ``discount_percnt`` must
            learn it changed nothing. ``hints`` adds a pointer for keys that are read
            elsewhere (e.g. a camera's ``account`` changes through ``moves/``).

            A value of another JSON type than its field's is refused (``"yes"`` for a
            boolean, ``"5"`` for an integer, ``5`` for text, ``1`` for a choice of
            strings): see ``_strict_error``. Decimals (``DecimalIn``) take a string or a
            number, as the schema documents.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BrandingOut | Error
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: LogoInRequest,

) -> Response[BrandingOut | Error]:
    """  Upload the logo (multipart, field `logo`): SVG, PNG or JPEG, 256 KB and 4000 px at most. Refused
    with `logo_too_large` (413), `logo_unreadable` (not one of the three) or `logo_unsafe` (an SVG
    holding a script, an event handler, a DTD or a link to another document). DELETE removes it:
    documents then print the issuer's name.

    Args:
        body (LogoInRequest): A request body: known keys only, shapes only, JSON types as the
            schema says.

            An unknown (or read-only) key is refused with a clear message instead of
            being silently dropped: a client that misspells ``discount_percnt`` must
            learn it changed nothing. ``hints`` adds a pointer for keys that are read
            elsewhere (e.g. a camera's ``account`` changes through ``moves/``).

            A value of another JSON type than its field's is refused (``"yes"`` for a
            boolean, ``"5"`` for an integer, ``5`` for text, ``1`` for a choice of
            strings): see ``_strict_error``. Decimals (``DecimalIn``) take a string or a
            number, as the schema documents.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BrandingOut | Error]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: LogoInRequest,

) -> BrandingOut | Error | None:
    """  Upload the logo (multipart, field `logo`): SVG, PNG or JPEG, 256 KB and 4000 px at most. Refused
    with `logo_too_large` (413), `logo_unreadable` (not one of the three) or `logo_unsafe` (an SVG
    holding a script, an event handler, a DTD or a link to another document). DELETE removes it:
    documents then print the issuer's name.

    Args:
        body (LogoInRequest): A request body: known keys only, shapes only, JSON types as the
            schema says.

            An unknown (or read-only) key is refused with a clear message instead of
            being silently dropped: a client that misspells ``discount_percnt`` must
            learn it changed nothing. ``hints`` adds a pointer for keys that are read
            elsewhere (e.g. a camera's ``account`` changes through ``moves/``).

            A value of another JSON type than its field's is refused (``"yes"`` for a
            boolean, ``"5"`` for an integer, ``5`` for text, ``1`` for a choice of
            strings): see ``_strict_error``. Decimals (``DecimalIn``) take a string or a
            number, as the schema documents.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BrandingOut | Error
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
