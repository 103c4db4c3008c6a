from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.e_invoice_document_out import EInvoiceDocumentOut
from ...models.error import Error
from typing import cast



def _get_kwargs(
    id: int,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/provider/e-invoices/{id}/retry".format(id=quote(str(id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> EInvoiceDocumentOut | Error | None:
    if response.status_code == 200:
        response_200 = EInvoiceDocumentOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[EInvoiceDocumentOut | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: int,
    *,
    client: AuthenticatedClient,

) -> Response[EInvoiceDocumentOut | Error]:
    """  Send a rejected, failed or waiting document again. A rejected or failed one is rebuilt first from
    the legal data as it is now (fix what the authority's codes name, then retry); then it is submitted
    in the background. An accepted or cancelled document never changes (409 invalid_state). With the
    sandbox PAC (`pac: sandbox`) SAT's expired test CSD still signs; a real authority needs a
    certificate in force.

    Args:
        id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EInvoiceDocumentOut | Error]
     """


    kwargs = _get_kwargs(
        id=id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    id: int,
    *,
    client: AuthenticatedClient,

) -> EInvoiceDocumentOut | Error | None:
    """  Send a rejected, failed or waiting document again. A rejected or failed one is rebuilt first from
    the legal data as it is now (fix what the authority's codes name, then retry); then it is submitted
    in the background. An accepted or cancelled document never changes (409 invalid_state). With the
    sandbox PAC (`pac: sandbox`) SAT's expired test CSD still signs; a real authority needs a
    certificate in force.

    Args:
        id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EInvoiceDocumentOut | Error
     """


    return sync_detailed(
        id=id,
client=client,

    ).parsed

async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient,

) -> Response[EInvoiceDocumentOut | Error]:
    """  Send a rejected, failed or waiting document again. A rejected or failed one is rebuilt first from
    the legal data as it is now (fix what the authority's codes name, then retry); then it is submitted
    in the background. An accepted or cancelled document never changes (409 invalid_state). With the
    sandbox PAC (`pac: sandbox`) SAT's expired test CSD still signs; a real authority needs a
    certificate in force.

    Args:
        id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EInvoiceDocumentOut | Error]
     """


    kwargs = _get_kwargs(
        id=id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    id: int,
    *,
    client: AuthenticatedClient,

) -> EInvoiceDocumentOut | Error | None:
    """  Send a rejected, failed or waiting document again. A rejected or failed one is rebuilt first from
    the legal data as it is now (fix what the authority's codes name, then retry); then it is submitted
    in the background. An accepted or cancelled document never changes (409 invalid_state). With the
    sandbox PAC (`pac: sandbox`) SAT's expired test CSD still signs; a real authority needs a
    certificate in force.

    Args:
        id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EInvoiceDocumentOut | Error
     """


    return (await asyncio_detailed(
        id=id,
client=client,

    )).parsed
