from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.paginated_e_invoice_document_out_list import PaginatedEInvoiceDocumentOutList
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    slug: str,
    *,
    document: str | Unset = UNSET,
    invoice: int | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    status: str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["document"] = document

    params["invoice"] = invoice

    params["page"] = page

    params["page_size"] = page_size

    params["status"] = status


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/clouds/{slug}/e-invoices/".format(slug=quote(str(slug), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | PaginatedEInvoiceDocumentOutList | None:
    if response.status_code == 200:
        response_200 = PaginatedEInvoiceDocumentOutList.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | PaginatedEInvoiceDocumentOutList]:
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
    document: str | Unset = UNSET,
    invoice: int | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    status: str | Unset = UNSET,

) -> Response[Error | PaginatedEInvoiceDocumentOutList]:
    """  The cloud's legal e-invoice documents, newest first: its retail ones (a subscriber sees its own, an
    account manager those of its accounts) and the wholesale ones the provider issued to it (its staff).
    `unique_code` is the CFDI UUID once stamped, the CUFE or CUDE; `authority_reply` the authority's
    last answer with its codes.

    Args:
        slug (str):
        document (str | Unset):
        invoice (int | Unset):
        page (int | Unset):
        page_size (int | Unset):
        status (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedEInvoiceDocumentOutList]
     """


    kwargs = _get_kwargs(
        slug=slug,
document=document,
invoice=invoice,
page=page,
page_size=page_size,
status=status,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    slug: str,
    *,
    client: AuthenticatedClient,
    document: str | Unset = UNSET,
    invoice: int | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    status: str | Unset = UNSET,

) -> Error | PaginatedEInvoiceDocumentOutList | None:
    """  The cloud's legal e-invoice documents, newest first: its retail ones (a subscriber sees its own, an
    account manager those of its accounts) and the wholesale ones the provider issued to it (its staff).
    `unique_code` is the CFDI UUID once stamped, the CUFE or CUDE; `authority_reply` the authority's
    last answer with its codes.

    Args:
        slug (str):
        document (str | Unset):
        invoice (int | Unset):
        page (int | Unset):
        page_size (int | Unset):
        status (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedEInvoiceDocumentOutList
     """


    return sync_detailed(
        slug=slug,
client=client,
document=document,
invoice=invoice,
page=page,
page_size=page_size,
status=status,

    ).parsed

async def asyncio_detailed(
    slug: str,
    *,
    client: AuthenticatedClient,
    document: str | Unset = UNSET,
    invoice: int | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    status: str | Unset = UNSET,

) -> Response[Error | PaginatedEInvoiceDocumentOutList]:
    """  The cloud's legal e-invoice documents, newest first: its retail ones (a subscriber sees its own, an
    account manager those of its accounts) and the wholesale ones the provider issued to it (its staff).
    `unique_code` is the CFDI UUID once stamped, the CUFE or CUDE; `authority_reply` the authority's
    last answer with its codes.

    Args:
        slug (str):
        document (str | Unset):
        invoice (int | Unset):
        page (int | Unset):
        page_size (int | Unset):
        status (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedEInvoiceDocumentOutList]
     """


    kwargs = _get_kwargs(
        slug=slug,
document=document,
invoice=invoice,
page=page,
page_size=page_size,
status=status,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    slug: str,
    *,
    client: AuthenticatedClient,
    document: str | Unset = UNSET,
    invoice: int | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    status: str | Unset = UNSET,

) -> Error | PaginatedEInvoiceDocumentOutList | None:
    """  The cloud's legal e-invoice documents, newest first: its retail ones (a subscriber sees its own, an
    account manager those of its accounts) and the wholesale ones the provider issued to it (its staff).
    `unique_code` is the CFDI UUID once stamped, the CUFE or CUDE; `authority_reply` the authority's
    last answer with its codes.

    Args:
        slug (str):
        document (str | Unset):
        invoice (int | Unset):
        page (int | Unset):
        page_size (int | Unset):
        status (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedEInvoiceDocumentOutList
     """


    return (await asyncio_detailed(
        slug=slug,
client=client,
document=document,
invoice=invoice,
page=page,
page_size=page_size,
status=status,

    )).parsed
