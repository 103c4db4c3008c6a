from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.checkout_session_out import CheckoutSessionOut
from ...models.error import Error
from ...models.session_complete_in_request import SessionCompleteInRequest
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    slug: str,
    session_id: str,
    *,
    body: SessionCompleteInRequest | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/clouds/{slug}/payment-sessions/{session_id}/complete/".format(slug=quote(str(slug), safe=""),session_id=quote(str(session_id), safe=""),),
    }

    
    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CheckoutSessionOut | Error | None:
    if response.status_code == 200:
        response_200 = CheckoutSessionOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[CheckoutSessionOut | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    slug: str,
    session_id: str,
    *,
    client: AuthenticatedClient,
    body: SessionCompleteInRequest | Unset = UNSET,

) -> Response[CheckoutSessionOut | Error]:
    """  Settle the session from what Stripe says of it now: `paid` (the payment recorded once, whoever
    settles first), `saved`, `declined` or `auth_failed` (with the bank's reason in `error`), or with
    `cancel` the session is expired and `canceled`.

    Args:
        slug (str):
        session_id (str):
        body (SessionCompleteInRequest | Unset): A request body: known keys only, shapes only,
            JSON types as the schema says.

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
        Response[CheckoutSessionOut | Error]
     """


    kwargs = _get_kwargs(
        slug=slug,
session_id=session_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    slug: str,
    session_id: str,
    *,
    client: AuthenticatedClient,
    body: SessionCompleteInRequest | Unset = UNSET,

) -> CheckoutSessionOut | Error | None:
    """  Settle the session from what Stripe says of it now: `paid` (the payment recorded once, whoever
    settles first), `saved`, `declined` or `auth_failed` (with the bank's reason in `error`), or with
    `cancel` the session is expired and `canceled`.

    Args:
        slug (str):
        session_id (str):
        body (SessionCompleteInRequest | Unset): A request body: known keys only, shapes only,
            JSON types as the schema says.

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
        CheckoutSessionOut | Error
     """


    return sync_detailed(
        slug=slug,
session_id=session_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    slug: str,
    session_id: str,
    *,
    client: AuthenticatedClient,
    body: SessionCompleteInRequest | Unset = UNSET,

) -> Response[CheckoutSessionOut | Error]:
    """  Settle the session from what Stripe says of it now: `paid` (the payment recorded once, whoever
    settles first), `saved`, `declined` or `auth_failed` (with the bank's reason in `error`), or with
    `cancel` the session is expired and `canceled`.

    Args:
        slug (str):
        session_id (str):
        body (SessionCompleteInRequest | Unset): A request body: known keys only, shapes only,
            JSON types as the schema says.

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
        Response[CheckoutSessionOut | Error]
     """


    kwargs = _get_kwargs(
        slug=slug,
session_id=session_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    slug: str,
    session_id: str,
    *,
    client: AuthenticatedClient,
    body: SessionCompleteInRequest | Unset = UNSET,

) -> CheckoutSessionOut | Error | None:
    """  Settle the session from what Stripe says of it now: `paid` (the payment recorded once, whoever
    settles first), `saved`, `declined` or `auth_failed` (with the bank's reason in `error`), or with
    `cancel` the session is expired and `canceled`.

    Args:
        slug (str):
        session_id (str):
        body (SessionCompleteInRequest | Unset): A request body: known keys only, shapes only,
            JSON types as the schema says.

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
        CheckoutSessionOut | Error
     """


    return (await asyncio_detailed(
        slug=slug,
session_id=session_id,
client=client,
body=body,

    )).parsed
