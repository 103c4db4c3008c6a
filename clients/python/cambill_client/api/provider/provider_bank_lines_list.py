from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.paginated_bank_statement_line_out_list import PaginatedBankStatementLineOutList
from ...models.provider_bank_lines_list_status import ProviderBankLinesListStatus
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    bank_import: int | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    queue: bool | Unset = UNSET,
    status: ProviderBankLinesListStatus | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["bank_import"] = bank_import

    params["page"] = page

    params["page_size"] = page_size

    params["queue"] = queue

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/provider/bank-lines/",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | PaginatedBankStatementLineOutList | None:
    if response.status_code == 200:
        response_200 = PaginatedBankStatementLineOutList.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | PaginatedBankStatementLineOutList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    bank_import: int | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    queue: bool | Unset = UNSET,
    status: ProviderBankLinesListStatus | Unset = UNSET,

) -> Response[Error | PaginatedBankStatementLineOutList]:
    """  Statements of the provider's own bank account and their reconciliation with
    the open wholesale invoices of every cloud (provider admin or accountant).

    Args:
        bank_import (int | Unset):
        page (int | Unset):
        page_size (int | Unset):
        queue (bool | Unset):
        status (ProviderBankLinesListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedBankStatementLineOutList]
     """


    kwargs = _get_kwargs(
        bank_import=bank_import,
page=page,
page_size=page_size,
queue=queue,
status=status,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    bank_import: int | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    queue: bool | Unset = UNSET,
    status: ProviderBankLinesListStatus | Unset = UNSET,

) -> Error | PaginatedBankStatementLineOutList | None:
    """  Statements of the provider's own bank account and their reconciliation with
    the open wholesale invoices of every cloud (provider admin or accountant).

    Args:
        bank_import (int | Unset):
        page (int | Unset):
        page_size (int | Unset):
        queue (bool | Unset):
        status (ProviderBankLinesListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedBankStatementLineOutList
     """


    return sync_detailed(
        client=client,
bank_import=bank_import,
page=page,
page_size=page_size,
queue=queue,
status=status,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    bank_import: int | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    queue: bool | Unset = UNSET,
    status: ProviderBankLinesListStatus | Unset = UNSET,

) -> Response[Error | PaginatedBankStatementLineOutList]:
    """  Statements of the provider's own bank account and their reconciliation with
    the open wholesale invoices of every cloud (provider admin or accountant).

    Args:
        bank_import (int | Unset):
        page (int | Unset):
        page_size (int | Unset):
        queue (bool | Unset):
        status (ProviderBankLinesListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedBankStatementLineOutList]
     """


    kwargs = _get_kwargs(
        bank_import=bank_import,
page=page,
page_size=page_size,
queue=queue,
status=status,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    bank_import: int | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    queue: bool | Unset = UNSET,
    status: ProviderBankLinesListStatus | Unset = UNSET,

) -> Error | PaginatedBankStatementLineOutList | None:
    """  Statements of the provider's own bank account and their reconciliation with
    the open wholesale invoices of every cloud (provider admin or accountant).

    Args:
        bank_import (int | Unset):
        page (int | Unset):
        page_size (int | Unset):
        queue (bool | Unset):
        status (ProviderBankLinesListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedBankStatementLineOutList
     """


    return (await asyncio_detailed(
        client=client,
bank_import=bank_import,
page=page,
page_size=page_size,
queue=queue,
status=status,

    )).parsed
