from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("cambill.api.urls")),
    path("", include("cambill.web.urls")),
]

# Under /api/ the error shape, elsewhere the product's pages (never a traceback).
handler400 = "cambill.api.core.handlers.bad_request"
handler403 = "cambill.api.core.handlers.permission_denied"
handler404 = "cambill.api.core.handlers.page_not_found"
handler500 = "cambill.api.core.handlers.server_error"
