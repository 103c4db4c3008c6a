"""Request and response bodies of the outbox and billing-contact routes."""

from __future__ import annotations

from rest_framework import serializers

from cambill.api.core.common import Input, Output


class MessageOut(Output):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    status = serializers.CharField()
    to = serializers.ListField(child=serializers.CharField())
    subject = serializers.CharField()
    language = serializers.CharField()
    account = serializers.CharField(allow_null=True)
    invoice = serializers.CharField(allow_null=True, help_text="The attached invoice's number")
    attachment = serializers.CharField(allow_blank=True, help_text="The attachment's file name")
    attempts = serializers.IntegerField()
    last_error = serializers.CharField(allow_blank=True, help_text="The SMTP error, if any")
    next_attempt_at = serializers.CharField(allow_null=True)
    sent_at = serializers.CharField(allow_null=True)
    created_at = serializers.CharField()


class MessageDetailOut(MessageOut):
    body = serializers.CharField()


class ContactsIn(Input):
    billing_contacts = serializers.ListField(
        child=serializers.CharField(max_length=254), max_length=10, allow_empty=True
    )


class ContactsOut(Output):
    billing_contacts = serializers.ListField(child=serializers.CharField())
