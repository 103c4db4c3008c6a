"""Renderers of downloads: the prepared bytes of a CSV, XLSX or PDF pass through.

DRF reads ``?format=`` to pick a renderer, so each download format has one; an
error body (a dict) is still rendered as JSON.
"""

from __future__ import annotations

import json
from typing import Any

from rest_framework import renderers


class _Passthrough(renderers.BaseRenderer):
    """Bytes pass through; an error body (a dict) is still JSON."""

    charset = None

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        if isinstance(data, bytes | bytearray):
            return bytes(data)
        if isinstance(data, str):
            return data.encode()
        return json.dumps(data, default=str).encode()


class CSVRenderer(_Passthrough):
    media_type = "text/csv"
    format = "csv"


class XLSXRenderer(_Passthrough):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"


class PDFRenderer(_Passthrough):
    media_type = "application/pdf"
    format = "pdf"
