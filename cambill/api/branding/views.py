"""Branding endpoints: a cloud's (its cloud admin edits, its staff read) and the
provider's (the provider admin edits, provider staff read)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from cambill.api.core.common import ApiViewSet, CloudScopedViewSet, atomic, slug_param, valid
from cambill.api.core.parsers import JSONParser
from cambill.branding.selectors import branding_get
from cambill.branding.services import branding_logo_clear, branding_logo_set, branding_update
from cambill.einvoice.selectors import provider_profile

from .serializers import BrandingOut, BrandingPatchIn, LogoIn, branding_body

PATCH_DOC = (
    "Change the colours and texts; a key left out keeps its value. Legal name, tax id and "
    "address are the issuer's legal data (`legal/`), shown here read only."
)
LOGO_DOC = (
    "Upload the logo (multipart, field `logo`): SVG, PNG or JPEG, 256 KB and 4000 px at "
    "most. Refused with `logo_too_large` (413), `logo_unreadable` (not one of the three) or "
    "`logo_unsafe` (an SVG holding a script, an event handler, a DTD or a link to another "
    "document). DELETE removes it: documents then print the issuer's name."
)


class BrandingViewSet(ApiViewSet):
    """Branding of one issuer: ``issuer_cloud()`` is the cloud, None for the provider."""

    parser_classes = [JSONParser, MultiPartParser]
    serializer_class = BrandingOut

    def issuer_cloud(self) -> Any:
        raise NotImplementedError

    def _legal(self) -> Any:
        cloud = self.issuer_cloud()
        return cloud if cloud is not None else provider_profile()

    def _out(self, branding: Any) -> Response:
        return Response(self.out(BrandingOut, branding_body(branding, self._legal())))

    def _retrieve(self) -> Response:
        return self._out(branding_get(actor=self.actor, cloud=self.issuer_cloud()))

    def _patch(self) -> Response:
        data = valid(BrandingPatchIn, self.request.data)
        with atomic():
            branding = branding_update(actor=self.actor, cloud=self.issuer_cloud(), **data)
        return self._out(branding)

    def _upload(self) -> Response:
        data = valid(LogoIn, self.request.data)
        upload = data["logo"]
        # Read one byte more than allowed: the verb refuses the oversize file by its code.
        content = upload.read(256 * 1024 + 1)
        with atomic():
            branding = branding_logo_set(actor=self.actor, cloud=self.issuer_cloud(), data=content)
        return self._out(branding)

    def _clear(self) -> Response:
        with atomic():
            branding = branding_logo_clear(actor=self.actor, cloud=self.issuer_cloud())
        return self._out(branding)


@extend_schema(parameters=[slug_param()])
class CloudBrandingViewSet(BrandingViewSet, CloudScopedViewSet):
    """The cloud's branding: its retail invoices, credit notes, e-mails and the
    subscriber portal carry it."""

    def issuer_cloud(self) -> Any:
        return self.cloud

    @extend_schema(responses=BrandingOut)
    def retrieve(self, request: Request, slug: str) -> Response:
        return self._retrieve()

    @extend_schema(request=BrandingPatchIn, responses=BrandingOut, description=PATCH_DOC)
    def partial_update(self, request: Request, slug: str) -> Response:
        return self._patch()

    @extend_schema(
        request={"multipart/form-data": LogoIn}, responses=BrandingOut, description=LOGO_DOC
    )
    def upload(self, request: Request, slug: str) -> Response:
        return self._upload()

    @extend_schema(request=None, responses={200: BrandingOut}, description=LOGO_DOC)
    def clear(self, request: Request, slug: str) -> Response:
        return self._clear()


class ProviderBrandingViewSet(BrandingViewSet):
    """The provider's branding: its wholesale invoices to the clouds carry it."""

    def issuer_cloud(self) -> Any:
        return None

    @extend_schema(responses=BrandingOut)
    def retrieve(self, request: Request) -> Response:
        return self._retrieve()

    @extend_schema(request=BrandingPatchIn, responses=BrandingOut, description=PATCH_DOC)
    def partial_update(self, request: Request) -> Response:
        return self._patch()

    @extend_schema(
        request={"multipart/form-data": LogoIn}, responses=BrandingOut, description=LOGO_DOC
    )
    def upload(self, request: Request) -> Response:
        return self._upload()

    @extend_schema(request=None, responses={200: BrandingOut}, description=LOGO_DOC)
    def clear(self, request: Request) -> Response:
        return self._clear()
