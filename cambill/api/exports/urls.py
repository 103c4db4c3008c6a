"""Export job routes, at ``/api/v1/exports/`` (a user's own files)."""

from cambill.api.core.routing import route

from .views import ExportViewSet

E = ExportViewSet

urlpatterns = [
    route(r"^exports/?$", E, {"get": "list", "post": "create"}, name="export-list"),
    route(r"^exports/(?P<pk>\d+)/?$", E, {"get": "retrieve"}, name="export-detail"),
    route(r"^exports/(?P<pk>\d+)/file/?$", E, {"get": "file"}, name="export-file"),
]
