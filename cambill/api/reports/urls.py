"""Report routes, under ``/api/v1/clouds/<slug>/``."""

from cambill.api.core.routing import in_cloud, route

from .views import UsageReportViewSet

urlpatterns = [
    in_cloud(
        route(r"^reports/usage/?$", UsageReportViewSet, {"get": "list"}, name="report-usage"),
    ),
]
