"""Legal e-invoice documents as the API shows them (never their keys)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cambill.einvoice.choices import DocumentKind, DocumentStatus


class AuthorityReplyOut(serializers.Serializer):
    status = serializers.CharField(help_text="accepted, rejected, pending, cancelled, unavailable")
    codes = serializers.ListField(child=serializers.CharField(), help_text="The authority's codes")
    message = serializers.CharField()
    raw = serializers.CharField(help_text="The reply exactly as received")
    at = serializers.CharField(required=False)


class EInvoiceDocumentOut(serializers.Serializer):
    id = serializers.IntegerField()
    invoice = serializers.IntegerField(source="invoice_id", allow_null=True)
    credit_note = serializers.IntegerField(source="credit_note_id", allow_null=True)
    payment = serializers.IntegerField(source="payment_id", allow_null=True)
    document = serializers.ChoiceField(choices=DocumentKind.choices)
    regime = serializers.CharField(help_text="mx-cfdi40 or co-dian")
    level = serializers.CharField(help_text="retail (the cloud issues) or wholesale (the provider)")
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=DocumentStatus.choices)
    unique_code = serializers.CharField(help_text="CFDI UUID (once stamped), CUFE or CUDE")
    qr = serializers.CharField(help_text="The text of the QR the regime prescribes")
    authority_reply = serializers.SerializerMethodField()
    attempts = serializers.IntegerField()
    next_attempt_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(AuthorityReplyOut(allow_null=True))
    def get_authority_reply(self, obj: Any) -> Any:
        return obj.authority_reply or None
