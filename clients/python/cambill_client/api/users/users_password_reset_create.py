from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.password_reset_out import PasswordResetOut
from typing import cast



def _get_kwargs(
    username: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/users/{username}/password-reset/".format(username=quote(str(username), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | PasswordResetOut | None:
    if response.status_code == 200:
        response_200 = PasswordResetOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | PasswordResetOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    username: str,
    *,
    client: AuthenticatedClient,

) -> Response[Error | PasswordResetOut]:
    """  E-mail the user a link to choose a new password, through the outbox,
    in the user's language (audited). The link is signed, works once and
    expires (``CAMBILL_PASSWORD_RESET_HOURS``, default 24); the current
    password keeps working until it is used. 400 if the user has no e-mail,
    409 if it is deactivated.

    Args:
        username (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PasswordResetOut]
     """


    kwargs = _get_kwargs(
        username=username,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    username: str,
    *,
    client: AuthenticatedClient,

) -> Error | PasswordResetOut | None:
    """  E-mail the user a link to choose a new password, through the outbox,
    in the user's language (audited). The link is signed, works once and
    expires (``CAMBILL_PASSWORD_RESET_HOURS``, default 24); the current
    password keeps working until it is used. 400 if the user has no e-mail,
    409 if it is deactivated.

    Args:
        username (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PasswordResetOut
     """


    return sync_detailed(
        username=username,
client=client,

    ).parsed

async def asyncio_detailed(
    username: str,
    *,
    client: AuthenticatedClient,

) -> Response[Error | PasswordResetOut]:
    """  E-mail the user a link to choose a new password, through the outbox,
    in the user's language (audited). The link is signed, works once and
    expires (``CAMBILL_PASSWORD_RESET_HOURS``, default 24); the current
    password keeps working until it is used. 400 if the user has no e-mail,
    409 if it is deactivated.

    Args:
        username (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PasswordResetOut]
     """


    kwargs = _get_kwargs(
        username=username,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    username: str,
    *,
    client: AuthenticatedClient,

) -> Error | PasswordResetOut | None:
    """  E-mail the user a link to choose a new password, through the outbox,
    in the user's language (audited). The link is signed, works once and
    expires (``CAMBILL_PASSWORD_RESET_HOURS``, default 24); the current
    password keeps working until it is used. 400 if the user has no e-mail,
    409 if it is deactivated.

    Args:
        username (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PasswordResetOut
     """


    return (await asyncio_detailed(
        username=username,
client=client,

    )).parsed
