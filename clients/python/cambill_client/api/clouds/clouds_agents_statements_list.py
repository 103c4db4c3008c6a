from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.clouds_agents_statements_list_format import CloudsAgentsStatementsListFormat
from ...models.clouds_agents_statements_list_lang import CloudsAgentsStatementsListLang
from ...models.error import Error
from ...models.statement_out import StatementOut
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    slug: str,
    code: str,
    *,
    format_: CloudsAgentsStatementsListFormat | Unset = UNSET,
    lang: CloudsAgentsStatementsListLang | Unset = UNSET,
    period: str,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    json_lang: str | Unset = UNSET
    if not isinstance(lang, Unset):
        json_lang = lang.value

    params["lang"] = json_lang

    params["period"] = period


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/clouds/{slug}/agents/{code}/statements/".format(slug=quote(str(slug), safe=""),code=quote(str(code), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | StatementOut | None:
    if response.status_code == 200:
        response_200 = StatementOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | StatementOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    slug: str,
    code: str,
    *,
    client: AuthenticatedClient,
    format_: CloudsAgentsStatementsListFormat | Unset = UNSET,
    lang: CloudsAgentsStatementsListLang | Unset = UNSET,
    period: str,

) -> Response[Error | StatementOut]:
    """  An agent's commission statement for one billing period. An agent reads
    only its own; its downline appears as totals per agent.

    Args:
        slug (str):
        code (str):
        format_ (CloudsAgentsStatementsListFormat | Unset):
        lang (CloudsAgentsStatementsListLang | Unset):
        period (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | StatementOut]
     """


    kwargs = _get_kwargs(
        slug=slug,
code=code,
format_=format_,
lang=lang,
period=period,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    slug: str,
    code: str,
    *,
    client: AuthenticatedClient,
    format_: CloudsAgentsStatementsListFormat | Unset = UNSET,
    lang: CloudsAgentsStatementsListLang | Unset = UNSET,
    period: str,

) -> Error | StatementOut | None:
    """  An agent's commission statement for one billing period. An agent reads
    only its own; its downline appears as totals per agent.

    Args:
        slug (str):
        code (str):
        format_ (CloudsAgentsStatementsListFormat | Unset):
        lang (CloudsAgentsStatementsListLang | Unset):
        period (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | StatementOut
     """


    return sync_detailed(
        slug=slug,
code=code,
client=client,
format_=format_,
lang=lang,
period=period,

    ).parsed

async def asyncio_detailed(
    slug: str,
    code: str,
    *,
    client: AuthenticatedClient,
    format_: CloudsAgentsStatementsListFormat | Unset = UNSET,
    lang: CloudsAgentsStatementsListLang | Unset = UNSET,
    period: str,

) -> Response[Error | StatementOut]:
    """  An agent's commission statement for one billing period. An agent reads
    only its own; its downline appears as totals per agent.

    Args:
        slug (str):
        code (str):
        format_ (CloudsAgentsStatementsListFormat | Unset):
        lang (CloudsAgentsStatementsListLang | Unset):
        period (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | StatementOut]
     """


    kwargs = _get_kwargs(
        slug=slug,
code=code,
format_=format_,
lang=lang,
period=period,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    slug: str,
    code: str,
    *,
    client: AuthenticatedClient,
    format_: CloudsAgentsStatementsListFormat | Unset = UNSET,
    lang: CloudsAgentsStatementsListLang | Unset = UNSET,
    period: str,

) -> Error | StatementOut | None:
    """  An agent's commission statement for one billing period. An agent reads
    only its own; its downline appears as totals per agent.

    Args:
        slug (str):
        code (str):
        format_ (CloudsAgentsStatementsListFormat | Unset):
        lang (CloudsAgentsStatementsListLang | Unset):
        period (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | StatementOut
     """


    return (await asyncio_detailed(
        slug=slug,
code=code,
client=client,
format_=format_,
lang=lang,
period=period,

    )).parsed
