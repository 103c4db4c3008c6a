from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.clouds_payouts_due_list_format import CloudsPayoutsDueListFormat
from ...models.due_payout_out import DuePayoutOut
from ...models.error import Error
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    slug: str,
    *,
    format_: CloudsPayoutsDueListFormat | Unset = UNSET,
    period: str,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    params["period"] = period


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/clouds/{slug}/payouts/due/".format(slug=quote(str(slug), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | list[DuePayoutOut] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in (_response_200):
            response_200_item = DuePayoutOut.from_dict(response_200_item_data)



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | list[DuePayoutOut]]:
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
    format_: CloudsPayoutsDueListFormat | Unset = UNSET,
    period: str,

) -> Response[Error | list[DuePayoutOut]]:
    """  Agents with a balance due through a period and no payout for it (staff).

    Args:
        slug (str):
        format_ (CloudsPayoutsDueListFormat | Unset):
        period (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[DuePayoutOut]]
     """


    kwargs = _get_kwargs(
        slug=slug,
format_=format_,
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
    format_: CloudsPayoutsDueListFormat | Unset = UNSET,
    period: str,

) -> Error | list[DuePayoutOut] | None:
    """  Agents with a balance due through a period and no payout for it (staff).

    Args:
        slug (str):
        format_ (CloudsPayoutsDueListFormat | Unset):
        period (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[DuePayoutOut]
     """


    return sync_detailed(
        slug=slug,
client=client,
format_=format_,
period=period,

    ).parsed

async def asyncio_detailed(
    slug: str,
    *,
    client: AuthenticatedClient,
    format_: CloudsPayoutsDueListFormat | Unset = UNSET,
    period: str,

) -> Response[Error | list[DuePayoutOut]]:
    """  Agents with a balance due through a period and no payout for it (staff).

    Args:
        slug (str):
        format_ (CloudsPayoutsDueListFormat | Unset):
        period (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[DuePayoutOut]]
     """


    kwargs = _get_kwargs(
        slug=slug,
format_=format_,
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
    format_: CloudsPayoutsDueListFormat | Unset = UNSET,
    period: str,

) -> Error | list[DuePayoutOut] | None:
    """  Agents with a balance due through a period and no payout for it (staff).

    Args:
        slug (str):
        format_ (CloudsPayoutsDueListFormat | Unset):
        period (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[DuePayoutOut]
     """


    return (await asyncio_detailed(
        slug=slug,
client=client,
format_=format_,
period=period,

    )).parsed
