from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.clouds_collections_retrieve_bucket import CloudsCollectionsRetrieveBucket
from ...models.collections_out import CollectionsOut
from ...models.error import Error
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    slug: str,
    *,
    bucket: CloudsCollectionsRetrieveBucket | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    search: str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_bucket: str | Unset = UNSET
    if not isinstance(bucket, Unset):
        json_bucket = bucket.value

    params["bucket"] = json_bucket

    params["page"] = page

    params["page_size"] = page_size

    params["search"] = search


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/clouds/{slug}/collections/".format(slug=quote(str(slug), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CollectionsOut | Error | None:
    if response.status_code == 200:
        response_200 = CollectionsOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[CollectionsOut | Error]:
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
    bucket: CloudsCollectionsRetrieveBucket | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    search: str | Unset = UNSET,

) -> Response[CollectionsOut | Error]:
    """  Open money by age bucket (in the cloud's time zone) and one row per
    account with money open, the oldest first, with its next dunning step.

    Args:
        slug (str):
        bucket (CloudsCollectionsRetrieveBucket | Unset):
        page (int | Unset):
        page_size (int | Unset):
        search (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectionsOut | Error]
     """


    kwargs = _get_kwargs(
        slug=slug,
bucket=bucket,
page=page,
page_size=page_size,
search=search,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    slug: str,
    *,
    client: AuthenticatedClient,
    bucket: CloudsCollectionsRetrieveBucket | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    search: str | Unset = UNSET,

) -> CollectionsOut | Error | None:
    """  Open money by age bucket (in the cloud's time zone) and one row per
    account with money open, the oldest first, with its next dunning step.

    Args:
        slug (str):
        bucket (CloudsCollectionsRetrieveBucket | Unset):
        page (int | Unset):
        page_size (int | Unset):
        search (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectionsOut | Error
     """


    return sync_detailed(
        slug=slug,
client=client,
bucket=bucket,
page=page,
page_size=page_size,
search=search,

    ).parsed

async def asyncio_detailed(
    slug: str,
    *,
    client: AuthenticatedClient,
    bucket: CloudsCollectionsRetrieveBucket | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    search: str | Unset = UNSET,

) -> Response[CollectionsOut | Error]:
    """  Open money by age bucket (in the cloud's time zone) and one row per
    account with money open, the oldest first, with its next dunning step.

    Args:
        slug (str):
        bucket (CloudsCollectionsRetrieveBucket | Unset):
        page (int | Unset):
        page_size (int | Unset):
        search (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectionsOut | Error]
     """


    kwargs = _get_kwargs(
        slug=slug,
bucket=bucket,
page=page,
page_size=page_size,
search=search,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    slug: str,
    *,
    client: AuthenticatedClient,
    bucket: CloudsCollectionsRetrieveBucket | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    search: str | Unset = UNSET,

) -> CollectionsOut | Error | None:
    """  Open money by age bucket (in the cloud's time zone) and one row per
    account with money open, the oldest first, with its next dunning step.

    Args:
        slug (str):
        bucket (CloudsCollectionsRetrieveBucket | Unset):
        page (int | Unset):
        page_size (int | Unset):
        search (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectionsOut | Error
     """


    return (await asyncio_detailed(
        slug=slug,
client=client,
bucket=bucket,
page=page,
page_size=page_size,
search=search,

    )).parsed
