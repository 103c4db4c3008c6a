"""Request and response bodies of the export jobs."""

from __future__ import annotations

from rest_framework import serializers

from cambill.api.core.common import Input, Output
from cambill.exports.choices import ExportFormat, ExportKind, ExportStatus


class ExportIn(Input):
    kind = serializers.ChoiceField(
        choices=ExportKind.values,
        help_text=(
            "`usage_report`: a cloud's usage report (params `from`, `to`: local dates "
            "YYYY-MM-DD, optional `account`: an account code). `list`: the rows of a "
            "list page of the web application with its filters and sort (params `path`, "
            'e.g. "/clouds/telenet/invoices/?status=issued"), exactly as its export '
            "buttons would give them to you."
        ),
    )
    format = serializers.ChoiceField(
        choices=ExportFormat.values,
        help_text="csv or xlsx; pdf for the usage report",
    )
    cloud = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=64,
        help_text="The cloud's slug (required for the usage report)",
    )
    params = serializers.DictField(required=False, help_text="Parameters of the kind (above)")


class ExportOut(Output):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ExportKind.values)
    format = serializers.ChoiceField(choices=ExportFormat.values)
    cloud = serializers.CharField(allow_null=True, help_text="The cloud's slug, if any")
    params = serializers.DictField()
    status = serializers.ChoiceField(
        choices=ExportStatus.values,
        help_text="queued -> running -> done | failed; a done file expires (expired)",
    )
    progress = serializers.IntegerField(help_text="0 to 100")
    rows_done = serializers.IntegerField()
    rows_total = serializers.IntegerField(allow_null=True)
    filename = serializers.CharField(allow_blank=True)
    size = serializers.IntegerField(help_text="Bytes of the file once done")
    error = serializers.CharField(allow_blank=True, help_text="Why it failed, if it did")
    download_url = serializers.CharField(
        allow_null=True, help_text="Where to GET the file (with your token) once done"
    )
    created_at = serializers.CharField()
    finished_at = serializers.CharField(allow_null=True)
    expires_at = serializers.CharField()
