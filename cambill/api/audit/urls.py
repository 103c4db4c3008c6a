"""The audit trail route, at ``/api/v1/``."""

from cambill.api.core.routing import route

from .views import AuditViewSet

urlpatterns = [
    route(r"^audit/$", AuditViewSet, {"get": "list"}, name="audit-list"),
]
