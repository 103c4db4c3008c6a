"""What ``OPTIONS`` answers on every API route.

DRF's default metadata introspects the view's serializer for POST/PUT, which
fails (a 500) on views whose serializer depends on the action or on the URL.
The API's description lives in the OpenAPI schema (``/api/v1/schema/``), so
OPTIONS answers only what needs no serializer: the view's name and
description, what it renders and parses; the ``Allow`` header lists the methods.
"""

from __future__ import annotations

from typing import Any

from rest_framework.metadata import SimpleMetadata
from rest_framework.request import Request


class ApiMetadata(SimpleMetadata):
    def determine_metadata(self, request: Request, view: Any) -> dict[str, Any]:
        return {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "renders": [r.media_type for r in view.renderer_classes],
            "parses": [p.media_type for p in view.parser_classes],
            "schema": "/api/v1/schema/",
        }
