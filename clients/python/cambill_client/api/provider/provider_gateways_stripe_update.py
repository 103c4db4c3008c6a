from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.provider_gateway_in_request import ProviderGatewayInRequest
from ...models.provider_gateway_out import ProviderGatewayOut
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: ProviderGatewayInRequest | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/v1/provider/gateways/stripe/",
    }

    
    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ProviderGatewayOut | None:
    if response.status_code == 200:
        response_200 = ProviderGatewayOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ProviderGatewayOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ProviderGatewayInRequest | Unset = UNSET,

) -> Response[Error | ProviderGatewayOut]:
    """  The provider's Stripe account (the settings ``CAMBILL_PROVIDER_STRIPE_*`` are
    its default until the provider admin stores one here).

    Args:
        body (ProviderGatewayInRequest | Unset): The provider's Stripe account. Keys given are
            stored, keys omitted kept; an
            empty ``secret_key`` hands the account back to the server's settings.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ProviderGatewayOut]
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
    body: ProviderGatewayInRequest | Unset = UNSET,

) -> Error | ProviderGatewayOut | None:
    """  The provider's Stripe account (the settings ``CAMBILL_PROVIDER_STRIPE_*`` are
    its default until the provider admin stores one here).

    Args:
        body (ProviderGatewayInRequest | Unset): The provider's Stripe account. Keys given are
            stored, keys omitted kept; an
            empty ``secret_key`` hands the account back to the server's settings.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ProviderGatewayOut
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ProviderGatewayInRequest | Unset = UNSET,

) -> Response[Error | ProviderGatewayOut]:
    """  The provider's Stripe account (the settings ``CAMBILL_PROVIDER_STRIPE_*`` are
    its default until the provider admin stores one here).

    Args:
        body (ProviderGatewayInRequest | Unset): The provider's Stripe account. Keys given are
            stored, keys omitted kept; an
            empty ``secret_key`` hands the account back to the server's settings.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ProviderGatewayOut]
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
    body: ProviderGatewayInRequest | Unset = UNSET,

) -> Error | ProviderGatewayOut | None:
    """  The provider's Stripe account (the settings ``CAMBILL_PROVIDER_STRIPE_*`` are
    its default until the provider admin stores one here).

    Args:
        body (ProviderGatewayInRequest | Unset): The provider's Stripe account. Keys given are
            stored, keys omitted kept; an
            empty ``secret_key`` hands the account back to the server's settings.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ProviderGatewayOut
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
