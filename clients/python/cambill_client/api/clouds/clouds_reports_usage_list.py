from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.clouds_reports_usage_list_format import CloudsReportsUsageListFormat
from ...models.error import Error
from ...models.usage_report_out import UsageReportOut
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    slug: str,
    *,
    account: str | Unset = UNSET,
    format_: CloudsReportsUsageListFormat | Unset = UNSET,
    from_: datetime.date,
    to: datetime.date,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["account"] = account

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to = to.isoformat()
    params["to"] = json_to


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/clouds/{slug}/reports/usage/".format(slug=quote(str(slug), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | UsageReportOut | None:
    if response.status_code == 200:
        response_200 = UsageReportOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | UsageReportOut]:
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
    account: str | Unset = UNSET,
    format_: CloudsReportsUsageListFormat | Unset = UNSET,
    from_: datetime.date,
    to: datetime.date,

) -> Response[Error | UsageReportOut]:
    """  Resources used and services rendered, per camera, account and tariff.

    Args:
        slug (str):
        account (str | Unset):
        format_ (CloudsReportsUsageListFormat | Unset):
        from_ (datetime.date):
        to (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | UsageReportOut]
     """


    kwargs = _get_kwargs(
        slug=slug,
account=account,
format_=format_,
from_=from_,
to=to,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    slug: str,
    *,
    client: AuthenticatedClient,
    account: str | Unset = UNSET,
    format_: CloudsReportsUsageListFormat | Unset = UNSET,
    from_: datetime.date,
    to: datetime.date,

) -> Error | UsageReportOut | None:
    """  Resources used and services rendered, per camera, account and tariff.

    Args:
        slug (str):
        account (str | Unset):
        format_ (CloudsReportsUsageListFormat | Unset):
        from_ (datetime.date):
        to (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | UsageReportOut
     """


    return sync_detailed(
        slug=slug,
client=client,
account=account,
format_=format_,
from_=from_,
to=to,

    ).parsed

async def asyncio_detailed(
    slug: str,
    *,
    client: AuthenticatedClient,
    account: str | Unset = UNSET,
    format_: CloudsReportsUsageListFormat | Unset = UNSET,
    from_: datetime.date,
    to: datetime.date,

) -> Response[Error | UsageReportOut]:
    """  Resources used and services rendered, per camera, account and tariff.

    Args:
        slug (str):
        account (str | Unset):
        format_ (CloudsReportsUsageListFormat | Unset):
        from_ (datetime.date):
        to (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | UsageReportOut]
     """


    kwargs = _get_kwargs(
        slug=slug,
account=account,
format_=format_,
from_=from_,
to=to,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    slug: str,
    *,
    client: AuthenticatedClient,
    account: str | Unset = UNSET,
    format_: CloudsReportsUsageListFormat | Unset = UNSET,
    from_: datetime.date,
    to: datetime.date,

) -> Error | UsageReportOut | None:
    """  Resources used and services rendered, per camera, account and tariff.

    Args:
        slug (str):
        account (str | Unset):
        format_ (CloudsReportsUsageListFormat | Unset):
        from_ (datetime.date):
        to (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | UsageReportOut
     """


    return (await asyncio_detailed(
        slug=slug,
client=client,
account=account,
format_=format_,
from_=from_,
to=to,

    )).parsed
