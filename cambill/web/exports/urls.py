"""A user's exports (``/exports/``): the same for every role, each sees only its own."""

from django.urls import path

from cambill.web.exports import views as v

urlpatterns = [
    path("exports/", v.ExportListView.as_view(), name="export_list"),
    path("exports/new/", v.ExportRequestView.as_view(), name="export_request"),
    path("exports/<int:pk>/", v.ExportDetailView.as_view(), name="export_detail"),
    path("exports/<int:pk>/download/", v.ExportDownloadView.as_view(), name="export_download"),
]
