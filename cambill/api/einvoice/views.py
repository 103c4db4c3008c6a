"""Legal data (clouds, accounts, the provider) and e-invoice signing certificates.

``GET/PATCH clouds/{slug}/legal/``, ``clouds/{slug}/accounts/{code}/legal/`` and
``provider/legal/``; ``GET/POST clouds/{slug}/einvoice/credentials/`` and
``provider/einvoice/credentials/`` (multipart upload), ``DELETE .../{id}/``.
Certificates are listed by their facts; a private key never leaves the server.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from cambill.api.core.common import (
    ApiViewSet,
    CloudScopedViewSet,
    atomic,
    fake,
    field_error,
    slug_param,
    valid,
)
from cambill.api.core.parsers import JSONParser
from cambill.clouds.selectors import account_get
from cambill.core import clock
from cambill.einvoice.selectors import (
    credential_get,
    credential_list,
    credential_none,
    legal_of,
    provider_legal_get,
    secrets_set,
)
from cambill.einvoice.services import (
    account_legal_update,
    cloud_legal_update,
    credential_delete,
    credential_upload,
    provider_legal_update,
)

from .serializers import (
    AccountLegalOut,
    AccountLegalPatchIn,
    CloudLegalOut,
    CloudLegalPatchIn,
    CredentialOut,
    CredentialUploadIn,
    ProviderLegalOut,
    ProviderLegalPatchIn,
)

# A certificate or key is a few kilobytes; anything far larger is not one.
MAX_UPLOAD = 64 * 1024


def legal_body(party: Any, **extra: Any) -> dict[str, Any]:
    return {**legal_of(party), "secrets_set": secrets_set(party), **extra}


def code_param() -> OpenApiParameter:
    return OpenApiParameter("code", str, OpenApiParameter.PATH, description="The account's code.")


@extend_schema(parameters=[slug_param()])
class CloudLegalViewSet(CloudScopedViewSet):
    """The cloud's legal data and e-invoicing regime (its cloud admin edits them)."""

    serializer_class = CloudLegalOut

    @extend_schema(responses=CloudLegalOut)
    def retrieve(self, request: Request, slug: str) -> Response:
        return Response(self.out(CloudLegalOut, legal_body(self.cloud)))

    @extend_schema(request=CloudLegalPatchIn, responses=CloudLegalOut)
    def partial_update(self, request: Request, slug: str) -> Response:
        data = valid(CloudLegalPatchIn, request.data)
        with atomic():
            cloud = cloud_legal_update(actor=self.actor, cloud=self.cloud, **data)
        return Response(self.out(CloudLegalOut, legal_body(cloud)))


@extend_schema(parameters=[slug_param(), code_param()])
class AccountLegalViewSet(CloudScopedViewSet):
    """An account's legal data as receiver of e-invoices: its cloud admin edits
    them; whoever sees the account (its manager, the subscriber) reads them."""

    serializer_class = AccountLegalOut

    def _account(self, code: str) -> Any:
        return account_get(actor=self.actor, cloud=self.cloud, code=code)

    @extend_schema(responses=AccountLegalOut)
    def retrieve(self, request: Request, slug: str, code: str) -> Response:
        return Response(self.out(AccountLegalOut, legal_body(self._account(code))))

    @extend_schema(request=AccountLegalPatchIn, responses=AccountLegalOut)
    def partial_update(self, request: Request, slug: str, code: str) -> Response:
        account = self._account(code)
        data = valid(AccountLegalPatchIn, request.data)
        with atomic():
            account = account_legal_update(actor=self.actor, account=account, **data)
        return Response(self.out(AccountLegalOut, legal_body(account)))


class ProviderLegalViewSet(ApiViewSet):
    """The provider's legal data as issuer of wholesale invoices (its admin edits
    them; the settings only give their first values)."""

    serializer_class = ProviderLegalOut

    def _body(self, profile: Any) -> dict[str, Any]:
        return legal_body(profile, name=profile.name, email=profile.email, address=profile.address)

    @extend_schema(responses=ProviderLegalOut)
    def retrieve(self, request: Request) -> Response:
        return Response(
            self.out(ProviderLegalOut, self._body(provider_legal_get(actor=self.actor)))
        )

    @extend_schema(request=ProviderLegalPatchIn, responses=ProviderLegalOut)
    def partial_update(self, request: Request) -> Response:
        data = valid(ProviderLegalPatchIn, request.data)
        with atomic():
            profile = provider_legal_update(actor=self.actor, **data)
        return Response(self.out(ProviderLegalOut, self._body(profile)))


UPLOAD_DOC = (
    "Upload a signing certificate and its key: a CSD as SAT issues it (`certificate`, the "
    "DER .cer, and `private_key`, the encrypted DER PKCS#8 .key, with `password`), or one "
    "`pkcs12` file with its `password`. Refused with 400 and a code: "
    "`certificate_wrong_password`, `certificate_expired`, `certificate_tax_id_mismatch` (the "
    "certificate names another tax id than the issuer's legal data), "
    "`certificate_key_mismatch`, `certificate_unreadable`. The key is stored encrypted and "
    "never returned."
)


class CredentialsViewSet(ApiViewSet):
    """Certificates of one issuer: ``issuer_cloud()`` is the cloud, or None for the provider."""

    parser_classes = [MultiPartParser, JSONParser]
    filter_backends: list[Any] = []
    queryset = credential_none()
    serializer_class = CredentialOut

    def issuer_cloud(self) -> Any:
        raise NotImplementedError

    def get_queryset(self) -> Any:
        if fake(self):
            return credential_none()
        return credential_list(actor=self.actor, cloud=self.issuer_cloud())

    def _out(self, obj: Any, many: bool = False) -> Any:
        ctx = {**self.get_serializer_context(), "now": clock.now()}
        return CredentialOut(obj, many=many, context=ctx).data

    def _list(self) -> Response:
        qs = self.get_queryset()
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self._out(page, many=True))

    def _upload(self) -> Response:
        data = valid(CredentialUploadIn, self.request.data)
        files: dict[str, bytes | None] = {}
        for name in ("certificate", "private_key", "pkcs12"):
            upload = data.get(name)
            if upload is not None and upload.size > MAX_UPLOAD:
                raise field_error(name, _("A certificate or key file is a few kilobytes at most."))
            files[name] = upload.read() if upload is not None else None
        with atomic():
            cred = credential_upload(
                actor=self.actor,
                cloud=self.issuer_cloud(),
                certificate=files["certificate"],
                private_key=files["private_key"],
                pkcs12=files["pkcs12"],
                password=data.get("password", ""),
            )
        return Response(self._out(cred), status=status.HTTP_201_CREATED)

    def _delete(self, pk: str) -> Response:
        cred = credential_get(actor=self.actor, cloud=self.issuer_cloud(), pk=int(pk))
        with atomic():
            credential_delete(actor=self.actor, credential=cred)
        return Response(status=status.HTTP_204_NO_CONTENT)


ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The certificate's id.")


@extend_schema(parameters=[slug_param()])
class CloudCredentialViewSet(CredentialsViewSet, CloudScopedViewSet):
    """The cloud's e-invoice signing certificates (its cloud admin's)."""

    def issuer_cloud(self) -> Any:
        return self.cloud

    @extend_schema(responses=CredentialOut(many=True))
    def list(self, request: Request, slug: str) -> Response:
        return self._list()

    @extend_schema(
        request={"multipart/form-data": CredentialUploadIn},
        responses={201: CredentialOut},
        description=UPLOAD_DOC,
    )
    def create(self, request: Request, slug: str) -> Response:
        return self._upload()

    @extend_schema(parameters=[ID], responses={204: None})
    def destroy(self, request: Request, slug: str, pk: str) -> Response:
        return self._delete(pk)


class ProviderCredentialViewSet(CredentialsViewSet):
    """The provider's e-invoice signing certificates (the provider admin's)."""

    def issuer_cloud(self) -> Any:
        return None

    @extend_schema(responses=CredentialOut(many=True))
    def list(self, request: Request) -> Response:
        return self._list()

    @extend_schema(
        request={"multipart/form-data": CredentialUploadIn},
        responses={201: CredentialOut},
        description=UPLOAD_DOC,
    )
    def create(self, request: Request) -> Response:
        return self._upload()

    @extend_schema(parameters=[ID], responses={204: None})
    def destroy(self, request: Request, pk: str) -> Response:
        return self._delete(pk)
