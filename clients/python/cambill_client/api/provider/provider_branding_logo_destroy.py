from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.branding_out import BrandingOut
from ...models.error import Error
from typing import cast



def _get_kwargs(
    
) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/provider/branding/logo/",
    }


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

) -> Response[BrandingOut | Error]:
    """  Upload the logo (multipart, field `logo`): SVG, PNG or JPEG, 256 KB and 4000 px at most. Refused
    with `logo_too_large` (413), `logo_unreadable` (not one of the three) or `logo_unsafe` (an SVG
    holding a script, an event handler, a DTD or a link to another document). DELETE removes it:
    documents then print the issuer's name.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BrandingOut | Error]
     """


    kwargs = _get_kwargs(
        
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,

) -> BrandingOut | Error | None:
    """  Upload the logo (multipart, field `logo`): SVG, PNG or JPEG, 256 KB and 4000 px at most. Refused
    with `logo_too_large` (413), `logo_unreadable` (not one of the three) or `logo_unsafe` (an SVG
    holding a script, an event handler, a DTD or a link to another document). DELETE removes it:
    documents then print the issuer's name.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BrandingOut | Error
     """


    return sync_detailed(
        client=client,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,

) -> Response[BrandingOut | Error]:
    """  Upload the logo (multipart, field `logo`): SVG, PNG or JPEG, 256 KB and 4000 px at most. Refused
    with `logo_too_large` (413), `logo_unreadable` (not one of the three) or `logo_unsafe` (an SVG
    holding a script, an event handler, a DTD or a link to another document). DELETE removes it:
    documents then print the issuer's name.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BrandingOut | Error]
     """


    kwargs = _get_kwargs(
        
    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,

) -> BrandingOut | Error | None:
    """  Upload the logo (multipart, field `logo`): SVG, PNG or JPEG, 256 KB and 4000 px at most. Refused
    with `logo_too_large` (413), `logo_unreadable` (not one of the three) or `logo_unsafe` (an SVG
    holding a script, an event handler, a DTD or a link to another document). DELETE removes it:
    documents then print the issuer's name.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BrandingOut | Error
     """


    return (await asyncio_detailed(
        client=client,

    )).parsed
