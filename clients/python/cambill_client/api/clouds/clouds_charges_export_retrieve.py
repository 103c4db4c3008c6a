from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.clouds_charges_export_retrieve_output import CloudsChargesExportRetrieveOutput
from ...models.clouds_charges_export_retrieve_response_200_item import CloudsChargesExportRetrieveResponse200Item
from ...models.error import Error
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    slug: str,
    *,
    output: CloudsChargesExportRetrieveOutput | Unset = UNSET,
    period: str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_output: str | Unset = UNSET
    if not isinstance(output, Unset):
        json_output = output.value

    params["output"] = json_output

    params["period"] = period


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/clouds/{slug}/charges/export/".format(slug=quote(str(slug), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | list[CloudsChargesExportRetrieveResponse200Item] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in (_response_200):
            response_200_item = CloudsChargesExportRetrieveResponse200Item.from_dict(response_200_item_data)



            response_200.append(response_200_item)

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

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())



        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | list[CloudsChargesExportRetrieveResponse200Item]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    slug: str,
    *,
    client: AuthenticatedClient,
    output: CloudsChargesExportRetrieveOutput | Unset = UNSET,
    period: str | Unset = UNSET,

) -> Response[Error | list[CloudsChargesExportRetrieveResponse200Item]]:
    """  The cloud's ledger, bank imports, gateway, export, dunning and webhooks.

    Args:
        slug (str):
        output (CloudsChargesExportRetrieveOutput | Unset):
        period (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[CloudsChargesExportRetrieveResponse200Item]]
     """


    kwargs = _get_kwargs(
        slug=slug,
output=output,
period=period,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    slug: str,
    *,
    client: AuthenticatedClient,
    output: CloudsChargesExportRetrieveOutput | Unset = UNSET,
    period: str | Unset = UNSET,

) -> Error | list[CloudsChargesExportRetrieveResponse200Item] | None:
    """  The cloud's ledger, bank imports, gateway, export, dunning and webhooks.

    Args:
        slug (str):
        output (CloudsChargesExportRetrieveOutput | Unset):
        period (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[CloudsChargesExportRetrieveResponse200Item]
     """


    return sync_detailed(
        slug=slug,
client=client,
output=output,
period=period,

    ).parsed

async def asyncio_detailed(
    slug: str,
    *,
    client: AuthenticatedClient,
    output: CloudsChargesExportRetrieveOutput | Unset = UNSET,
    period: str | Unset = UNSET,

) -> Response[Error | list[CloudsChargesExportRetrieveResponse200Item]]:
    """  The cloud's ledger, bank imports, gateway, export, dunning and webhooks.

    Args:
        slug (str):
        output (CloudsChargesExportRetrieveOutput | Unset):
        period (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[CloudsChargesExportRetrieveResponse200Item]]
     """


    kwargs = _get_kwargs(
        slug=slug,
output=output,
period=period,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    slug: str,
    *,
    client: AuthenticatedClient,
    output: CloudsChargesExportRetrieveOutput | Unset = UNSET,
    period: str | Unset = UNSET,

) -> Error | list[CloudsChargesExportRetrieveResponse200Item] | None:
    """  The cloud's ledger, bank imports, gateway, export, dunning and webhooks.

    Args:
        slug (str):
        output (CloudsChargesExportRetrieveOutput | Unset):
        period (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[CloudsChargesExportRetrieveResponse200Item]
     """


    return (await asyncio_detailed(
        slug=slug,
client=client,
output=output,
period=period,

    )).parsed
