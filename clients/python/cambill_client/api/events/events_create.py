from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.events_create_json_body import EventsCreateJsonBody
from ...models.events_create_json_body_item import EventsCreateJsonBodyItem
from ...models.events_create_json_body_type_0 import EventsCreateJsonBodyType0
from ...models.events_create_json_body_type_1_item import EventsCreateJsonBodyType1Item
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body:    EventsCreateJsonBody  |     list[EventsCreateJsonBodyItem]  |     EventsCreateJsonBodyType0 | list[EventsCreateJsonBodyType1Item]  | Unset = UNSET,
    cloud: str | Unset = UNSET,
    x_cambill_cloud: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_cambill_cloud, Unset):
        headers["X-Cambill-Cloud"] = x_cambill_cloud



    

    params: dict[str, Any] = {}

    params["cloud"] = cloud


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/events/",
        "params": params,
    }

    if isinstance(body, EventsCreateJsonBody):
        
        if not isinstance(body, Unset):
            _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/cloudevents+json"
    if isinstance(body, list[EventsCreateJsonBodyItem]):
        
        if not isinstance(body, Unset):
            _kwargs["json"] = []
            for body_item_data in body:
                body_item = body_item_data.to_dict()
                _kwargs["json"].append(body_item)



        headers["Content-Type"] = "application/cloudevents-batch+json"
    if isinstance(body, EventsCreateJsonBodyType0 | list[EventsCreateJsonBodyType1Item]):
        
        if isinstance(body, EventsCreateJsonBodyType0):
            _kwargs["json"] = body.to_dict()
        else:
            _kwargs["json"] = []
            for body_type_1_item_data in body:
                body_type_1_item = body_type_1_item_data.to_dict()
                _kwargs["json"].append(body_type_1_item)




        headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Error | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body:    EventsCreateJsonBody  |     list[EventsCreateJsonBodyItem]  |     EventsCreateJsonBodyType0 | list[EventsCreateJsonBodyType1Item]  | Unset = UNSET,
    cloud: str | Unset = UNSET,
    x_cambill_cloud: str | Unset = UNSET,

) -> Response[Any | Error]:
    """  Ingest CloudEvents. Each meter's reading (data.<value_path>) must be a finite number (JSON number or
    numeric string, ASCII digits) of at most 1e18 in absolute value, and not negative unless the meter
    has allow_negative. Times: RFC 3339 with an offset, years 1900-2999. data: a JSON object nested at
    most 32 levels. Body: at most 32 MiB (413 beyond). A batch with any invalid event is refused whole
    (400, fields = {index: [reason]}); nothing is stored.

    Args:
        cloud (str | Unset):
        x_cambill_cloud (str | Unset):
        body (EventsCreateJsonBody | Unset):
        body (list[EventsCreateJsonBodyItem] | Unset):
        body (EventsCreateJsonBodyType0 | list[EventsCreateJsonBodyType1Item] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
     """


    kwargs = _get_kwargs(
        body=body,
cloud=cloud,
x_cambill_cloud=x_cambill_cloud,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body:    EventsCreateJsonBody  |     list[EventsCreateJsonBodyItem]  |     EventsCreateJsonBodyType0 | list[EventsCreateJsonBodyType1Item]  | Unset = UNSET,
    cloud: str | Unset = UNSET,
    x_cambill_cloud: str | Unset = UNSET,

) -> Any | Error | None:
    """  Ingest CloudEvents. Each meter's reading (data.<value_path>) must be a finite number (JSON number or
    numeric string, ASCII digits) of at most 1e18 in absolute value, and not negative unless the meter
    has allow_negative. Times: RFC 3339 with an offset, years 1900-2999. data: a JSON object nested at
    most 32 levels. Body: at most 32 MiB (413 beyond). A batch with any invalid event is refused whole
    (400, fields = {index: [reason]}); nothing is stored.

    Args:
        cloud (str | Unset):
        x_cambill_cloud (str | Unset):
        body (EventsCreateJsonBody | Unset):
        body (list[EventsCreateJsonBodyItem] | Unset):
        body (EventsCreateJsonBodyType0 | list[EventsCreateJsonBodyType1Item] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
     """


    return sync_detailed(
        client=client,
body=body,
cloud=cloud,
x_cambill_cloud=x_cambill_cloud,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body:    EventsCreateJsonBody  |     list[EventsCreateJsonBodyItem]  |     EventsCreateJsonBodyType0 | list[EventsCreateJsonBodyType1Item]  | Unset = UNSET,
    cloud: str | Unset = UNSET,
    x_cambill_cloud: str | Unset = UNSET,

) -> Response[Any | Error]:
    """  Ingest CloudEvents. Each meter's reading (data.<value_path>) must be a finite number (JSON number or
    numeric string, ASCII digits) of at most 1e18 in absolute value, and not negative unless the meter
    has allow_negative. Times: RFC 3339 with an offset, years 1900-2999. data: a JSON object nested at
    most 32 levels. Body: at most 32 MiB (413 beyond). A batch with any invalid event is refused whole
    (400, fields = {index: [reason]}); nothing is stored.

    Args:
        cloud (str | Unset):
        x_cambill_cloud (str | Unset):
        body (EventsCreateJsonBody | Unset):
        body (list[EventsCreateJsonBodyItem] | Unset):
        body (EventsCreateJsonBodyType0 | list[EventsCreateJsonBodyType1Item] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
     """


    kwargs = _get_kwargs(
        body=body,
cloud=cloud,
x_cambill_cloud=x_cambill_cloud,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body:    EventsCreateJsonBody  |     list[EventsCreateJsonBodyItem]  |     EventsCreateJsonBodyType0 | list[EventsCreateJsonBodyType1Item]  | Unset = UNSET,
    cloud: str | Unset = UNSET,
    x_cambill_cloud: str | Unset = UNSET,

) -> Any | Error | None:
    """  Ingest CloudEvents. Each meter's reading (data.<value_path>) must be a finite number (JSON number or
    numeric string, ASCII digits) of at most 1e18 in absolute value, and not negative unless the meter
    has allow_negative. Times: RFC 3339 with an offset, years 1900-2999. data: a JSON object nested at
    most 32 levels. Body: at most 32 MiB (413 beyond). A batch with any invalid event is refused whole
    (400, fields = {index: [reason]}); nothing is stored.

    Args:
        cloud (str | Unset):
        x_cambill_cloud (str | Unset):
        body (EventsCreateJsonBody | Unset):
        body (list[EventsCreateJsonBodyItem] | Unset):
        body (EventsCreateJsonBodyType0 | list[EventsCreateJsonBodyType1Item] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
     """


    return (await asyncio_detailed(
        client=client,
body=body,
cloud=cloud,
x_cambill_cloud=x_cambill_cloud,

    )).parsed
