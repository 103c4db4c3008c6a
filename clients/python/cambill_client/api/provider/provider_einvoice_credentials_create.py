from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.credential_out import CredentialOut
from ...models.credential_upload_in_request import CredentialUploadInRequest
from ...models.error import Error
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: CredentialUploadInRequest | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/provider/einvoice/credentials/",
    }

    if not isinstance(body, Unset):
        _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CredentialOut | Error | None:
    if response.status_code == 201:
        response_201 = CredentialOut.from_dict(response.json())



        return response_201

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[CredentialOut | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CredentialUploadInRequest | Unset = UNSET,

) -> Response[CredentialOut | Error]:
    """  Upload a signing certificate and its key: a CSD as SAT issues it (`certificate`, the DER .cer, and
    `private_key`, the encrypted DER PKCS#8 .key, with `password`), or one `pkcs12` file with its
    `password`. Refused with 400 and a code: `certificate_wrong_password`, `certificate_expired`,
    `certificate_tax_id_mismatch` (the certificate names another tax id than the issuer's legal data),
    `certificate_key_mismatch`, `certificate_unreadable`. The key is stored encrypted and never
    returned.

    Args:
        body (CredentialUploadInRequest | Unset): A CSD as SAT issues it (``certificate`` and
            ``private_key``), or ``pkcs12``.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CredentialOut | Error]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: CredentialUploadInRequest | Unset = UNSET,

) -> CredentialOut | Error | None:
    """  Upload a signing certificate and its key: a CSD as SAT issues it (`certificate`, the DER .cer, and
    `private_key`, the encrypted DER PKCS#8 .key, with `password`), or one `pkcs12` file with its
    `password`. Refused with 400 and a code: `certificate_wrong_password`, `certificate_expired`,
    `certificate_tax_id_mismatch` (the certificate names another tax id than the issuer's legal data),
    `certificate_key_mismatch`, `certificate_unreadable`. The key is stored encrypted and never
    returned.

    Args:
        body (CredentialUploadInRequest | Unset): A CSD as SAT issues it (``certificate`` and
            ``private_key``), or ``pkcs12``.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CredentialOut | Error
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CredentialUploadInRequest | Unset = UNSET,

) -> Response[CredentialOut | Error]:
    """  Upload a signing certificate and its key: a CSD as SAT issues it (`certificate`, the DER .cer, and
    `private_key`, the encrypted DER PKCS#8 .key, with `password`), or one `pkcs12` file with its
    `password`. Refused with 400 and a code: `certificate_wrong_password`, `certificate_expired`,
    `certificate_tax_id_mismatch` (the certificate names another tax id than the issuer's legal data),
    `certificate_key_mismatch`, `certificate_unreadable`. The key is stored encrypted and never
    returned.

    Args:
        body (CredentialUploadInRequest | Unset): A CSD as SAT issues it (``certificate`` and
            ``private_key``), or ``pkcs12``.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CredentialOut | Error]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CredentialUploadInRequest | Unset = UNSET,

) -> CredentialOut | Error | None:
    """  Upload a signing certificate and its key: a CSD as SAT issues it (`certificate`, the DER .cer, and
    `private_key`, the encrypted DER PKCS#8 .key, with `password`), or one `pkcs12` file with its
    `password`. Refused with 400 and a code: `certificate_wrong_password`, `certificate_expired`,
    `certificate_tax_id_mismatch` (the certificate names another tax id than the issuer's legal data),
    `certificate_key_mismatch`, `certificate_unreadable`. The key is stored encrypted and never
    returned.

    Args:
        body (CredentialUploadInRequest | Unset): A CSD as SAT issues it (``certificate`` and
            ``private_key``), or ``pkcs12``.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CredentialOut | Error
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
